/**
 * What can be plotted: the engine's activation registry and custom expressions compiled by the
 * engine's parser. One small seam so the quick pick (host), the page and the CLI name, describe and
 * evaluate curves the same way. Pure.
 */

import {
  ACTIVATIONS as REGISTRY,
  compileExpression,
  findActivation as findSpec,
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
    const check = checkExpression(source.source);
    return check.ok
      ? { ok: true, label: source.source, apply: check.apply }
      : { ok: false, label: source.source, error: check.message };
  }
  const spec = findSpec(source.name);
  if (!spec) return { ok: false, label: source.name, error: `Unknown activation '${source.name}'` };
  if (isVectorActivation(spec)) return { ok: false, label: spec.label, error: `${spec.label} is vector-valued` };
  const bound = { ...params };
  return { ok: true, label: spec.label, spec, apply: (x) => spec.apply(x, bound) };
}
