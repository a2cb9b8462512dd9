/**
 * The Plot Activation panel: what the host and the page say to each other, the state the page
 * persists (getState/setState, and the panel serializer after a window reload), and the queries the
 * host (and through it the integration tests) can ask the page about what it computed.
 */

import type { CommonFromWebview, ExportContent } from './common';

export const ACTIVATION_VIEW_TYPE = 'gradientLab.activationPanel';

/** What a curve plots: an activation of the engine's registry, or a custom expression in `x`. */
export type CurveSource =
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'expression'; readonly source: string };

export interface CurveSpec {
  /** Stable within one panel; the key of colours, sliders and queries. */
  readonly id: string;
  readonly source: CurveSource;
  /** Parameter values, by the registry's parameter names (empty for expressions). */
  readonly params: Readonly<Record<string, number>>;
}

export interface DerivativeToggles {
  readonly f: boolean;
  readonly df: boolean;
  readonly d2f: boolean;
}

export interface PlotView {
  readonly xMin: number;
  readonly xMax: number;
  readonly points: number;
  readonly show: DerivativeToggles;
  /** Shade where |f'| < 0.01 (saturation) and where f' = 0 (dead zones). */
  readonly shade: boolean;
  /** Dashed lines at each curve's max |f'| (sigmoid' <= 0.25, tanh' <= 1). */
  readonly bounds: boolean;
}

/** The vector-valued example (softmax, log_softmax): a few logits and a temperature. */
export interface VectorExample {
  readonly name: string;
  readonly logits: readonly number[];
  readonly temperature: number;
}

export interface ActivationPanelState {
  readonly version: 1;
  readonly curves: readonly CurveSpec[];
  readonly view: PlotView;
  /** The lesson's L: "through L layers the gradient is at most sup|f′|^L" (default 10). */
  readonly lessonLayers?: number;
  readonly vector?: VectorExample;
  /** Text in an expression curve's field that does not parse (yet): kept, while the curve shows its last valid source. */
  readonly drafts: Readonly<Record<string, string>>;
  /** When the page last persisted it (ms since the epoch): on revive the newer of two copies wins. */
  readonly savedAt?: number;
}

// ---- limits shared by the page, the host's input checks and the CLI ----

export const PLOT_LIMITS = {
  minPoints: 11,
  maxPoints: 100_001,
  /** Largest |x| a range may reach: exp overflows beyond ~709, so wider ranges show nothing new. */
  maxAbsX: 1e6,
  /** Narrowest range: below this float64 spacing makes the curve a staircase of rounding. */
  minSpan: 1e-9,
} as const;

export const DEFAULT_VIEW: PlotView = {
  xMin: -6,
  xMax: 6,
  points: 2001,
  show: { f: true, df: true, d2f: false },
  shade: true,
  bounds: true,
};

/** Checks a plot range and point count; returns a user-facing reason when they are refused. */
export function checkPlotRange(xMin: number, xMax: number, points: number): string | undefined {
  if (!Number.isFinite(xMin) || !Number.isFinite(xMax)) return 'The range must be two finite numbers.';
  if (!(xMin < xMax)) return 'The start of the range must be smaller than its end.';
  if (Math.abs(xMin) > PLOT_LIMITS.maxAbsX || Math.abs(xMax) > PLOT_LIMITS.maxAbsX) {
    return `The range must stay within ±${PLOT_LIMITS.maxAbsX.toExponential(0)}.`;
  }
  if (xMax - xMin < PLOT_LIMITS.minSpan) return `The range must be wider than ${PLOT_LIMITS.minSpan}.`;
  if (!Number.isInteger(points) || points < PLOT_LIMITS.minPoints || points > PLOT_LIMITS.maxPoints) {
    return `The number of points must be a whole number from ${PLOT_LIMITS.minPoints} to ${PLOT_LIMITS.maxPoints}.`;
  }
  return undefined;
}

// ---- numbers over JSON ----

/** postMessage carries JSON, which has no NaN or Infinity: they travel as strings (as in the oracle files). */
export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export function toWire(values: ArrayLike<number>): WireNumber[] {
  const out: WireNumber[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  }
  return out;
}

export function fromWire(values: readonly WireNumber[]): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : -Infinity;
  }
  return out;
}

// ---- queries: the host asks, the page answers with what it computed ----

export interface WireCurveValues {
  readonly x: readonly WireNumber[];
  readonly f: readonly WireNumber[];
  readonly df: readonly WireNumber[];
  readonly d2f: readonly WireNumber[];
}

export interface CurveSnapshot {
  readonly id: string;
  readonly label: string;
  readonly source: CurveSource;
  readonly params: Readonly<Record<string, number>>;
  /** Set when the curve cannot be computed (an unknown name in a restored state). */
  readonly error?: string;
  /** An expression curve's field text when it differs from the plotted source, and why it is refused. */
  readonly draft?: string;
  readonly draftError?: string;
}

export interface PanelSnapshot {
  readonly curves: readonly CurveSnapshot[];
  readonly view: PlotView;
  readonly vector?: VectorExample;
  /** The chart has been drawn at least once with the current data. */
  readonly painted: boolean;
  /** The refusal message for the range or point count, as shown ('' when none). */
  readonly rangeError: string;
  /** Re-plot times (ms) of slider-driven re-plots, from the input event to the end of the draw. */
  readonly replotMs: readonly number[];
}

export interface ReadoutRow {
  readonly id: string;
  readonly label: string;
  /** As displayed (formatted text); '' when hidden. */
  readonly f: string;
  readonly df: string;
  readonly d2f: string;
}

export interface Readout {
  readonly x: number;
  readonly xText: string;
  readonly rows: readonly ReadoutRow[];
}

export interface VectorResult {
  readonly name: string;
  readonly outputs: readonly WireNumber[];
  /** Row-major n x n: d output_i / d logit_j, from the engine's autograd. */
  readonly jacobian: readonly WireNumber[];
}

export type ActivationQuery =
  | { readonly kind: 'snapshot' }
  /** The arrays the chart was drawn from (the plotted grid), for one curve. */
  | { readonly kind: 'plotted'; readonly curveId: string }
  /** f, f', f'' at given points, through the same code path as the plot. */
  | { readonly kind: 'evaluate'; readonly curveId: string; readonly xs: readonly number[] }
  /** Moves the hover cursor to the grid point nearest x and returns what the readout shows. */
  | { readonly kind: 'readout'; readonly x: number }
  | { readonly kind: 'setView'; readonly view: Partial<PlotView> }
  /** As if the user moved a parameter slider. */
  | { readonly kind: 'setParam'; readonly curveId: string; readonly param: string; readonly value: number }
  /** As if the user typed into an expression curve's field (a new expression curve when curveId is absent). */
  | { readonly kind: 'setExpression'; readonly curveId?: string; readonly source: string }
  | { readonly kind: 'vector'; readonly example?: Partial<VectorExample> }
  /** The content an export button produces (the host writes it, or tests inspect it). */
  | { readonly kind: 'export'; readonly format: ExportFormat };

export type ExportFormat = 'png' | 'svg' | 'csv' | 'pytorch';

export interface ActivationQueryResult {
  snapshot: PanelSnapshot;
  plotted: WireCurveValues;
  evaluate: WireCurveValues;
  readout: Readout;
  setView: PanelSnapshot;
  setParam: PanelSnapshot;
  setExpression: PanelSnapshot;
  vector: VectorResult;
  export: ExportContent;
}

/** The panel's settings in its boot data (WebviewBoot.settings). */
export interface ActivationBootSettings {
  /** gradientLab.plot.points */
  readonly points: number;
  /** What the command asked to show when it opened the panel (absent when restored). */
  readonly sources?: readonly CurveSource[];
}

// ---- messages ----

export type ToActivationPanel =
  /** Replace the plotted curves (a run of the command); curves already shown keep their parameters. */
  | { readonly type: 'show'; readonly sources: readonly CurveSource[] }
  /** The user changed gradientLab.plot.points. */
  | { readonly type: 'settings'; readonly points: number };

export type FromActivationPanel =
  | CommonFromWebview
  /** The curves now shown (the host pre-selects them in the next quick pick). */
  | { readonly type: 'curves'; readonly sources: readonly CurveSource[] }
  /**
   * A copy of the page's state for the host to keep in workspaceState: a browser workbench (code-server,
   * vscode.dev) may reload before it has stored the webview's own setState copy.
   */
  | { readonly type: 'state'; readonly state: ActivationPanelState }
  /** "Copy as PyTorch": the host puts the text on the clipboard. */
  | { readonly type: 'copyText'; readonly text: string; readonly what: string }
  /** "See it through depth →": open the depth explorer with this curve's activation. */
  | { readonly type: 'exploreDepth'; readonly source: CurveSource };

export function sameSource(a: CurveSource, b: CurveSource): boolean {
  return a.kind === b.kind && (a.kind === 'builtin' ? a.name === (b as typeof a).name : a.source === (b as typeof a).source);
}
