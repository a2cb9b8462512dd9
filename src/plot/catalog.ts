/**
 * What can be plotted: the engine's activation registry and custom expressions compiled by the
 * engine's parser. One small seam so the quick pick (host), the page and the CLI name, describe and
 * evaluate curves the same way. Pure.
 */

import {
  ACTIVATIONS as REGISTRY,
  compileExpression,
  findActivation as findSpec,
  resolveActivation,
  type ActivationSpec,
  type Tensor,
} from '../engine';
import type { CurveSource } from '../protocol';

export type { ActivationSpec };

/** Every registry entry, in registry order (elementwise ones, then softmax and log_softmax). */
export const ACTIVATIONS: readonly ActivationSpec[] = REGISTRY;

export function findActivation(name: string): ActivationSpec | undefined {
  return findSpec(name);
}

/** Softmax and log_softmax act on a vector: they get the interactive example, not a curve. */
export function isVectorActivation(spec: ActivationSpec): boolean {
  return spec.kind === 'normalizer';
}

export type ExpressionCheck =
  | { readonly ok: true; readonly apply: (x: Tensor) => Tensor }
  /** `message` names the position ("... at column 5"); start/end are string offsets of the culprit. */
  | { readonly ok: false; readonly message: string; readonly start: number; readonly end: number };

/** Compiles an expression in x with the engine's parser (no eval): the function, or an error with its position. */
export function checkExpression(source: string): ExpressionCheck {
  const compiled = compileExpression(source);
  if (!compiled.ok) return { ok: false, message: compiled.error.message, start: compiled.error.start, end: compiled.error.end };
  return { ok: true, apply: compiled.fn };
}

export type ResolvedCurve =
  | {
      readonly ok: true;
      readonly label: string;
      readonly spec?: ActivationSpec;
      /** Elementwise: f applied to every element of x (parameters already bound). */
      readonly apply: (x: Tensor) => Tensor;
    }
  | { readonly ok: false; readonly label: string; readonly error: string };

/** The function a curve plots, with its parameters bound; an error for unknown names or bad expressions. */
export function resolveCurve(source: CurveSource, params: Readonly<Record<string, number>> = {}): ResolvedCurve {
  if (source.kind === 'expression') {
    const found = resolveActivation({ expression: source.source });
    return found.ok
      ? { ok: true, label: source.source, apply: found.apply }
      : { ok: false, label: source.source, error: found.error };
  }
  const found = resolveActivation({ name: source.name, params: { ...params } }, { vector: 'accept' });
  if (!found.ok) return { ok: false, label: source.name, error: found.error };
  const spec = found.spec;
  if (isVectorActivation(spec)) return { ok: false, label: spec.label, error: `${spec.label} is vector-valued` };
  return { ok: true, label: spec.label, spec, apply: found.apply };
}
