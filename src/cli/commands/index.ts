import type { CliCommand } from '../command';

/** Every subcommand, in the order `gradlab --help` lists them. Add one line per command. */
export const COMMANDS: readonly CliCommand[] = [
];
