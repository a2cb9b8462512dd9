/**
 * What an activation's slope means after L layers, in the two numbers the Plot Activation panel
 * states: the worst-case bound (backpropagation multiplies the gradient by f′ once per layer, so it
 * is at most sup|f′|^L times what left the output) and the typical factor (with weights of variance
 * 1/n and unit pre-activation variance, each layer scales the gradient's squared size by about
 * E[f′(z)²], z ~ N(0, 1): E[f′(z)²]^L after L layers). Pure.
 */

export interface DepthLesson {
  readonly layers: number;
  /** sup|f′|^L: Infinity when the slope is unbounded, NaN when unknown. */
  readonly bound: number;
  /** E[f′(z)²]^L. */
  readonly typical: number;
}

/** The layer counts the L field accepts. */
export const LESSON_LAYERS = { min: 1, max: 1000, default: 10 } as const;

export function clampLessonLayers(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return LESSON_LAYERS.default;
  return Math.min(LESSON_LAYERS.max, Math.max(LESSON_LAYERS.min, Math.round(value)));
}

export function depthLesson(maxAbsSlope: number, meanSquaredSlope: number, layers: number): DepthLesson {
  return { layers, bound: maxAbsSlope ** layers, typical: meanSquaredSlope ** layers };
}
