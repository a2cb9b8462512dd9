/**
 * A LineChart with what the depth page adds around it: a legend (the chart itself draws none) and a
 * readout line naming the values under the cursor, which keyboard users reach with the arrow keys.
 */
import { LineChart } from '../common/chart';
import { formatNumber, resolveColor, type ChartModel, type ChartPalette } from '../../charts/chartModel';
import { t } from '../common/l10n';
import { el } from '../common/dom';

export interface DepthChartOptions {
  readonly ariaLabel: string;
  readonly height: number;
  /** Names the x value in the readout: "layer", "depth", "step". */
  readonly xName: string;
  readonly onDraw?: (finishedAt: number) => void;
}

export class DepthChart {
  private readonly chart: LineChart;
  private readonly legend = el('div', 'legend');
  private readonly readout = el('div', 'readout muted');
  private palette: ChartPalette;
  private legendKey = '';

  constructor(host: HTMLElement, private readonly options: DepthChartOptions, palette: ChartPalette) {
    this.palette = palette;
    this.readout.setAttribute('aria-live', 'polite');
    host.before(this.legend);
    host.after(this.readout);
    this.chart = new LineChart(host, {
      ariaLabel: options.ariaLabel,
      height: options.height,
      keyboardHelp: t('Arrow keys move the readout, Shift+arrows pan, + and − zoom, 0 resets'),
      onHover: (i) => this.showReadout(i),
      onDraw: options.onDraw,
    }, palette);
  }

  get currentModel(): ChartModel | undefined {
    return this.chart.currentModel;
  }

  /** Draws the model; false when the chart could not draw it (the chart then shows why, see `error`). */
  setModel(model: ChartModel): boolean {
    const drawn = this.chart.setModel(model);
    this.renderLegend(model);
    this.showReadout(this.chart.hoveredIndex);
    return drawn;
  }

  get error(): string | null {
    return this.chart.error;
  }

  setTheme(palette: ChartPalette): void {
    this.palette = palette;
    this.chart.setTheme(palette);
    this.legendKey = '';
    const model = this.chart.currentModel;
    if (model) this.renderLegend(model);
  }

  toPngBase64(): string {
    return this.chart.toPngBase64();
  }

  toSvg(): string {
    return this.chart.toSvg();
  }

  private renderLegend(model: ChartModel): void {
    const key = JSON.stringify([model.series.map((s) => [s.label, s.color, s.dash]), model.bands?.length ?? 0]);
    if (key === this.legendKey) return;
    this.legendKey = key;
    const item = (label: string, swatchClass: string, paint: (swatch: HTMLElement) => void) => {
      const span = el('span', 'legend-item');
      const swatch = el('span', `swatch ${swatchClass}`);
      paint(swatch); // CSSOM colours: allowed under the page's style-src (no inline style attributes)
      span.append(swatch, document.createTextNode(label));
      return span;
    };
    const items = model.series.map((s) => item(s.label, s.dash ? 'dashed' : '', (w) => (w.style.borderColor = resolveColor(s.color, this.palette))));
    if (model.bands?.length) items.push(item(t('clipping acted'), 'band', (w) => (w.style.backgroundColor = resolveColor('warning', this.palette))));
    this.legend.replaceChildren(...items);
  }

  private showReadout(index: number | null): void {
    const m = this.chart.currentModel;
    if (index === null || !m || index >= m.x.length) {
      this.readout.textContent = '';
      return;
    }
    const values = m.series.map((s) => `${s.label} ${formatNumber(s.y[index] ?? NaN, 4)}`);
    this.readout.textContent = `${this.options.xName} ${m.x[index]}: ${values.join(' · ')}`;
  }
}
