/**
 * What names an expression may use: the variable x, the constants pi and e, and functions with
 * their number of arguments. The parser checks names against an environment; the compiler
 * supplies the standard one (built-ins plus every elementwise activation of the registry).
 */

export interface FunctionSignature {
  readonly name: string;
  /** Smallest and largest number of arguments accepted. */
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Short usage shown in errors and help, e.g. "max(a, b)". */
  readonly usage: string;
}

export interface ExpressionEnvironment {
  readonly variables: readonly string[];
  readonly constants: ReadonlyMap<string, number>;
  readonly functions: ReadonlyMap<string, FunctionSignature>;
}

export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

/** The built-in mathematical functions (activations are added from the registry). */
export const BUILTIN_FUNCTIONS: readonly FunctionSignature[] = [
  fn('exp', 1), fn('log', 1), fn('sqrt', 1), fn('abs', 1), fn('sin', 1), fn('cos', 1), fn('erf', 1),
  { name: 'max', minArgs: 2, maxArgs: 2, usage: 'max(a, b)' },
  { name: 'min', minArgs: 2, maxArgs: 2, usage: 'min(a, b)' },
  { name: 'pow', minArgs: 2, maxArgs: 2, usage: 'pow(base, exponent)' },
  { name: 'where', minArgs: 3, maxArgs: 3, usage: 'where(condition, if_true, if_false)' },
];

function fn(name: string, args: number): FunctionSignature {
  return { name, minArgs: args, maxArgs: args, usage: `${name}(x)` };
}

/** An environment with `variables` (x alone by default), the constants, the built-ins and `extra` functions. */
export function makeEnvironment(
  extra: readonly FunctionSignature[] = [], variables: readonly string[] = ['x'],
): ExpressionEnvironment {
  const functions = new Map<string, FunctionSignature>();
  for (const f of [...BUILTIN_FUNCTIONS, ...extra]) functions.set(f.name, f);
  return { variables, constants: CONSTANTS, functions };
}
