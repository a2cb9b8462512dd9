/**
 * One titled chart of a live page: a heading, an optional legend, the LineChart and a readout line
 * that says what is under the cursor (the tooltip, also reachable from the keyboard).
 */

import { LineChart } from '../common/chart';
import { formatNumber, resolveColor } from '../../charts/chartModel';
import { t } from '../common/l10n';
import type { ThemeColors } from '../common/theme';
import type { LiveChartModel } from './chartModels';

export class ChartSection {
  readonly element = document.createElement('section');
  private readonly legend = document.createElement('div');
  private readonly body = document.createElement('div');
  private readonly readout = document.createElement('div');
  private chart: LineChart | undefined;
  private model: LiveChartModel | undefined;
  private theme: ThemeColors;
  private legendKey = '';

  constructor(
    readonly id: string,
    title: string,
    private readonly height: number,
    theme: ThemeColors,
    private readonly onFirstDraw?: () => void,
  ) {
    this.theme = theme;
    this.element.className = 'live-section';
    this.element.dataset.chart = id;
    const heading = document.createElement('h3');
    heading.textContent = title;
    this.legend.className = 'legend';
    this.body.className = 'chart-body';
    this.readout.className = 'readout muted';
    this.readout.setAttribute('aria-live', 'polite');
    this.element.append(heading, this.legend, this.body, this.readout);
    this.element.hidden = true;
  }

  /** Shows `model`; hides the section when there is nothing to draw. */
  setModel(model: LiveChartModel | undefined): void {
    this.model = model;
    this.element.hidden = !model || model.x.length === 0;
    if (this.element.hidden || !model) return;
    if (!this.chart) {
      this.chart = new LineChart(
        this.body,
        {
          ariaLabel: this.element.querySelector('h3')?.textContent ?? this.id,
          height: this.height,
          onHover: (i) => this.showReadout(i),
          onDraw: () => this.onFirstDraw?.(),
          keyboardHelp: t('Arrow keys move the readout; + and − zoom; 0 resets.'),
        },
        this.theme,
      );
    }
    this.chart.setModel(model);
    this.renderLegend(model);
    const hovered = this.chart.hoveredIndex;
    if (hovered !== null) this.showReadout(hovered);
  }

  setTheme(theme: ThemeColors): void {
    this.theme = theme;
    this.chart?.setTheme(theme);
    this.legendKey = '';
    if (this.model) this.renderLegend(this.model);
  }

  /** Replaces the legend with custom content (the per-layer chart's depth bar); undefined restores the usual one. */
  setLegend(content: HTMLElement | undefined): void {
    this.legendKey = content ? 'custom' : '';
    this.legend.replaceChildren(...(content ? [content] : []));
    if (!content && this.model) this.renderLegend(this.model);
  }

  /** True when the chart's canvas has painted pixels (asked by tests through the host). */
  hasPixels(): boolean {
    const canvas = this.body.querySelector('canvas');
    if (!canvas || this.element.hidden || canvas.width === 0) return false;
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    if (!data) return false;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  }

  destroy(): void {
    this.chart?.destroy();
    this.element.remove();
  }

  private renderLegend(model: LiveChartModel): void {
    if (this.legendKey === 'custom') return;
    const key = JSON.stringify([model.series.map((s) => [s.label, s.color, s.dash]), Boolean(model.bands?.length)]);
    if (key === this.legendKey) return;
    this.legendKey = key;
    const items = model.series.filter((s) => s.label !== '').map((s) => {
      const item = document.createElement('span');
      item.className = 'legend-item';
      const swatch = document.createElement('span');
      swatch.className = s.dash ? 'swatch dashed' : 'swatch';
      swatch.style.borderColor = resolveColor(s.color, this.theme);
      item.append(swatch, document.createTextNode(s.label));
      return item;
    });
    if (model.bands?.length) {
      const item = document.createElement('span');
      item.className = 'legend-item';
      const swatch = document.createElement('span');
      swatch.className = 'swatch band';
      swatch.style.backgroundColor = resolveColor('warning', this.theme);
      item.append(swatch, document.createTextNode(t('clipped')));
      items.push(item);
    }
    this.legend.replaceChildren(...items);
  }

  private showReadout(index: number | null): void {
    const m = this.model;
    if (index === null || !m || index >= m.x.length) {
      this.readout.textContent = '';
      return;
    }
    const value = (y: number) => (m.exponents ? 10 ** y : y); // exponent axes still read out the values
    const values = m.series.filter((s) => s.label !== '').map((s) => `${s.label} ${formatNumber(value(s.y[index] ?? NaN), 3)}`);
    this.readout.textContent = `${t('step {0}', m.x[index]!)}: ${values.join(' · ')}`;
  }
}
