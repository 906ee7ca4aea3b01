import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type ErrorDetail } from '@steward/contracts';

function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.keys(e.constraints ?? {}).map((constraint) => ({
      field,
      issue: constraint === 'whitelistValidation' ? 'unknown_field' : constraint,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

function firstMessage(errors: ValidationError[]): string {
  for (const e of errors) {
    const message = Object.values(e.constraints ?? {})[0];
    if (message) return message;
    const nested = firstMessage(e.children ?? []);
    if (nested) return nested;
  }
  return 'invalid request';
}

/**
 * Bodies and query strings are validated against DTOs; unknown fields are rejected, not ignored
 * (API.md). Failures become `invalid_request` with one detail per field.
 */
export function stewardValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: true,
    exceptionFactory: (errors) => new DomainError('invalid_request', firstMessage(errors), flatten(errors)),
  });
}
