/**
 * A CLI subcommand: its name, a one-line summary, its usage text, and `run`, which returns the exit
 * code. Exit codes: 0 success, 1 the work failed (invalid config, diverged run...), 2 bad usage.
 */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: readonly string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  readonly isTTY: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A usage error: main prints the message and the command's usage, then exits 2. */
export class UsageError extends Error {}
