/** The logger shape a projection has (Nest's Logger fits). */
interface ErrorLogger {
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * For a projection whose batch failed (the subscriber will redeliver it): logs and returns an
 * error that carries only the failure's name, message and code. Database errors carry the
 * statement's parameters (names, emails, hashes), which must reach neither the log nor kafkajs.
 */
export function batchFailure(logger: ErrorLogger, what: string, events: number, error: unknown): Error {
  const { name, message, code } = error as { name?: string; message?: string; code?: string };
  logger.error({ err: { name, message, code }, events }, `${what} batch failed; it will be redelivered`);
  return new Error(`${what} batch failed: ${message ?? name ?? 'unknown error'}`);
}
