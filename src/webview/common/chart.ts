/**
 * A line chart for the webviews, on uPlot (24 KB gzipped, no CSP violations; see ecosystem notes §5).
 *
 *   const chart = new LineChart(container, { ariaLabel, onHover, onXRangeChange, onReset });
 *   chart.setModel(model);       // a ChartModel: x, series, bands, rules, axes (log or linear), ranges
 *   chart.setTheme(readTheme()); // on every theme change: colours are re-read and the chart redrawn
 *   chart.showCursorAt(x);       // keyboard / programmatic hover; onHover(index) fires as for the mouse
 *   chart.toPngBase64(); chart.toSvg();
 *
 * Interaction (chartInteraction.ts): drag pans, the wheel zooms around the pointer, Shift+drag zooms
 * to a box, double-click resets; keys ←/→ move the readout, Shift+←/→ pan, +/− zoom, 0 resets.
 * When `onXRangeChange` is given the chart only reports the wanted x range (the owner re-samples and
 * calls setModel); without it, the chart zooms its own data.
 *
 * NaN and ±Infinity break the lines (toDrawColumn); y follows robustRange unless the model fixes it.
 * A log axis always shows whole decades (snapToDecades), also after a pan or zoom. Ticks come from
 * chartTicks.ts (never uPlot's own splits, which loop without end below 1e-26); axis titles are page
 * text above and below the canvas, so they wrap instead of being cut. A draw that throws anyway
 * replaces the picture with the error in words: no stale chart is left on screen.
 */

import uPlot from 'uplot';
import { bindInteraction, type RangeRequest } from './chartInteraction';
import { CHART_STRINGS } from '../../charts/chartStrings';
import { chartToSvg } from '../../charts/chartSvg';
import { axisTicks, isolatedPoints } from '../../charts/chartTicks';
import { t } from './l10n';
import {
  formatTick,
  nearestIndex,
  resolveColor,
  snapToDecades,
  spreadLabels,
  toDrawColumn,
  xAxisRange,
  yAxisRange,
  type ChartModel,
  type ChartPalette,
} from '../../charts/chartModel';

export interface LineChartOptions {
  /** Accessible name of the chart (its keyboard help is appended). */
  readonly ariaLabel: string;
  /** Plot height in CSS pixels (the width follows the container). */
  readonly height?: number;
  /** The hovered data index, or null when the cursor leaves the plot. */
  readonly onHover?: (index: number | null) => void;
  /** The user asked for another x range (pan, zoom). Without it the chart zooms its own data. */
  readonly onXRangeChange?: (min: number, max: number) => void;
  /** The user asked to reset the view (double-click, key 0). Without it the data's extent is shown. */
  readonly onReset?: () => void;
  /** After every completed draw of new data, with the time it finished (performance.now()). */
  readonly onDraw?: (finishedAt: number) => void;
  /** Text appended to the aria-label: how to use the chart from the keyboard. */
  readonly keyboardHelp?: string;
}

export class LineChart {
  private plot: uPlot | undefined;
  private model: ChartModel | undefined;
  private palette: ChartPalette;
  private xRange: [number, number] = [0, 1];
  private yRange: [number, number] = [0, 1];
  private signature = '';
  private readonly host: HTMLDivElement;
  private readonly canvasHost: HTMLDivElement;
  private readonly yTitle: HTMLDivElement;
  private readonly xTitle: HTMLDivElement;
  private readonly errorBox: HTMLDivElement;
  /** The message of the last draw that failed, or null while the chart shows the current model. */
  private drawError: string | null = null;
  private yAxisWidth = 0;
  private readonly resizeObserver: ResizeObserver;
  private readonly unbind: () => void;
  private cursorIndex: number | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: LineChartOptions,
    palette: ChartPalette,
  ) {
    this.palette = palette;
    this.host = document.createElement('div');
    this.host.className = 'gl-chart';
    this.host.tabIndex = 0;
    this.host.setAttribute('role', 'application');
    this.host.setAttribute('aria-roledescription', 'chart');
    this.host.setAttribute('aria-label', [options.ariaLabel, options.keyboardHelp].filter(Boolean).join('. '));
    this.yTitle = div('gl-chart-title gl-chart-ytitle');
    this.canvasHost = div('gl-chart-canvas');
    this.xTitle = div('gl-chart-title gl-chart-xtitle');
    this.errorBox = div('gl-chart-error');
    this.errorBox.setAttribute('role', 'alert');
    this.errorBox.hidden = true;
    this.host.append(this.yTitle, this.canvasHost, this.xTitle, this.errorBox);
    container.appendChild(this.host);
    this.unbind = bindInteraction(this.host, {
      plot: () => this.plot,
      xLog: () => this.model?.xAxis?.log ?? false,
      range: () => this.xRange,
      request: (r) => this.requestRange(r),
      reset: () => this.reset(),
      step: (delta) => this.stepCursor(delta),
      hideCursor: () => this.hideCursor(),
    });
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
  }

  /**
   * Shows new data. The uPlot instance is rebuilt only when the set of series changes. Returns false
   * when the chart could not be drawn: the picture is then replaced by the error (drawError).
   */
  setModel(model: ChartModel): boolean {
    this.model = model;
    this.setTitles(model);
    // Log axes get whole decades with min > 0 (xAxisRange/yAxisRange).
    this.xRange = xAxisRange(model);
    this.yRange = yAxisRange(model);
    const signature = JSON.stringify([
      model.series.map((s) => [s.label, s.color, s.dash, s.width]),
      model.xAxis,
      model.yAxis,
    ]);
    if (!this.plot || signature !== this.signature || this.drawError !== null) {
      this.signature = signature;
      return this.guard(() => this.rebuild());
    }
    const plot = this.plot;
    return this.guard(() => {
      plot.batch(() => {
        plot.setData(this.columns(), false);
        plot.setScale('x', { min: this.xRange[0], max: this.xRange[1] });
        plot.setScale('y', { min: this.yRange[0], max: this.yRange[1] });
      });
      this.restoreCursor();
    });
  }

  /** Why the last draw failed, or null when the chart shows its current model. */
  get error(): string | null {
    return this.drawError;
  }

  /** New theme colours: rebuild so that axes, grid, series and decorations all pick them up. */
  setTheme(palette: ChartPalette): void {
    this.palette = palette;
    if (this.model) this.guard(() => this.rebuild());
  }

  get currentModel(): ChartModel | undefined {
    return this.model;
  }

  get hoveredIndex(): number | null {
    return this.cursorIndex;
  }

  /** Puts the readout cursor on the data point nearest x (as a keyboard user or a test would). */
  showCursorAt(x: number): number | null {
    if (!this.plot || !this.model || this.model.x.length === 0) return null;
    const index = nearestIndex(this.model.x, x);
    this.placeCursor(index);
    return index;
  }

  /** The canvas with a background and a legend strip, as base64 PNG (no data: prefix). */
  toPngBase64(): string {
    if (!this.plot || !this.model) throw new Error('Nothing is plotted yet');
    const source = this.plot.ctx.canvas;
    const ratio = source.width / Math.max(1, this.plot.width);
    const fs = this.palette.fontSize * ratio;
    const rowHeight = Math.round(fs * 1.8);
    const yTitle = this.model.yAxis?.label, xTitle = this.model.xAxis?.label;
    const top = yTitle ? rowHeight : 0, below = xTitle ? rowHeight : 0;
    const out = document.createElement('canvas');
    out.width = source.width;
    out.height = top + source.height + below + rowHeight * Math.max(1, Math.ceil(this.model.series.length / 3));
    const ctx = out.getContext('2d');
    if (!ctx) throw new Error('This webview cannot create a 2D canvas');
    ctx.fillStyle = this.palette.background;
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(source, 0, top);
    ctx.font = `${fs}px ${this.palette.fontFamily}`;
    ctx.textBaseline = 'middle';
    ctx.fillStyle = this.palette.muted;
    if (yTitle) ctx.fillText(yTitle, 4 * ratio, rowHeight / 2);
    if (xTitle) {
      ctx.textAlign = 'center';
      ctx.fillText(xTitle, out.width / 2, top + source.height + rowHeight / 2);
      ctx.textAlign = 'left';
    }
    const colWidth = out.width / 3;
    this.model.series.forEach((s, i) => {
      const x = (i % 3) * colWidth + 12 * ratio, y = top + source.height + below + rowHeight * (Math.floor(i / 3) + 0.5);
      ctx.strokeStyle = resolveColor(s.color, this.palette);
      ctx.lineWidth = (s.width ?? 2) * ratio;
      ctx.setLineDash((s.dash ?? []).map((d) => d * ratio));
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + 24 * ratio, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = this.palette.foreground;
      ctx.fillText(s.label, x + 30 * ratio, y);
    });
    return out.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  }

  /** The same picture as SVG (chartSvg.ts), at the chart's current size and view. */
  toSvg(): string {
    if (!this.model) throw new Error('Nothing is plotted yet');
    const width = Math.max(320, this.plot?.width ?? 800), height = Math.max(240, (this.plot?.height ?? 400) + 40);
    return chartToSvg({ ...this.model, xRange: this.xRange, yRange: this.yRange }, this.palette, { width, height });
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    this.unbind();
    this.plot?.destroy();
    this.plot = undefined;
    this.host.remove();
  }

  // ---- internals ----

  private columns(): uPlot.AlignedData {
    const m = this.model!;
    const log = m.yAxis?.log ?? false;
    return [Float64Array.from(m.x), ...m.series.map((s) => toDrawColumn(s.y, log, this.yRange))] as unknown as uPlot.AlignedData;
  }

  /** Runs a draw; on failure shows the error in place of the picture and keeps the chart usable. */
  private guard(draw: () => void): boolean {
    try {
      draw();
      if (this.drawError !== null) {
        this.drawError = null;
        this.errorBox.hidden = true;
        this.canvasHost.hidden = false;
      }
      return true;
    } catch (e) {
      this.drawError = e instanceof Error ? e.message : String(e);
      // The next setModel rebuilds from scratch instead of updating a half-drawn plot.
      try {
        this.plot?.destroy();
      } catch {
        /* a plot that failed to draw may fail to tear down as well */
      }
      this.plot = undefined;
      this.canvasHost.replaceChildren();
      this.canvasHost.hidden = true;
      this.errorBox.textContent = t(CHART_STRINGS.drawFailed, this.drawError);
      this.errorBox.hidden = false;
      console.error('Gradient Lab chart:', e);
      return false;
    }
  }

  /** Axis titles as page text; the DOM is touched only when they change (a slider drag redraws often). */
  private setTitles(m: ChartModel): void {
    const size = `${this.palette.fontSize}px`;
    for (const [e, text] of [[this.yTitle, m.yAxis?.label ?? ''], [this.xTitle, m.xAxis?.label ?? '']] as const) {
      if (e.textContent !== text) e.textContent = text;
      if (e.hidden !== !text) e.hidden = !text;
      if (e.style.fontSize !== size) e.style.fontSize = size;
    }
  }

  private rebuild(): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.yAxisWidth = 0;
    this.canvasHost.replaceChildren();
    const m = this.model!;
    const p = this.palette;
    this.setTitles(m);
    const font = `${p.fontSize}px ${p.fontFamily}`;
    const axis = (horizontal: boolean, spec: ChartModel['xAxis']): uPlot.Axis => {
      const log = spec?.log ?? false;
      return {
        font,
        stroke: () => this.palette.muted,
        grid: { stroke: () => this.palette.grid, width: 1 },
        ticks: { stroke: () => this.palette.grid, width: 1, size: 4 },
        // uPlot picks an increment before asking for splits; one that always "fits" keeps it from
        // hiding the axis, and the splits below ignore it.
        incrs: () => [Number.MAX_VALUE],
        splits: (u, _axisIdx, min, max) =>
          axisTicks(min, max, (horizontal ? u.bbox.width : u.bbox.height) / uPlot.pxRatio, { log, integer: spec?.integer, horizontal, fontSize: this.palette.fontSize }),
        filter: (_u, splits) => splits,
        values: (_u, splits) => splits.map((v) => (v == null ? '' : formatTick(v, log ? v : splits.length > 1 ? Math.abs(splits[1] - splits[0]) : 1))),
        size: horizontal ? Math.ceil(this.palette.fontSize * 1.6 + 10) : (_u, values) => this.yAxisSize(values),
      };
    };
    const options: uPlot.Options = {
      width: Math.max(200, this.container.clientWidth),
      height: this.options.height ?? 360,
      legend: { show: false },
      pxAlign: false, // dense curves stay smooth instead of snapping to a pixel staircase
      padding: [Math.ceil(p.fontSize * 0.75), Math.ceil(p.fontSize * 1.5), 0, 0],
      scales: {
        x: { time: false, auto: false, distr: m.xAxis?.log ? 3 : 1, range: () => this.xRange },
        y: { auto: false, distr: m.yAxis?.log ? 3 : 1, range: () => this.yRange },
      },
      axes: [axis(true, m.xAxis), axis(false, m.yAxis)],
      series: [
        {},
        ...m.series.map((s, i) => {
          const stroke = () => resolveColor(this.model!.series[i]?.color ?? s.color, this.palette);
          return {
            label: s.label,
            stroke,
            width: s.width ?? 2,
            dash: s.dash ? [...s.dash] : undefined,
            spanGaps: false,
            // A value with no drawable neighbour (a single point, a lone step between gaps) is a dot.
            points: {
              show: false,
              size: 2 * (s.width ?? 2) + 3,
              fill: stroke,
              stroke,
              filter: (u: uPlot, si: number) => {
                const idx = isolatedPoints(u.data[si] as ArrayLike<number>, m.yAxis?.log ?? false);
                return idx.length > 0 ? idx : null;
              },
            },
          };
        }),
      ],
      cursor: {
        y: false, // the readout is per x: a horizontal hair would suggest a y value it does not report
        drag: { x: true, y: false, setScale: false },
        points: { size: 7, width: 2, fill: () => this.palette.background },
        bind: {
          mousedown: (_u, _t, handler) => (e) => (e.shiftKey ? handler(e) : null), // plain drag pans (chartInteraction)
          dblclick: () => () => (this.reset(), null),
        },
      },
      hooks: {
        drawClear: [(u) => this.drawBands(u)],
        draw: [(u) => (this.drawRules(u), this.options.onDraw?.(performance.now()))],
        setCursor: [(u) => this.cursorMoved(u)],
        setSelect: [(u) => this.boxZoom(u)],
      },
    };
    // Initialised inside batch(): the first draw runs now, so a failure reaches guard() instead of a microtask.
    this.plot = new uPlot(options, this.columns(), (u, init) => {
      this.canvasHost.appendChild(u.root);
      u.batch(init);
    });
    this.restoreCursor();
  }

  /**
   * The y axis is as wide as its widest label (1e-300 needs more room than 10). It only grows while
   * the plot lives: a width that flips between redraws would make uPlot re-run its layout each time.
   */
  private yAxisSize(values: readonly string[] | null): number {
    this.yAxisWidth = Math.max(this.yAxisWidth, this.measureYAxis(values));
    return this.yAxisWidth;
  }

  private measureYAxis(values: readonly string[] | null): number {
    const ctx = measureContext();
    let widest = 0;
    if (ctx) {
      ctx.font = `${this.palette.fontSize}px ${this.palette.fontFamily}`;
      for (const v of values ?? []) widest = Math.max(widest, ctx.measureText(v).width);
    } else widest = Math.max(0, ...(values ?? []).map((v) => v.length * this.palette.fontSize * 0.6));
    return Math.ceil(widest + 4 + 8 + 4);
  }

  private resize(): void {
    const plot = this.plot;
    if (!plot) return;
    const width = Math.max(200, this.container.clientWidth);
    if (width !== plot.width) this.guard(() => plot.batch(() => plot.setSize({ width, height: plot.height })));
  }

  private requestRange(r: RangeRequest): void {
    const [min, max] = r;
    if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return;
    if (this.options.onXRangeChange) {
      this.options.onXRangeChange(min, max);
      return;
    }
    this.xRange = this.model?.xAxis?.log ? snapToDecades(min, max) : [min, max];
    this.plot?.setScale('x', { min: this.xRange[0], max: this.xRange[1] });
  }

  private reset(): void {
    if (this.options.onReset) this.options.onReset();
    else if (this.model) this.requestRange(xAxisRange({ ...this.model, xRange: undefined }));
  }

  private boxZoom(u: uPlot): void {
    if (u.select.width < 2) return;
    const min = u.posToVal(u.select.left, 'x'), max = u.posToVal(u.select.left + u.select.width, 'x');
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    this.requestRange([min, max]);
  }

  private cursorMoved(u: uPlot): void {
    const idx = u.cursor.idx ?? null;
    const left = u.cursor.left ?? -1;
    this.cursorIndex = left < 0 ? null : idx;
    this.options.onHover?.(this.cursorIndex);
  }

  private placeCursor(index: number): void {
    const u = this.plot;
    if (!u || !this.model) return;
    const left = u.valToPos(this.model.x[index], 'x');
    u.setCursor({ left, top: u.over.clientHeight / 2 });
    this.cursorIndex = index;
    this.options.onHover?.(index);
  }

  /** After new data the readout stays on the same x (while a slider drags, the numbers update live). */
  private restoreCursor(): void {
    const u = this.plot;
    if (!u) return;
    if (this.cursorIndex !== null && this.model && this.cursorIndex < this.model.x.length) {
      const x = this.model.x[this.cursorIndex];
      if (x >= this.xRange[0] && x <= this.xRange[1]) {
        queueMicrotask(() => this.plot === u && this.placeCursor(nearestIndex(this.model!.x, x)));
      } else this.hideCursor();
    }
  }

  private stepCursor(delta: number): void {
    if (!this.model || this.model.x.length === 0) return;
    const n = this.model.x.length;
    const stride = Math.max(1, Math.round(n / 200));
    const start = this.cursorIndex ?? nearestIndex(this.model.x, (this.xRange[0] + this.xRange[1]) / 2);
    const next = delta === -Infinity ? 0 : delta === Infinity ? n - 1 : Math.min(n - 1, Math.max(0, start + delta * stride));
    this.placeCursor(next);
  }

  private hideCursor(): void {
    this.plot?.setCursor({ left: -10, top: -10 });
    this.cursorIndex = null;
    this.options.onHover?.(null);
  }

  private drawBands(u: uPlot): void {
    const bands = this.model?.bands;
    if (!bands?.length) return;
    const { left, top, width, height } = u.bbox;
    const ctx = u.ctx;
    ctx.save();
    for (const b of bands) {
      const a = Math.max(left, u.valToPos(Math.max(b.x0, this.xRange[0]), 'x', true));
      const z = Math.min(left + width, u.valToPos(Math.min(b.x1, this.xRange[1]), 'x', true));
      if (!(z > a)) continue;
      ctx.globalAlpha = b.opacity;
      ctx.fillStyle = resolveColor(b.color, this.palette);
      ctx.fillRect(a, top, z - a, height);
    }
    ctx.restore();
  }

  private drawRules(u: uPlot): void {
    const rules = this.model?.rules ?? [];
    const { left, top, width, height } = u.bbox;
    const ctx = u.ctx;
    const ratio = u.ctx.canvas.width / Math.max(1, u.width);
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.font = `${this.palette.fontSize * ratio}px ${this.palette.fontFamily}`;
    const positions = rules.map((r) => u.valToPos(r.value, r.axis, true));
    // Labels of nearby y rules (sigmoid′ ≤ 0.25 next to tanh′ ≤ 0.3) stack instead of overprinting.
    const lineHeight = (this.palette.fontSize + 2) * ratio;
    // Above its line, unless that leaves the plot (tanh′ ≤ 1 at the top edge): then below it.
    const wanted = rules.map((r, i) => (r.axis !== 'y' || !r.label ? -Infinity : positions[i] - 3 * ratio - lineHeight < top ? positions[i] + lineHeight : positions[i] - 3 * ratio));
    const yLabels = spreadLabels(wanted, lineHeight);
    rules.forEach((r, i) => {
      const color = resolveColor(r.color, this.palette);
      const pos = positions[i];
      if (!Number.isFinite(pos)) return;
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = ratio;
      ctx.setLineDash((r.dash ?? []).map((d) => d * ratio));
      ctx.beginPath();
      if (r.axis === 'y') {
        ctx.moveTo(left, pos);
        ctx.lineTo(left + width, pos);
      } else {
        ctx.moveTo(pos, top);
        ctx.lineTo(pos, top + height);
      }
      ctx.stroke();
      if (!r.label) return;
      ctx.textBaseline = r.axis === 'y' ? 'bottom' : 'top';
      if (r.axis === 'y') {
        ctx.textAlign = 'right';
        ctx.fillText(r.label, left + width - 4 * ratio, yLabels[i]);
      } else {
        // Right of its line, unless that runs out of the plot (a divergence near the last step): then left of it.
        const fits = pos + 4 * ratio + ctx.measureText(r.label).width <= left + width;
        ctx.textAlign = fits ? 'left' : 'right';
        ctx.fillText(r.label, fits ? pos + 4 * ratio : pos - 4 * ratio, top + 4 * ratio);
      }
    });
    ctx.restore();
  }
}

function div(className: string): HTMLDivElement {
  const e = document.createElement('div');
  e.className = className;
  return e;
}

let measuring: CanvasRenderingContext2D | null | undefined;
function measureContext(): CanvasRenderingContext2D | null {
  if (measuring === undefined) measuring = document.createElement('canvas').getContext('2d');
  return measuring;
}
