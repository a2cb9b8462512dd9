/**
 * The Plot Activation page: holds the state, computes every curve with the engine (f, f', f'' by
 * autograd), draws the chart, and keeps the cards, readout and softmax example in step. Slider drags
 * re-plot once per animation frame, and the time from the frame's start to the end of the draw is
 * recorded (the goal is one 16 ms frame).
 */

import type { ActivationPanelState, CurveSpec, PlotView, VectorExample } from '../../protocol';
import { LineChart } from '../common/chart';
import { t } from '../common/l10n';
import { readTheme, watchTheme } from '../common/theme';
import { checkExpression, findActivation, resolveCurve, type ResolvedCurve } from '../../plot/catalog';
import { buildActivationChart, colorOfId, type PlottedCurve, type SeriesKey } from '../../plot/chartBuild';
import { clampLessonLayers } from '../../analysis/depth/lesson';
import { CurveCards, type CardData } from './curveCards';
import { LessonView } from './lesson';
import { curveFacts, factRows, type CurveFacts } from './facts';
import { ReadoutView, readoutAt } from './readoutView';
import { sampleOnGrid, type CurveValues } from '../../plot/sample';
import { Toolbar, type ToolbarEvents } from './toolbar';
import { computeVectorExample, type VectorValues } from '../../plot/vector';
import { VectorView } from './vectorView';

export interface ComputedCurve {
  readonly spec: CurveSpec;
  readonly resolved: ResolvedCurve;
  readonly values?: CurveValues;
  readonly error?: string;
  readonly key: string;
}

export interface PageHooks extends Pick<ToolbarEvents, 'onExport' | 'onAddExpression'> {
  onViewChange(change: Partial<PlotView>): void;
  onReset(): void;
  onParam(curveId: string, name: string, value: number): void;
  onRemove(curveId: string): void;
  onExpression(curveId: string, text: string): void;
  onVector(example: VectorExample): void;
  /** Every completed draw, with whether it was the first since the page loaded. */
  onDrawn(first: boolean): void;
  onLessonLayers(layers: number): void;
  onSeeDepth(curveId: string): void;
}

const REPLOT_SAMPLES = 240;

export class PageView {
  readonly chart: LineChart;
  private readonly toolbar: Toolbar;
  private readonly cards: CurveCards;
  private readonly readout: ReadoutView;
  private readonly lesson: LessonView;
  private readonly vectorView: VectorView;
  private readonly empty: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly computed = new Map<string, ComputedCurve>();
  private readonly facts = new Map<string, { key: string; facts: CurveFacts | undefined }>();
  private factsTimer: ReturnType<typeof setTimeout> | undefined;
  private keys: SeriesKey[] = [];
  private drawn = false;
  private replotStart: number | undefined;
  readonly replotMs: number[] = [];
  vectorValues: VectorValues | undefined;
  rangeError = '';

  constructor(root: HTMLElement, private readonly hooks: PageHooks) {
    this.lesson = new LessonView({ onLayers: (l) => hooks.onLessonLayers(l), onSeeDepth: (id) => hooks.onSeeDepth(id) });
    root.append(this.lesson.lead);
    this.toolbar = new Toolbar(root, { ...hooks, onView: (c) => hooks.onViewChange(c), onReset: () => hooks.onReset() });
    const chartArea = document.createElement('div');
    chartArea.className = 'gl-chart-area';
    root.append(chartArea);
    this.chart = new LineChart(
      chartArea,
      {
        ariaLabel: t('Activation functions and their derivatives'),
        keyboardHelp: t('Arrow keys move the readout, Shift+arrows pan, plus and minus zoom, 0 resets'),
        onHover: (index) => this.showReadout(index),
        onXRangeChange: (min, max) => hooks.onViewChange({ xMin: min, xMax: max }),
        onReset: () => hooks.onReset(),
        onDraw: (at) => this.afterDraw(at),
      },
      readTheme(),
    );
    this.legend = document.createElement('div');
    this.legend.className = 'gl-legend';
    this.legend.setAttribute('aria-label', t('Legend'));
    root.append(this.legend);
    const hint = document.createElement('p');
    hint.className = 'muted gl-hint';
    hint.textContent = t('Drag to pan, scroll to zoom, Shift+drag to zoom to a box, double-click to reset. Shaded: |f′| < 0.01 (light) and f′ = 0 (dark).');
    root.append(hint);
    this.readout = new ReadoutView(root);
    root.append(this.lesson.element);
    const cards = document.createElement('div');
    cards.className = 'gl-cards';
    root.append(cards);
    this.cards = new CurveCards(cards, hooks);
    this.empty = document.createElement('p');
    this.empty.className = 'muted gl-empty';
    this.empty.textContent = t('Nothing to plot yet: run "Gradient Lab: Plot Activation" or add an expression.');
    root.append(this.empty);
    this.vectorView = new VectorView(root, { onChange: (e) => hooks.onVector(e) });
    watchTheme((theme) => this.chart.setTheme(theme));
  }

  get curves(): readonly ComputedCurve[] {
    return [...this.computed.values()];
  }

  get seriesKeys(): readonly SeriesKey[] {
    return this.keys;
  }

  get painted(): boolean {
    return this.drawn;
  }

  /** Marks the next draw as a slider re-plot to be timed from now. */
  startReplotTiming(): void {
    this.replotStart = performance.now();
  }

  /** Recomputes what changed and redraws everything from `state`. */
  render(state: ActivationPanelState, factsArrived = false): void {
    const { view } = state;
    const live = new Set<string>();
    for (const spec of state.curves) {
      live.add(spec.id);
      const key = JSON.stringify([spec.source, spec.params, view.xMin, view.xMax, view.points]);
      if (this.computed.get(spec.id)?.key === key) continue;
      const resolved = resolveCurve(spec.source, spec.params);
      let values: CurveValues | undefined, error: string | undefined;
      if (resolved.ok) {
        try {
          values = sampleOnGrid(resolved.apply, view.xMin, view.xMax, view.points);
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
      } else error = resolved.error;
      this.computed.set(spec.id, { spec, resolved, values, error, key });
    }
    for (const id of [...this.computed.keys()]) if (!live.has(id)) this.computed.delete(id);
    // Keep state order.
    const ordered = state.curves.map((c) => this.computed.get(c.id)!);
    this.computed.clear();
    for (const c of ordered) this.computed.set(c.spec.id, c);

    const plotted: PlottedCurve[] = ordered
      .filter((c) => c.values)
      .map((c) => ({ id: c.spec.id, label: c.resolved.label, color: colorOfId(c.spec.id), values: c.values!, maxAbsDf: this.facts.get(c.spec.id)?.facts?.maxAbsDf }));
    const { model, keys } = buildActivationChart(plotted, view, { x: 'x', y: t('f(x), f′(x), f″(x)') });
    this.keys = keys;
    this.chart.setModel(model);
    this.renderLegend(model.series.map((s, i) => ({ label: s.label, color: colorOfId(keys[i].curveId), order: keys[i].order })));
    this.toolbar.update(view, this.rangeError);
    this.empty.hidden = state.curves.length > 0 || state.vector !== undefined;
    this.scheduleFacts(state, factsArrived);
    this.cards.update(ordered.map((c) => this.cardData(c, state)));
    this.lesson.update(
      ordered.filter((c) => c.values).map((c) => {
        const facts = this.facts.get(c.spec.id)?.facts;
        return { id: c.spec.id, label: c.resolved.label, color: colorOfId(c.spec.id), maxAbsDf: facts?.maxAbsDf, meanSquaredDf: facts?.meanSquaredDf };
      }),
      clampLessonLayers(state.lessonLayers),
    );
    this.showReadout(this.chart.hoveredIndex);
    this.renderVector(state.vector);
  }

  renderVector(example: VectorExample | undefined): void {
    this.vectorValues = undefined;
    if (example) {
      try {
        this.vectorValues = computeVectorExample(example);
      } catch (e) {
        this.vectorValues = undefined;
        console.error('[gradient-lab] vector example failed', e);
      }
    }
    this.vectorView.update(example, this.vectorValues, example ? findActivation(example.name)?.label ?? example.name : '');
  }

  private cardData(c: ComputedCurve, state: ActivationPanelState): CardData {
    const spec = c.resolved.ok ? c.resolved.spec : undefined;
    const draft = state.drafts[c.spec.id];
    const expression = c.spec.source.kind === 'expression' ? draft ?? c.spec.source.source : undefined;
    const draftCheck = draft !== undefined ? checkExpression(draft) : undefined;
    return {
      id: c.spec.id,
      label: c.resolved.label,
      color: colorOfId(c.spec.id),
      description: spec?.description,
      params: c.spec.params,
      paramSpecs: spec?.params ?? [],
      expression,
      expressionError: draftCheck && !draftCheck.ok ? { message: draftCheck.message, start: draftCheck.start, end: draftCheck.end } : undefined,
      error: c.error,
      facts: factRows(this.facts.get(c.spec.id)?.facts, this.facts.has(c.spec.id)),
    };
  }

  /**
   * Facts need quadrature over the real line (0.1–0.3 s per curve): computed after a pause, not on every
   * slider frame, and one curve per task so the page stays responsive while several fill in.
   */
  private scheduleFacts(state: ActivationPanelState, soon = false): void {
    if (this.factsTimer !== undefined) clearTimeout(this.factsTimer);
    const key = (c: CurveSpec) => JSON.stringify([c.source, c.params]);
    const next = state.curves.find((c) => this.facts.get(c.id)?.key !== key(c));
    if (!next) return;
    this.factsTimer = setTimeout(() => {
      this.factsTimer = undefined;
      const resolved = this.computed.get(next.id)?.resolved;
      this.facts.set(next.id, { key: key(next), facts: resolved?.ok ? safeFacts(resolved.apply, resolved.spec?.kinks) : undefined });
      this.render(state, true);
    }, soon || this.facts.size === 0 ? 0 : 150);
  }

  /** One key per series: the curve's colour, and solid / dashed / dotted for f / f′ / f″ (as on the chart). */
  private renderLegend(items: readonly { label: string; color: number; order: string }[]): void {
    this.legend.replaceChildren(
      ...items.map((item) => {
        const entry = document.createElement('span');
        entry.className = 'gl-legend-item';
        const key = document.createElement('span');
        key.className = `gl-key gl-key-${item.order} c${item.color % 8}`;
        key.setAttribute('aria-hidden', 'true');
        entry.append(key, document.createTextNode(item.label));
        return entry;
      }),
    );
  }

  private showReadout(index: number | null): void {
    const curves = this.curves
      .filter((c) => c.values)
      .map((c) => ({ id: c.spec.id, label: c.resolved.label, color: colorOfId(c.spec.id), values: c.values! }));
    this.readout.show(index === null ? undefined : readoutAt(curves, index), curves);
  }

  private afterDraw(at: number): void {
    if (this.replotStart !== undefined) {
      this.replotMs.push(at - this.replotStart);
      if (this.replotMs.length > REPLOT_SAMPLES) this.replotMs.shift();
      this.replotStart = undefined;
      // For the end-to-end test, which drags a real slider and cannot query the page.
      document.body.dataset.replotMs = this.replotMs.map((ms) => ms.toFixed(2)).join(' ');
    }
    const first = !this.drawn && this.computed.size > 0;
    if (first) this.drawn = true;
    this.hooks.onDrawn(first);
  }
}

/** A function the quadrature cannot handle shows "—" in its facts box rather than breaking the page. */
function safeFacts(apply: Parameters<typeof curveFacts>[0], kinks?: readonly number[]): CurveFacts | undefined {
  try {
    return curveFacts(apply, kinks);
  } catch (e) {
    console.warn('[gradient-lab] facts failed', e);
    return undefined;
  }
}
