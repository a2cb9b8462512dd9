/**
 * Reverse-mode automatic differentiation over a graph of tensors.
 *
 * Every op that computes from tensors calls `record`, which attaches a GradFn to its output: the op's
 * name, its inputs, and a `backward` closure holding whatever the op saved. `backward` maps the
 * gradient of the output to the gradients of the inputs, and it is written with the same public
 * ops as everything else. That single choice gives double backward for free: with
 * `createGraph: true` the backward pass runs with grad mode on, so its ops are recorded too and
 * the gradients it returns can be differentiated again. With `createGraph: false` it runs under
 * `noGrad`, so the same code builds no graph and costs only the kernels.
 */

import { Tensor, sameShape, shapeToString } from './tensor';
import { add } from './ops/elementwise';
import { withGradMode } from './graph';
import { DroppedGradients, trackTaken } from './kernels/bufferPool';

export { isGradEnabled, noGrad, enableGrad, record, type BackwardFn, type GradFn } from './graph';

// ---------------------------------------------------------------------------------------------
// The backward pass

/** Tensors reachable from `roots` through recorded ops, inputs before the ops that use them. */
function topologicalOrder(roots: readonly Tensor[]): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Iterative post-order DFS: deep networks would overflow a recursive one.
  const stack: { t: Tensor; next: number }[] = [];
  for (const root of roots) {
    if (visited.has(root)) continue;
    visited.add(root);
    stack.push({ t: root, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const inputs = top.t.gradFn?.inputs ?? [];
      if (top.next < inputs.length) {
        const child = inputs[top.next++];
        if (child.requiresGrad && !visited.has(child)) {
          visited.add(child);
          stack.push({ t: child, next: 0 });
        }
      } else {
        order.push(top.t);
        stack.pop();
      }
    }
  }
  return order;
}

/**
 * Propagates `rootGrads` from `roots` back through the graph. `wanted(t)` says which tensors'
 * gradients the caller wants; only the part of the graph leading to them is evaluated.
 * Returns the gradient of every wanted tensor that was reached.
 */
function propagate(
  roots: readonly Tensor[],
  rootGrads: readonly Tensor[],
  createGraph: boolean,
  wanted: (t: Tensor) => boolean,
): Map<Tensor, Tensor> {
  const order = topologicalOrder(roots);
  // A tensor is needed when it is wanted or an input of its op is needed (inputs come first).
  const needed = new Set<Tensor>();
  for (const t of order) {
    if (wanted(t) || (t.gradFn?.inputs.some((i) => needed.has(i)) ?? false)) needed.add(t);
  }
  // Unrecorded, the gradients this pass makes and drops go back to the buffer pool for the next
  // products (kernels/bufferPool.ts); `dropped` is null when the pass is recorded.
  return trackTaken((taken) => {
    const dropped = createGraph ? null : new DroppedGradients(taken);
    const grads = new Map<Tensor, Tensor>();
    const result = new Map<Tensor, Tensor>();
    const accumulate = (t: Tensor, g: Tensor) => {
      const previous = grads.get(t);
      const total = previous === undefined ? g : add(previous, g);
      grads.set(t, total);
      dropped?.hold(total.data);
      if (previous !== undefined) {
        dropped?.drop(previous.data);
        dropped?.discard(g.data);
      }
    };
    roots.forEach((r, i) => accumulate(r, rootGrads[i]));

    withGradMode(createGraph, () => {
      for (let k = order.length - 1; k >= 0; k--) {
        const t = order[k];
        const g = grads.get(t);
        if (g === undefined || !needed.has(t)) continue;
        if (wanted(t)) {
          result.set(t, g);
          dropped?.hold(g.data); // handed to the caller: never given back
        }
        const fn = t.gradFn;
        if (fn === null) continue;
        const needs = fn.inputs.map((i) => i.requiresGrad && needed.has(i));
        if (!needs.includes(true)) continue;
        const inputGrads = fn.backward(g, needs);
        fn.inputs.forEach((input, i) => {
          const gi = inputGrads[i];
          if (gi === null || gi === undefined) return;
          if (!needs[i]) {
            dropped?.discard(gi.data);
            return;
          }
          if (!sameShape(gi.shape, input.shape)) {
            throw new Error(
              `backward of ${fn.name} returned a gradient of shape ${shapeToString(gi.shape)} ` +
                `for input ${i} of shape ${shapeToString(input.shape)}`,
            );
          }
          accumulate(input, gi);
        });
        if (!wanted(t)) {
          grads.delete(t); // free intermediate gradients as soon as they are used
          dropped?.drop(g.data);
        }
        dropped?.flush();
      }
    });
    return result;
  });
}

function seedGradient(output: Tensor, given: Tensor | undefined): Tensor {
  if (!output.requiresGrad) {
    throw new Error('cannot differentiate a tensor that does not require grad (no parameter reaches it)');
  }
  if (given !== undefined) {
    if (!sameShape(given.shape, output.shape)) {
      throw new Error(
        `gradient of shape ${shapeToString(given.shape)} given for an output of shape ${shapeToString(output.shape)}`,
      );
    }
    return given;
  }
  if (output.size !== 1) {
    throw new Error(
      `a gradient can be created implicitly only for one-element outputs, not shape ${shapeToString(output.shape)}`,
    );
  }
  return Tensor.ones(output.shape);
}

export interface BackwardOptions {
  /** dL/d(output); defaults to 1 for a one-element output. */
  gradient?: Tensor;
  /** Record the backward pass so the resulting `.grad`s can be differentiated again. */
  createGraph?: boolean;
}

/**
 * Accumulates d(output)/d(leaf) into `.grad` of every leaf that requires grad (and of every
 * tensor marked with `retainGrad()`), like torch's `loss.backward()`. Gradients add up across
 * calls: clear them with `zeroGrad` between steps.
 */
export function backward(output: Tensor, options: BackwardOptions = {}): void {
  const createGraph = options.createGraph ?? false;
  const seed = seedGradient(output, options.gradient);
  const wanted = (t: Tensor) => t.requiresGrad && (t.gradFn === null || t.retainsGrad);
  const grads = propagate([output], [seed], createGraph, wanted);
  // Optimizers and clipping update `.grad` in place, so no two `.grad`s (nor the caller's seed) may
  // share storage. Most gradients are fresh arrays; a few are passed through unchanged (add's
  // backward, reshape), so a buffer already handed out is copied.
  const handedOut = new Set<Float64Array>([seed.data]);
  withGradMode(createGraph, () => {
    for (const [t, g] of grads) {
      const own = !createGraph && handedOut.has(g.data) ? g.clone() : g;
      handedOut.add(own.data);
      t.grad = t.grad === null ? own : add(t.grad, own);
    }
  });
}

export interface GradOptions {
  /** d(loss)/d(output) for each output; defaults to ones for one-element outputs. */
  gradOutputs?: Tensor | readonly Tensor[];
  /** Record the backward pass so the returned gradients can be differentiated again. */
  createGraph?: boolean;
  /** Return null (instead of throwing) for an input the outputs do not depend on. */
  allowUnused?: boolean;
  /** Return zeros (instead of null or an error) for an input the outputs do not depend on. */
  materializeGrads?: boolean;
}

/**
 * Gradients of `outputs` with respect to `inputs`, like torch.autograd.grad; `.grad` fields are
 * left untouched. With `createGraph: true`, the results can be differentiated again (f'' of an
 * activation is `grad(grad(f(x), x, { createGraph: true }), x)`).
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options?: GradOptions & { allowUnused?: false },
): Tensor[];
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradOptions,
): (Tensor | null)[];
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradOptions = {},
): (Tensor | null)[] {
  const outs = outputs instanceof Tensor ? [outputs] : outputs;
  const ins = inputs instanceof Tensor ? [inputs] : inputs;
  const given = options.gradOutputs instanceof Tensor ? [options.gradOutputs] : options.gradOutputs;
  if (given !== undefined && given.length !== outs.length) {
    throw new Error(`${given.length} gradOutputs given for ${outs.length} outputs`);
  }
  // An output that does not require grad contributes nothing; that is an error unless the caller
  // accepts unused inputs (f'' of relu: f' = step(x) is a constant, so f'' is zero, not an error).
  const tolerant = (options.allowUnused ?? false) || (options.materializeGrads ?? false);
  const live = outs.map((o, i) => ({ o, i })).filter(({ o }) => o.requiresGrad || !tolerant);
  const seeds = live.map(({ o, i }) => seedGradient(o, given?.[i]));
  const targets = new Set(ins);
  const roots = live.map(({ o }) => o);
  const grads = propagate(roots, seeds, options.createGraph ?? false, (t) => targets.has(t));
  return ins.map((input, i) => {
    const g = grads.get(input);
    if (g !== undefined) return g;
    if (options.materializeGrads) return Tensor.zeros(input.shape);
    if (options.allowUnused) return null;
    throw new Error(`input ${i} of grad() is not used by the outputs (pass allowUnused or materializeGrads)`);
  });
}
