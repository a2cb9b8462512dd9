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

/** stdout carries only the data a command produces; progress, status and errors go to stderr. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  readonly isTTY: boolean;
  /** Standard input, read when a FILE argument is `-` (process.stdin when absent). */
  readonly stdin?: NodeJS.ReadableStream;
  /** stderr is a terminal: a progress bar may redraw its line there. */
  readonly errIsTTY?: boolean;
  /** Writes to stderr as is, without a newline (a progress bar's redraw). */
  errRaw?(text: string): void;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A usage error: main prints the message and the command's usage, then exits 2. */
export class UsageError extends Error {}
