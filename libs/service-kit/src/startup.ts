import { ConfigError } from './config';

/** Exit code of a start refused for its configuration (sysexits' EX_CONFIG). */
export const CONFIG_EXIT_CODE = 78;

/**
 * Runs every settings loader of an app (each reads and checks its variables) before the app
 * connects to anything, and reports every bad variable at once, not only the first.
 */
export function validateSettings(loaders: Array<() => unknown>): void {
  const problems: string[] = [];
  for (const load of loaders) {
    try {
      load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length) throw new ConfigError([...new Set(problems)].join('; '));
}

/**
 * What a failed start prints and exits with: a configuration error is one plain line naming the
 * variable (no stack: nothing is wrong with the code); anything else a JSON `fatal` line with its
 * stack, like every other log line.
 */
export function startupFailure(app: string, error: unknown): { exitCode: number; line: string } {
  if (error instanceof ConfigError) return { exitCode: CONFIG_EXIT_CODE, line: `${app}: configuration error: ${error.message}\n` };
  const err = String((error as Error)?.stack ?? error);
  return { exitCode: 1, line: `${JSON.stringify({ level: 'fatal', service: app, msg: 'failed to start', err })}\n` };
}

/** The `.catch` of an app's start: prints the failure and exits. */
export function exitOnStartupFailure(app: string): (error: unknown) => never {
  return (error) => {
    const { exitCode, line } = startupFailure(app, error);
    process.stderr.write(line);
    process.exit(exitCode);
  };
}
