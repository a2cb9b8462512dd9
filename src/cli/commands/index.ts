import type { CliCommand } from '../command';
import { validateCommand } from './validate';
import { activationsCommand } from './activations';
import { plotCommand } from './plot';
import { depthCommand } from './depth';
import { trainCommand } from './train';
import { exportPytorchCommand } from './exportPytorch';
import { landscapeCommand } from './landscape';

/** Every subcommand, in the order `gradlab --help` lists them. Add one line per command. */
export const COMMANDS: readonly CliCommand[] = [
  validateCommand,
  activationsCommand,
  plotCommand,
  depthCommand,
  trainCommand,
  exportPytorchCommand,
  landscapeCommand,
];
