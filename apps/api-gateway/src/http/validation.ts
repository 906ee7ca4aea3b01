import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
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

/**
 * Keys every object has (`constructor`, `prototype`) pass class-validator's whitelist as if they
 * were declared fields (`__proto__` is already refused by Fastify's JSON parser): a body field of
 * that name is refused here as the unknown field it is. Only the top level: nested DTOs are rare,
 * and free-form JSON (template content) is stored as sent.
 */
export function reservedFieldError(body: unknown): DomainError | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const field = ['constructor', 'prototype', '__proto__'].find((name) => Object.prototype.hasOwnProperty.call(body, name));
  return field === undefined ? undefined : new DomainError('invalid_request', `property ${field} should not exist`, [{ field, issue: 'unknown_field' }]);
}

/**
 * A field that may be left out but, when sent, must be valid: `null` is validated like any other
 * value (and refused by the type check). class-validator's `@IsOptional()` skips `null` too, so
 * it is kept only for the fields whose type says `| null` (null clears or means "none").
 */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined);
}
