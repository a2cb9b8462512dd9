/** Small, strict option parsing for the training commands: unknown options are usage errors. */
import { UsageError } from './command';

export interface ParsedArgs {
  readonly positional: string[];
  readonly flags: Set<string>;
  readonly values: Map<string, string>;
}

/** `flags` take no value (--json); `valued` take one (--steps N or --steps=N). */
export function parseArgs(args: readonly string[], flags: readonly string[], valued: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: new Set(), values: new Map() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-') || arg === '-') {
      out.positional.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flags.includes(name) && inline === undefined) out.flags.add(name);
    else if (valued.includes(name)) {
      const value = inline ?? separateValue(name, args[++i]);
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      out.values.set(name, value);
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return out;
}

export function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, got ${value}`);
  return n;
}

/**
 * The word after an option that takes a value (`--svg FILE`), refused when it is itself an option name, so
 * `--svg --json` is a usage error instead of a file named "--json". A value that really starts with `--` can be
 * given inline: `--svg=--json`. (A single dash is a value: `-` for stdin, `-x * sigmoid(x)`, `--from -3`.)
 */
export function separateValue(option: string, next: string | undefined): string | undefined {
  if (next !== undefined && /^--./.test(next)) {
    throw new UsageError(`${option} needs a value, but ${next} is an option (for a value that starts with --, write ${option}=${next})`);
  }
  return next;
}
