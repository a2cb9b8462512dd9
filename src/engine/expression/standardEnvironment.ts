/**
 * The names every activation expression may use: the built-ins plus every elementwise
 * activation of the registry (and its aliases), with its parameters as optional extra arguments,
 * e.g. leaky_relu(x, 0.2) or elu(x, 0.5).
 */
import { ACTIVATIONS, type ActivationSpec } from '../activations/registry';
import { makeEnvironment, type ExpressionEnvironment, type FunctionSignature } from './environment';

function activationSignature(name: string, spec: ActivationSpec): FunctionSignature {
  const params = spec.params.map((p) => p.name);
  return {
    name,
    minArgs: 1,
    maxArgs: 1 + params.length,
    usage: params.length === 0 ? `${name}(x)` : `${name}(x, ${params.join(', ')})`,
  };
}

/** Activation functions by every accepted name (registry keys and aliases). */
export const EXPRESSION_ACTIVATIONS: ReadonlyMap<string, ActivationSpec> = new Map(
  ACTIVATIONS.filter((a) => a.kind === 'elementwise').flatMap((a) => [a.name, ...a.aliases].map((n) => [n, a] as const)),
);

const ACTIVATION_SIGNATURES = [...EXPRESSION_ACTIVATIONS].map(([name, spec]) => activationSignature(name, spec));

export const STANDARD_ENVIRONMENT: ExpressionEnvironment = makeEnvironment(ACTIVATION_SIGNATURES);

/** The same names with two variables, for surfaces f(x, y). */
export const SURFACE_ENVIRONMENT: ExpressionEnvironment = makeEnvironment(ACTIVATION_SIGNATURES, ['x', 'y']);
