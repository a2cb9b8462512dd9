/**
 * The page's saved state (getState/setState, and the serializer after a window reload), read back
 * field by field: anything missing, damaged or out of range falls back to its default. Pure.
 */
import { CONDITION_RANGE, DEFAULT_CONDITION, SURFACE_NAMES, type View } from '../../landscape/surfaces';
import { DEFAULT_MOMENTUM, DESCENT_OPTIMIZERS, type Clipping, type DescentOptimizer } from '../../landscape/descent';
import type { LandscapePanelState, LandscapeSurfaceChoice } from '../../protocol';

export const MAX_RACE_STEPS = 1000;

export const DEFAULT_LANDSCAPE_STATE: LandscapePanelState = {
  version: 1,
  surface: 'quadratic',
  condition: DEFAULT_CONDITION,
  expression: 'sin(x) * cos(y) + 0.1 * (x^2 + y^2)',
  view: null,
  pinned: null,
  angle: Math.PI / 4,
  showArrows: true,
  racers: ['sgd', 'momentum', 'adam'],
  lrSgd: null,
  lrAdaptive: null,
  momentum: DEFAULT_MOMENTUM,
  beta1: 0.9,
  beta2: 0.999,
  alpha: 0.99,
  steps: 100,
  clipping: { kind: 'none' },
  network: null,
};

const num = (v: unknown, ok: (n: number) => boolean, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : fallback;
const nullableNum = (v: unknown, ok: (n: number) => boolean): number | null =>
  typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : null;

function pairOf(v: unknown): [number, number] | null {
  return Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && Number.isFinite(n)) ? [v[0], v[1]] : null;
}

function viewOf(v: unknown): View | null {
  if (typeof v !== 'object' || v === null) return null;
  const { xMin, xMax, yMin, yMax } = v as Record<string, unknown>;
  const all = [xMin, xMax, yMin, yMax];
  if (!all.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  const view = { xMin, xMax, yMin, yMax } as View;
  return view.xMax > view.xMin && view.yMax > view.yMin ? view : null;
}

function clippingOf(v: unknown): Clipping {
  if (typeof v !== 'object' || v === null) return { kind: 'none' };
  const c = v as Record<string, unknown>;
  if (c.kind === 'norm' && typeof c.maxNorm === 'number' && c.maxNorm > 0 && Number.isFinite(c.maxNorm)) return { kind: 'norm', maxNorm: c.maxNorm };
  if (c.kind === 'value' && typeof c.clipValue === 'number' && c.clipValue > 0 && Number.isFinite(c.clipValue)) return { kind: 'value', clipValue: c.clipValue };
  return { kind: 'none' };
}

export function isSurfaceChoice(v: unknown): v is LandscapeSurfaceChoice {
  return v === 'custom' || (typeof v === 'string' && (SURFACE_NAMES as readonly string[]).includes(v));
}

/** The state to start from, given whatever was saved (or nothing). */
export function restoreState(saved: unknown): LandscapePanelState {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Record<string, unknown>;
  const d = DEFAULT_LANDSCAPE_STATE;
  const racers = Array.isArray(s.racers)
    ? DESCENT_OPTIMIZERS.filter((o) => (s.racers as unknown[]).includes(o))
    : d.racers;
  return {
    version: 1,
    surface: isSurfaceChoice(s.surface) ? s.surface : d.surface,
    condition: num(s.condition, (k) => k >= CONDITION_RANGE[0] && k <= CONDITION_RANGE[1], d.condition),
    expression: typeof s.expression === 'string' && s.expression.length <= 2000 ? s.expression : d.expression,
    view: viewOf(s.view),
    pinned: pairOf(s.pinned),
    angle: num(s.angle, () => true, d.angle),
    showArrows: typeof s.showArrows === 'boolean' ? s.showArrows : d.showArrows,
    racers: racers as DescentOptimizer[],
    lrSgd: nullableNum(s.lrSgd, (v) => v > 0 && v <= 10),
    lrAdaptive: nullableNum(s.lrAdaptive, (v) => v > 0 && v <= 10),
    momentum: num(s.momentum, (v) => v >= 0 && v < 1, d.momentum),
    beta1: num(s.beta1, (v) => v >= 0 && v < 1, d.beta1),
    beta2: num(s.beta2, (v) => v >= 0 && v < 1, d.beta2),
    alpha: num(s.alpha, (v) => v >= 0 && v < 1, d.alpha),
    steps: num(s.steps, (v) => Number.isInteger(v) && v >= 1 && v <= MAX_RACE_STEPS, d.steps),
    clipping: clippingOf(s.clipping),
    network: typeof s.network === 'object' && s.network !== null && typeof (s.network as { configText?: unknown }).configText === 'string'
      ? (s.network as LandscapePanelState['network'])
      : null,
  };
}
