/**
 * The panel's state transitions, pure: what a run of the command does to the curves (replace them,
 * keeping the parameters of those that stay), reading a persisted state back (it comes from an older
 * page or a reload, so nothing in it is trusted), parameter and view changes with their checks.
 */

import {
  DEFAULT_VIEW,
  PLOT_LIMITS,
  checkPlotRange,
  sameSource,
  type ActivationPanelState,
  type CurveSource,
  type CurveSpec,
  type PlotView,
  type VectorExample,
} from '../../protocol';
import { findActivation, isVectorActivation } from '../../plot/catalog';
import { clampLessonLayers } from '../../analysis/depth/lesson';

export const DEFAULT_LOGITS: readonly number[] = [2, 1, 0.1, -1];

export function emptyState(points: number): ActivationPanelState {
  return { version: 1, curves: [], view: { ...DEFAULT_VIEW, points: clampPoints(points) }, drafts: {} };
}

function clampPoints(points: number): number {
  return Number.isInteger(points) ? Math.min(PLOT_LIMITS.maxPoints, Math.max(PLOT_LIMITS.minPoints, points)) : DEFAULT_VIEW.points;
}

export function defaultParams(source: CurveSource): Record<string, number> {
  if (source.kind !== 'builtin') return {};
  const params: Record<string, number> = {};
  for (const p of findActivation(source.name)?.params ?? []) params[p.name] = p.default;
  return params;
}

/** A fresh id not used by `curves` ('c1', 'c2', ...): ids pick colours, so they must stay stable. */
export function nextCurveId(curves: readonly CurveSpec[]): string {
  let n = 1;
  const used = new Set(curves.map((c) => c.id));
  while (used.has(`c${n}`)) n++;
  return `c${n}`;
}

/** True for vector-valued activations (softmax): they get the interactive example, not a curve. */
export function isVectorSource(source: CurveSource): boolean {
  const spec = source.kind === 'builtin' ? findActivation(source.name) : undefined;
  return spec !== undefined && isVectorActivation(spec);
}

/**
 * The command picked `sources`: curves that stay keep their id and parameters, new ones get defaults,
 * the rest go. A vector-valued pick opens (or keeps) the softmax example instead of adding a curve.
 */
export function withSources(state: ActivationPanelState, sources: readonly CurveSource[]): ActivationPanelState {
  const picked = sources.filter((s, i) => !isVectorSource(s) && sources.findIndex((t) => sameSource(s, t)) === i);
  const kept = state.curves.filter((c) => picked.some((s) => sameSource(c.source, s)));
  const curves: CurveSpec[] = [];
  for (const source of picked) {
    // New curves take the first id no staying curve uses (ids pick colours).
    const existing = kept.find((c) => sameSource(c.source, source));
    curves.push(existing ?? { id: nextCurveId([...kept, ...curves]), source, params: defaultParams(source) });
  }
  const vectorPick = sources.find(isVectorSource) as { kind: 'builtin'; name: string } | undefined;
  const vector: VectorExample | undefined = vectorPick
    ? { name: vectorPick.name, logits: state.vector?.logits ?? DEFAULT_LOGITS, temperature: state.vector?.temperature ?? 1 }
    : undefined;
  const drafts = Object.fromEntries(Object.entries(state.drafts).filter(([id]) => curves.some((c) => c.id === id)));
  return { ...state, curves, vector, drafts };
}

/** Every source the panel shows, vector example included (the host pre-selects them in the picker). */
export function shownSources(state: ActivationPanelState): CurveSource[] {
  const sources = state.curves.map((c) => c.source);
  if (state.vector) sources.push({ kind: 'builtin', name: state.vector.name });
  return sources;
}

/** Sets one parameter, clamped to its declared bounds. Unknown curves or names leave the state as is. */
export function withParam(state: ActivationPanelState, curveId: string, name: string, value: number): ActivationPanelState {
  const curve = state.curves.find((c) => c.id === curveId);
  const spec = curve?.source.kind === 'builtin' ? findActivation(curve.source.name)?.params.find((p) => p.name === name) : undefined;
  if (!curve || !spec || !Number.isFinite(value)) return state;
  const clamped = Math.min(spec.max, Math.max(spec.min, value));
  return { ...state, curves: state.curves.map((c) => (c === curve ? { ...c, params: { ...c.params, [name]: clamped } } : c)) };
}

/** Applies a view change; a refused range or point count leaves the view and says why. */
export function withView(state: ActivationPanelState, change: Partial<PlotView>): { state: ActivationPanelState; error?: string } {
  const view: PlotView = { ...state.view, ...change, show: { ...state.view.show, ...(change.show ?? {}) } };
  const error = checkPlotRange(view.xMin, view.xMax, view.points);
  if (error) return { state, error };
  return { state: { ...state, view } };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function readSource(v: unknown): CurveSource | undefined {
  if (!isObject(v)) return undefined;
  if (v.kind === 'builtin' && typeof v.name === 'string') return { kind: 'builtin', name: v.name };
  if (v.kind === 'expression' && typeof v.source === 'string' && v.source.length <= 2000) return { kind: 'expression', source: v.source };
  return undefined;
}

/** Reads a persisted state defensively: anything malformed falls back to defaults, field by field. */
export function readState(raw: unknown, points: number): ActivationPanelState {
  const base = emptyState(points);
  if (!isObject(raw) || raw.version !== 1) return base;
  const curves: CurveSpec[] = [];
  for (const c of Array.isArray(raw.curves) ? raw.curves : []) {
    const source = isObject(c) ? readSource(c.source) : undefined;
    if (!source || !isObject(c) || typeof c.id !== 'string' || curves.some((k) => k.id === c.id)) continue;
    const params = defaultParams(source);
    if (isObject(c.params)) for (const [k, v] of Object.entries(c.params)) if (k in params && isNumber(v)) params[k] = v;
    curves.push({ id: c.id, source, params });
  }
  let state: ActivationPanelState = { ...base, curves };
  if (isObject(raw.view)) {
    const v = raw.view;
    const show = isObject(v.show) ? v.show : {};
    const change: Partial<PlotView> = {
      ...(isNumber(v.xMin) && isNumber(v.xMax) ? { xMin: v.xMin, xMax: v.xMax } : {}),
      ...(isNumber(v.points) ? { points: v.points } : {}),
      show: {
        f: typeof show.f === 'boolean' ? show.f : base.view.show.f,
        df: typeof show.df === 'boolean' ? show.df : base.view.show.df,
        d2f: typeof show.d2f === 'boolean' ? show.d2f : base.view.show.d2f,
      },
      ...(typeof v.shade === 'boolean' ? { shade: v.shade } : {}),
      ...(typeof v.bounds === 'boolean' ? { bounds: v.bounds } : {}),
    };
    state = withView(state, change).state;
  }
  if (isObject(raw.vector) && typeof raw.vector.name === 'string' && isVectorSource({ kind: 'builtin', name: raw.vector.name })) {
    const logits = Array.isArray(raw.vector.logits) ? raw.vector.logits.filter(isNumber).slice(0, 8) : [];
    const t = raw.vector.temperature;
    state = { ...state, vector: { name: raw.vector.name, logits: logits.length >= 2 ? logits : DEFAULT_LOGITS, temperature: isNumber(t) && t > 0 ? t : 1 } };
  }
  if (raw.lessonLayers !== undefined) state = { ...state, lessonLayers: clampLessonLayers(raw.lessonLayers) };
  if (isNumber(raw.savedAt)) state = { ...state, savedAt: raw.savedAt };
  if (isObject(raw.drafts)) {
    const drafts: Record<string, string> = {};
    for (const [id, text] of Object.entries(raw.drafts)) if (typeof text === 'string' && curves.some((c) => c.id === id)) drafts[id] = text;
    state = { ...state, drafts };
  }
  return state;
}
