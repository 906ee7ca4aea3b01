/**
 * Whether an error says a store (Postgres) could not be reached or dropped the connection,
 * rather than that the handler is wrong: the RPC answer is then `unavailable` (503, outcome
 * unknown, retry later), not `internal` (500). Found by the chaos suite restarting Postgres.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
// SQLSTATE 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now; class 08 is
// "connection exception".
const SQLSTATES = new Set(['57P01', '57P02', '57P03']);

export function isStoreUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (typeof message === 'string' && /^Connection terminated/.test(message)) return true;
    // TypeORM's QueryFailedError keeps the driver's error.
    e = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}
