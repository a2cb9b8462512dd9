/**
 * The page's controller: every change (a host message, a control, a test's query) goes through here
 * as a state transition (state.ts), is persisted with setState, and re-rendered by PageView. It also
 * answers the host's queries with what the page computed and shows.
 */

import {
  DEFAULT_VIEW,
  PLOT_LIMITS,
  toWire,
  type ActivationPanelState,
  type ActivationQuery,
  type ActivationQueryResult,
  type CurveSource,
  type ExportFormat,
  type FromActivationPanel,
  type FromActivationPanelTest,
  type PanelSnapshot,
  type PlotView,
  type VectorExample,
} from '../../protocol';
import { poster, setState, testHooksEnabled } from '../common/host';
import { clampLessonLayers } from '../../analysis/depth/lesson';
import { t } from '../common/l10n';
import { checkExpression } from '../../plot/catalog';
import { exportContent } from './exports';
import { PageView } from './view';
import { readoutAt } from './readoutView';
import { sampleDerivatives } from '../../plot/sample';
import { nextCurveId, shownSources, withParam, withSources, withView } from './state';

const post = poster<FromActivationPanel | FromActivationPanelTest>();
import { MAX_LOGITS, TEMPERATURE_LIMITS } from '../../plot/vector';
import { colorOfId } from '../../plot/chartBuild';

const NEW_EXPRESSION = 'x * sigmoid(1.702 * x)';
/** Lets the chart's draw (a microtask after setData) and any follow-up happen before a reply. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class Controller {
  private readonly page: PageView;
  private frame = 0;
  private lastSources = '';
  private stateTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement, private state: ActivationPanelState) {
    this.page = new PageView(root, {
      onViewChange: (change) => this.setView(change),
      onReset: () => this.setView({ xMin: DEFAULT_VIEW.xMin, xMax: DEFAULT_VIEW.xMax }),
      onParam: (id, name, value) => this.setParam(id, name, value, true),
      onRemove: (id) => this.commit({ ...this.state, curves: this.state.curves.filter((c) => c.id !== id) }),
      onExpression: (id, text) => this.setExpression(id, text),
      onAddExpression: () => this.addExpression(),
      onVector: (example) => this.setVector(example),
      onExport: (format) => void this.exportFromButton(format),
      onDrawn: (first) => first && this.firstPaint(),
      onLessonLayers: (layers) => this.commit({ ...this.state, lessonLayers: clampLessonLayers(layers) }),
      onSeeDepth: (id) => {
        const curve = this.state.curves.find((c) => c.id === id);
        if (curve) post({ type: 'exploreDepth', source: curve.source });
      },
    });
    this.commit(state);
  }

  /** Reported to the host (command-to-paint timing) and left on the body for the end-to-end test to read. */
  private firstPaint(): void {
    const ms = performance.now();
    document.body.dataset.firstPaintMs = ms.toFixed(1);
    if (testHooksEnabled()) post({ type: 'painted', sincePageStartMs: ms });
  }

  /** setState for the webview's own restore, and (coalesced) a copy for the host's workspaceState. */
  private persist(): void {
    this.state = { ...this.state, savedAt: Date.now() };
    setState(this.state);
    if (this.stateTimer !== undefined) return;
    this.stateTimer = setTimeout(() => {
      this.stateTimer = undefined;
      post({ type: 'state', state: this.state });
    }, 100);
  }

  // ---- transitions ----

  private commit(next: ActivationPanelState, rangeError = ''): void {
    this.state = next;
    this.page.rangeError = rangeError;
    this.persist();
    this.page.render(next);
    const sources = JSON.stringify(shownSources(next));
    if (sources !== this.lastSources) {
      this.lastSources = sources;
      post({ type: 'curves', sources: shownSources(next) });
    }
  }

  show(sources: readonly CurveSource[]): void {
    this.commit(withSources(this.state, sources));
  }

  setPoints(points: number): void {
    this.setView({ points });
  }

  setView(change: Partial<PlotView>): void {
    const { state, error } = withView(this.state, change);
    this.commit(state, error ? t(error) : '');
  }

  /** Slider drags re-plot at most once per frame; `viaFrame` false re-plots now (queries). */
  setParam(curveId: string, name: string, value: number, viaFrame: boolean): void {
    this.state = withParam(this.state, curveId, name, value);
    this.persist();
    if (!viaFrame) {
      this.page.startReplotTiming();
      this.page.render(this.state);
      return;
    }
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.page.startReplotTiming();
      this.page.render(this.state);
    });
  }

  /** Typing: a valid expression replaces the plot at once; an invalid one is kept as a draft with its error. */
  setExpression(curveId: string | undefined, text: string): void {
    let id = curveId;
    let curves = this.state.curves;
    if (id === undefined || !curves.some((c) => c.id === id && c.source.kind === 'expression')) {
      id = nextCurveId(curves);
      curves = [...curves, { id, source: { kind: 'expression', source: text }, params: {} }];
    }
    const drafts = { ...this.state.drafts };
    if (checkExpression(text).ok) {
      delete drafts[id];
      curves = curves.map((c) => (c.id === id ? { ...c, source: { kind: 'expression', source: text } } : c));
    } else {
      drafts[id] = text;
    }
    this.commit({ ...this.state, curves, drafts });
  }

  private addExpression(): void {
    this.setExpression(undefined, NEW_EXPRESSION);
    const last = this.state.curves[this.state.curves.length - 1];
    document.querySelector<HTMLInputElement>(`[data-curve-id="${last.id}"] .gl-expression`)?.focus();
  }

  private setVector(example: VectorExample): void {
    const logits = example.logits.filter((v) => Number.isFinite(v)).slice(0, MAX_LOGITS);
    if (logits.length < 2) return;
    const temperature = Math.min(TEMPERATURE_LIMITS.max, Math.max(TEMPERATURE_LIMITS.min, example.temperature));
    this.state = { ...this.state, vector: { name: example.name, logits, temperature } };
    this.persist();
    this.page.renderVector(this.state.vector);
  }

  private async exportFromButton(format: ExportFormat): Promise<void> {
    try {
      const file = exportContent(format, this.state, this.page.curves, this.page.chart);
      if (format === 'pytorch') post({ type: 'copyText', text: file.content, what: t('the PyTorch script') });
      else post({ type: 'exportFile', ...file });
    } catch (e) {
      post({ type: 'showError', message: e instanceof Error ? e.message : String(e) });
    }
  }

  // ---- queries ----

  snapshot(): PanelSnapshot {
    return {
      curves: this.page.curves.map((c) => {
        const draft = this.state.drafts[c.spec.id];
        const check = draft !== undefined ? checkExpression(draft) : undefined;
        return {
          id: c.spec.id,
          label: c.resolved.label,
          source: c.spec.source,
          params: c.spec.params,
          ...(c.error ? { error: c.error } : {}),
          ...(draft !== undefined ? { draft } : {}),
          ...(check && !check.ok ? { draftError: check.message } : {}),
        };
      }),
      view: this.state.view,
      vector: this.state.vector,
      painted: this.page.painted,
      rangeError: this.page.rangeError,
      replotMs: [...this.page.replotMs],
    };
  }

  async answer<K extends ActivationQuery['kind']>(query: ActivationQuery & { kind: K }): Promise<ActivationQueryResult[K]> {
    return (await this.compute(query)) as ActivationQueryResult[K];
  }

  private curve(curveId: string) {
    const c = this.page.curves.find((k) => k.spec.id === curveId);
    if (!c) throw new Error(`No curve '${curveId}' (curves: ${this.page.curves.map((k) => k.spec.id).join(', ') || 'none'})`);
    return c;
  }

  private async compute(q: ActivationQuery): Promise<ActivationQueryResult[ActivationQuery['kind']]> {
    switch (q.kind) {
      case 'snapshot':
        await settle();
        return this.snapshot();
      case 'plotted': {
        const v = this.curve(q.curveId).values;
        if (!v) throw new Error(`Curve '${q.curveId}' has no values: ${this.curve(q.curveId).error}`);
        return { x: toWire(v.x), f: toWire(v.f), df: toWire(v.df), d2f: toWire(v.d2f) };
      }
      case 'evaluate': {
        const c = this.curve(q.curveId);
        if (!c.resolved.ok) throw new Error(c.resolved.error);
        if (q.xs.length > PLOT_LIMITS.maxPoints) throw new Error('Too many points');
        const v = sampleDerivatives(c.resolved.apply, Float64Array.from(q.xs));
        return { x: toWire(v.x), f: toWire(v.f), df: toWire(v.df), d2f: toWire(v.d2f) };
      }
      case 'readout': {
        const index = this.page.chart.showCursorAt(q.x);
        const curves = this.page.curves.filter((c) => c.values).map((c) => ({ id: c.spec.id, label: c.resolved.label, color: colorOfId(c.spec.id), values: c.values! }));
        const r = index === null ? undefined : readoutAt(curves, index);
        if (!r) throw new Error('Nothing is plotted');
        return r;
      }
      case 'setView':
        this.setView(q.view);
        await settle();
        return this.snapshot();
      case 'setParam':
        this.setParam(q.curveId, q.param, q.value, false);
        await settle();
        return this.snapshot();
      case 'setExpression':
        this.setExpression(q.curveId, q.source);
        await settle();
        return this.snapshot();
      case 'vector': {
        if (q.example) this.setVector({ name: 'softmax', logits: [2, 1, 0.1], temperature: 1, ...this.state.vector, ...q.example });
        const v = this.state.vector;
        const values = this.page.vectorValues;
        if (!v || !values) throw new Error('No vector example is shown');
        return { name: v.name, outputs: toWire(values.outputs), jacobian: toWire(values.jacobian) };
      }
      case 'export':
        await settle();
        return exportContent(q.format, this.state, this.page.curves, this.page.chart);
    }
  }
}
