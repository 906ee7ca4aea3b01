import type { components } from './generated/schema';

export type ErrorCode = components['schemas']['ErrorBody']['code'];
export type ErrorDetail = components['schemas']['ErrorDetail'];

/**
 * An error answer of the API (its one envelope): branch on `code`, quote `request_id` when
 * reporting a problem. Thrown after the retries this call allowed are used up.
 */
export class StewardError extends Error {
  override readonly name = 'StewardError';

  constructor(
    /** Stable, machine-readable (`email_taken`, `precondition_failed`, …); `unknown_error` when the answer was not the API's envelope (e.g. a proxy's). */
    readonly code: ErrorCode | 'unknown_error',
    message: string,
    readonly status: number,
    readonly request_id: string | null,
    readonly details: ErrorDetail[] = [],
    readonly headers: Headers = new Headers(),
  ) {
    super(message);
  }

  /** The error of a response that is not 2xx (its body already read as text). */
  static fromResponse(status: number, headers: Headers, text: string): StewardError {
    const requestId = headers.get('x-request-id');
    try {
      const { error } = JSON.parse(text) as { error?: components['schemas']['ErrorBody'] };
      if (error && typeof error.code === 'string') {
        return new StewardError(error.code, error.message, status, error.request_id ?? requestId, error.details ?? [], headers);
      }
    } catch {
      // not the envelope: below
    }
    return new StewardError('unknown_error', `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`, status, requestId, [], headers);
  }
}

/** The API could not be reached (connection refused, reset, timed out) after the retries allowed. */
export class StewardConnectionError extends Error {
  override readonly name = 'StewardConnectionError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
