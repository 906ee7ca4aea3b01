import { ApiExtension, ApiProperty } from '@nestjs/swagger';
import { ERROR_STATUS, type ErrorCode, type ErrorDetail, type ErrorEnvelope } from '@steward/contracts';

const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** What each code means wherever it is answered; an operation may say more (`ApiErrors`). */
export const ERROR_CODE_MEANINGS: Record<ErrorCode, string> = {
  invalid_request: 'the query, the body or a header is invalid; `details` names each field and its issue',
  invalid_json: 'the body is not valid JSON',
  unauthorized: 'no `Authorization: Bearer <api key>` header',
  invalid_api_key: 'the API key is unknown, revoked or expired',
  insufficient_scope: 'the API key lacks the scope this call needs',
  not_found: "no such resource in the API key's organization",
  method_not_allowed: 'the path exists, not with this method (`Allow` lists the methods)',
  conflict: 'the request conflicts with the current state',
  email_taken: 'another user of the organization has this email (case-insensitive)',
  gone: 'it was there and is no more',
  precondition_failed: '`If-Match` names a version that is no longer the current one',
  payload_too_large: 'the body is over 1 MiB',
  unsupported_media_type: 'a body that is not `application/json`',
  idempotency_mismatch: 'this `Idempotency-Key` was used with another request (method, path or body)',
  rate_limited: "the API key's rate limit is used up; retry after `Retry-After` seconds",
  internal: 'an unexpected error (reported, never a client mistake)',
  unavailable: 'a service behind the gateway could not answer in time; nothing was done, retry later',
};

export class ErrorDetailSchema implements ErrorDetail {
  @ApiProperty({ description: 'The field (or header, or query parameter) at fault.', example: 'email' })
  field!: string;

  @ApiProperty({ description: 'What is wrong with it (a validator name such as `isEmail`, or `unknown_field`, `format`…).', example: 'isEmail' })
  issue!: string;
}

export class ErrorBodySchema {
  @ApiProperty({ enum: ERROR_CODES, description: 'Stable, machine-readable: branch on this, not on `message`.', example: 'invalid_request' })
  code!: ErrorCode;

  @ApiProperty({ description: 'For humans; may change.', example: 'email must be a valid address' })
  message!: string;

  @ApiProperty({ type: 'integer', description: 'The HTTP status, repeated.', example: 400 })
  status!: number;

  @ApiProperty({ description: 'The `X-Request-Id` of the request: quote it when reporting a problem.', example: 'req_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  request_id!: string;

  @ApiProperty({ type: [ErrorDetailSchema], required: false, description: 'Per-field issues (validation errors).' })
  details?: ErrorDetailSchema[];
}

/** The one error envelope of every error response (API.md "Errors"), as ErrorEnvelopeFilter renders it. */
export class ErrorEnvelopeSchema implements ErrorEnvelope {
  @ApiProperty({ type: ErrorBodySchema })
  error!: ErrorBodySchema;
}

/** Schema names (in `components.schemas`) the document builder refers to. */
export const ERROR_ENVELOPE_SCHEMA = 'ErrorEnvelope';

/** Extension carrying an operation's own error codes until the document builder turns them into responses. */
export const ERROR_CODES_EXTENSION = 'x-error-codes';

export type ErrorCodeList = (ErrorCode | Partial<Record<ErrorCode, string>>)[];

/**
 * The errors an operation answers beyond those every operation of its kind answers (the
 * document builder adds those: 401/403/429 for a key, 400 for a body or query, 404 for a path
 * id, 412 for `If-Match`…). A code alone takes its usual meaning; `{code: 'why here'}` says
 * what it means for this operation.
 */
export function ApiErrors(...codes: ErrorCodeList): MethodDecorator {
  const described: Partial<Record<ErrorCode, string>> = {};
  for (const entry of codes) {
    if (typeof entry === 'string') described[entry] ??= ERROR_CODE_MEANINGS[entry];
    else Object.assign(described, entry);
  }
  return ApiExtension(ERROR_CODES_EXTENSION, described);
}

type ResponseObject = Record<string, unknown>;

/** `components.examples` of the document: one error envelope per code, which error responses refer to. */
export function errorExamples(): Record<string, ResponseObject> {
  return Object.fromEntries(
    ERROR_CODES.map((code) => {
      const meaning = ERROR_CODE_MEANINGS[code];
      const message = meaning.charAt(0).toUpperCase() + meaning.slice(1).replace(/`/g, '');
      const value: ErrorEnvelope = {
        error: {
          code,
          message,
          status: ERROR_STATUS[code],
          request_id: 'req_01jdq3c2m5f8ve4r0s6t7w9x1y',
          ...(code === 'invalid_request' ? { details: [{ field: 'email', issue: 'isEmail' }] } : {}),
        },
      };
      return [errorExampleName(code), { summary: code, value }];
    }),
  );
}

const errorExampleName = (code: ErrorCode) => `error_${code}`;

/** One response per status, listing its codes (with what each means here) and an example of each. */
export function errorResponses(codes: Partial<Record<ErrorCode, string>>): Record<string, ResponseObject> {
  const byStatus = new Map<number, [ErrorCode, string][]>();
  for (const code of ERROR_CODES) {
    const meaning = codes[code];
    if (meaning === undefined) continue;
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), [code, meaning]]);
  }
  const responses: Record<string, ResponseObject> = {};
  for (const [status, entries] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: entries.map(([code, meaning]) => `\`${code}\`: ${meaning}.`).join(' '),
      content: {
        'application/json': {
          schema: { $ref: `#/components/schemas/${ERROR_ENVELOPE_SCHEMA}` },
          examples: Object.fromEntries(entries.map(([code]) => [code, { $ref: `#/components/examples/${errorExampleName(code)}` }])),
        },
      },
    };
  }
  return responses;
}
