/**
 * The graph that autograd walks, and the switch that decides whether it is built.
 *
 * Every op that computes from tensors ends with `record`, which attaches a GradFn to its output: the
 * op's name, its inputs, and a `backward` closure holding whatever the op saved. This module is the
 * bottom layer under the ops: they import `record` from here, and autograd.ts (which walks the graph
 * with the ops) sits above them, so no import goes in a circle.
 */

import type { Tensor } from './tensor';

/**
 * Maps the gradient of an op's output to the gradients of its inputs (null where the input is not
 * differentiable). `needs[i]` is false when nobody asked for input i's gradient: a backward skips
 * that work (it matters: the input gradient of a network's first matmul is a large, useless matmul).
 */
export type BackwardFn = (gradOutput: Tensor, needs: readonly boolean[]) => readonly (Tensor | null)[];

export interface GradFn {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  readonly backward: BackwardFn;
}

// ---------------------------------------------------------------------------------------------
// Grad mode

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording ops (inference, optimizer updates, instrumentation). */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with recording on, even inside `noGrad`. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

/** Runs `fn` with grad mode set to `enabled`, restoring the previous mode afterwards (also on a throw). */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Attaches the history of an op to its freshly computed output, when grad mode is on and some
 * input requires grad. Ops call this last: `return record('tanh', out, [x], (g) => [...])`.
 */
export function record(name: string, out: Tensor, inputs: readonly Tensor[], backward: BackwardFn): Tensor {
  if (!gradEnabled) return out;
  let tracked = false;
  for (const t of inputs) tracked ||= t.requiresGrad;
  if (!tracked) return out;
  out.requiresGrad = true;
  out.gradFn = { name, inputs, backward };
  return out;
}
