/**
 * Draws an analysis: the per-layer gradient chart and the summary always, the "why", forward
 * statistics and clipping sections only while they are open (opening one draws it from the current
 * analysis). An outcome with an error keeps the last good charts and shows the message inline.
 */
import { formatNumber, type ChartPalette } from '../../charts/chartModel';
import { t } from '../common/l10n';
import type { DepthAnalysis } from '../../analysis/depth/types';
import type { DepthSnapshot } from '../../protocol';
import { toDepthReport, jsonNumber } from '../../analysis/depth/report';
import { clippingChart, forwardChart, gradientChart, whyChart } from './chartModels';
import { HistogramView } from './histogram';
import type { DepthLayout } from './layout';
import { readSummary, renderSummary } from './summary';
import { renderWhyTable } from './tables';
import type { AnalysisOutcome } from './workerClient';
import type { DepthControls } from './controls';
import { el } from '../common/dom';
import { DepthChart } from './depthChart';

export class DepthView {
  readonly gradient: DepthChart;
  readonly why: DepthChart;
  readonly forward: DepthChart;
  readonly clipping: DepthChart;
  readonly histogram: HistogramView;
  private analysis: DepthAnalysis | null = null;
  private error: string | null = null;
  private selectedLayer: number | null;
  private readonly layerSlider: HTMLInputElement;
  private readonly layerLabel: HTMLElement;
  /** The text size the charts draw with now. */
  private chartFontSize: number;
  /** Time the last render took on the page, in ms. */
  lastDrawMs = 0;
  /** performance.now() when the gradient chart last finished drawing, and when the last render returned. */
  lastPaintAt = 0;
  lastRenderEndAt = 0;

  constructor(
    private readonly layout: DepthLayout,
    palette: ChartPalette,
    private readonly controls: DepthControls,
    selectedLayer: number | null,
    private readonly onSelectLayer: (layer: number) => void,
  ) {
    const chart = (slot: { host: HTMLElement }, ariaLabel: string, height: number, onDraw?: (at: number) => void) =>
      new DepthChart(slot.host, { ariaLabel, height, xName: t('layer'), onDraw }, palette);
    this.gradient = chart(layout.gradients, t('Gradient norm per layer'), 340, (at) => (this.lastPaintAt = at));
    this.why = chart(layout.why, t('Why: activation part × weight part'), 260);
    this.forward = chart(layout.forward, t('Forward statistics per layer'), 240);
    this.clipping = chart(layout.clipping, t('Gradients before and after clipping'), 240);
    this.histogram = new HistogramView(layout.histogram.host, t('Histogram of the selected layer'), palette);
    this.selectedLayer = selectedLayer;
    this.chartFontSize = palette.fontSize;
    const label = el('label', undefined, t('Histogram of layer'));
    this.layerSlider = el('input');
    this.layerSlider.type = 'range';
    this.layerSlider.min = '1';
    this.layerSlider.id = 'histogram-layer';
    label.htmlFor = this.layerSlider.id;
    this.layerLabel = el('span', 'muted');
    this.layerSlider.addEventListener('input', () => {
      this.selectedLayer = Number(this.layerSlider.value);
      this.onSelectLayer(this.selectedLayer);
      this.drawHistogram();
    });
    layout.histogramControls.append(label, this.layerSlider, this.layerLabel);
  }

  get current(): DepthAnalysis | null {
    return this.analysis;
  }

  setTheme(palette: ChartPalette): void {
    this.chartFontSize = palette.fontSize;
    for (const c of [this.gradient, this.why, this.forward, this.clipping]) c.setTheme(palette);
    this.histogram.setTheme(palette);
  }

  render(outcome: AnalysisOutcome): void {
    const t0 = performance.now();
    this.controls.clearErrors();
    if (outcome.error || !outcome.analysis) {
      this.error = outcome.error?.message ?? t('The analysis failed');
      if (outcome.error?.field) this.controls.setError(outcome.error.field, this.error);
      this.layout.error.textContent = t('Not updated: {0}', this.error);
      this.layout.error.hidden = false;
      return;
    }
    this.error = null;
    this.layout.error.hidden = true;
    this.analysis = outcome.analysis;
    try {
      // A chart that cannot draw says so in its own place (LineChart); the page stays usable either way.
      if (!this.gradient.setModel(gradientChart(outcome.analysis))) this.error = this.gradient.error;
      renderSummary(this.layout.summary, outcome.analysis);
      this.drawOpenSections();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.layout.error.textContent = t('Not updated: {0}', this.error);
      this.layout.error.hidden = false;
      console.error('Gradient Lab depth view:', e);
    }
    this.lastRenderEndAt = performance.now();
    this.lastDrawMs = this.lastRenderEndAt - t0;
    const computed = formatNumber(outcome.computeMs, 3), drawn = formatNumber(this.lastDrawMs, 3);
    this.layout.status.textContent = outcome.precision === 'float32'
      ? t('float32 preview while you drag (float64 once you stop): computed in {0} ms, drawn in {1} ms', computed, drawn)
      : t('computed in {0} ms, drawn in {1} ms', computed, drawn);
  }

  /** Draws whichever sections are open (called after a render and when one is opened). */
  drawOpenSections(): void {
    const a = this.analysis;
    if (!a) return;
    const open = this.layout.sections;
    if (open.why.open) {
      this.why.setModel(whyChart(a));
      renderWhyTable(this.layout.whyTable, a);
    }
    if (open.forward.open) {
      this.forward.setModel(forwardChart(a));
      this.drawHistogram();
    }
    if (open.clipping.open) this.drawClipping(a);
  }

  snapshot(settings: DepthSnapshot['settings']): DepthSnapshot {
    const a = this.analysis;
    const model = this.gradient.currentModel;
    const column = (i: number) => Array.from(model?.series[i]?.y ?? [], (v) => jsonNumber(v));
    return {
      report: a ? toDepthReport(a) : null,
      chart: model ? { layers: Array.from(model.x), gradNorm: column(0), weightGradNorm: column(1), theory: column(2) } : null,
      summary: readSummary(this.layout.summary),
      error: this.error,
      settings,
      chartFontSize: this.chartFontSize,
    };
  }

  private drawHistogram(): void {
    const a = this.analysis;
    if (!a || a.forward.length === 0) return;
    const layer = Math.min(a.forward.length, Math.max(1, this.selectedLayer ?? a.forward.length));
    this.layerSlider.max = String(a.forward.length);
    this.layerSlider.value = String(layer);
    this.layerLabel.textContent = `${layer} / ${a.forward.length}`;
    const stats = a.forward[layer - 1];
    this.histogram.show(stats.histogram, t('Layer {0}: outputs x (mean {1}, std {2}, saturated {3} %)', layer,
      formatNumber(stats.mean, 3), formatNumber(stats.std, 3), formatNumber(100 * stats.saturatedFraction, 3)));
  }

  private drawClipping(a: DepthAnalysis): void {
    const c = a.clipping;
    const numbers = this.layout.clippingNumbers;
    const model = clippingChart(a);
    this.layout.clipping.card.hidden = model === null;
    if (!c || !model) {
      numbers.textContent = t('Choose clipping by value or by norm to see what it does to these gradients.');
      return;
    }
    this.clipping.setModel(model);
    const row = (key: string, label: string, value: string) => {
      const d = el('div', 'number');
      d.dataset.key = key;
      d.append(el('span', 'summary-label', label), el('span', 'summary-value', value));
      return d;
    };
    // Norm clipping scales every coordinate alike: an angle of 1e-15° is rounding, and 0° is the truth.
    const raw = (c.angle * 180) / Math.PI;
    const degrees = Math.abs(raw) < 1e-6 ? 0 : raw;
    numbers.replaceChildren(
      row('totalBefore', t('total norm before'), formatNumber(c.totalNormBefore, 4)),
      row('totalAfter', t('total norm after'), formatNumber(c.totalNormAfter, 4)),
      row('coefficient', t('scaling coefficient'), c.coefficient === null ? t('— (value clipping)') : formatNumber(c.coefficient, 4)),
      row('fraction', t('coordinates clipped'), `${formatNumber(100 * c.fractionClipped, 4)} %`),
      row('angle', t('angle to the unclipped gradient'), `${formatNumber(degrees, 4)}°`),
      el('p', 'muted', c.mode === 'value'
        ? t('Value clipping clamps each coordinate, so it turns the gradient: the update no longer points where the gradient did.')
        : t('Norm clipping scales every coordinate by the same factor, so the direction is unchanged (angle 0).')),
    );
  }
}
