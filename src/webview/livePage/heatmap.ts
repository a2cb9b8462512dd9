/**
 * Layer-by-step heatmap of gradient magnitude on a canvas: one row per layer (layer 1 on top), one
 * column per history point, colour = log10 of the norm on a theme-derived ramp, non-finite cells in
 * the theme's error colour. A colour bar below gives the scale; hovering (or the arrow keys on the
 * focused map) shows layer, step and value.
 */

import type { HistoryPoint } from '../../protocol';
import { formatNumber } from '../../charts/chartModel';
import { t } from '../common/l10n';
import type { ThemeColors } from '../common/theme';
import { parseColor, rampAt, toCss, type Rgb } from './colors';

export interface HeatmapOptions {
  readonly ariaLabel: string;
  /** Height of the cell area in CSS pixels. */
  readonly height: number;
}

/** The colour scale of the current data: log10 of the smallest and largest positive finite norms. */
export function magnitudeDomain(points: readonly HistoryPoint[]): [number, number] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const p of points) {
    for (const v of p.layerNorms) {
      if (!(v > 0) || !Number.isFinite(v)) continue;
      const e = Math.log10(v);
      if (e < lo) lo = e;
      if (e > hi) hi = e;
    }
  }
  if (!(lo <= hi)) return undefined;
  return hi - lo < 1e-9 ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

const LABEL_GAP = 6;
const BAR_HEIGHT = 8;

export class Heatmap {
  private readonly canvas = document.createElement('canvas');
  private readonly readout = document.createElement('div');
  private points: readonly HistoryPoint[] = [];
  private names: readonly string[] = [];
  private stops: Rgb[] = [];
  private invalid: Rgb = [255, 0, 0];
  private cursor: { row: number; col: number } | undefined;
  private readonly resizeObserver: ResizeObserver;
  private geometry = { left: 0, top: 0, width: 0, height: 0 };
  private drawn = false;

  constructor(private readonly container: HTMLElement, private theme: ThemeColors, private readonly options: HeatmapOptions) {
    this.canvas.className = 'gl-heatmap';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', options.ariaLabel);
    this.readout.className = 'readout muted';
    this.readout.setAttribute('aria-live', 'polite');
    container.append(this.canvas, this.readout);
    this.setTheme(theme);
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('mouseleave', () => this.setCursor(undefined));
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.resizeObserver = new ResizeObserver(() => this.draw());
    this.resizeObserver.observe(container);
  }

  setTheme(theme: ThemeColors): void {
    this.theme = theme;
    // purple -> blue -> green -> yellow: a viridis-like ramp from the theme's own chart colours
    const pick = (i: number, fallback: Rgb) => parseColor(theme.series[i] ?? '') ?? fallback;
    this.stops = [pick(3, [104, 33, 122]), pick(0, [55, 148, 255]), pick(2, [137, 209, 133]), pick(5, [204, 167, 0])];
    this.invalid = parseColor(theme.error) ?? [241, 76, 76];
    this.draw();
  }

  setData(points: readonly HistoryPoint[], layerNames: readonly string[]): void {
    this.points = points;
    this.names = layerNames;
    this.draw();
    if (this.cursor) this.showReadout();
  }

  /** True once cells have been painted (integration tests ask). */
  get hasPixels(): boolean {
    return this.drawn;
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    this.canvas.remove();
    this.readout.remove();
  }

  private draw(): void {
    const rows = this.names.length, cols = this.points.length;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(120, this.container.clientWidth);
    const font = `${this.theme.fontSize * 0.9}px ${this.theme.fontFamily}`;
    const lineHeight = Math.round(this.theme.fontSize * 1.4);
    const height = this.options.height + BAR_HEIGHT + 2 * lineHeight + 4;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.scale(ratio, ratio);
    ctx.font = font;
    ctx.fillStyle = this.theme.muted;
    ctx.textBaseline = 'middle';
    const labelWidth = Math.max(ctx.measureText('00').width, ...this.rowLabels().map((l) => ctx.measureText(l).width));
    const g = { left: labelWidth + LABEL_GAP, top: 0, width: width - labelWidth - LABEL_GAP - 4, height: this.options.height };
    this.geometry = g;
    const domain = magnitudeDomain(this.points);
    this.drawn = false;
    if (rows === 0 || cols === 0) {
      ctx.fillText(t('Waiting for gradients…'), g.left, g.height / 2);
      return;
    }
    const image = this.cellImage(domain);
    const offscreen = document.createElement('canvas');
    offscreen.width = cols;
    offscreen.height = rows;
    offscreen.getContext('2d')?.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(offscreen, g.left, g.top, g.width, g.height);
    this.drawn = true;
    // row labels: the layer index; every row when they fit, else a few
    const rowH = g.height / rows;
    const every = Math.max(1, Math.ceil(lineHeight / rowH));
    ctx.textAlign = 'right';
    this.rowLabels().forEach((label, r) => {
      if (r % every === 0 || r === rows - 1) ctx.fillText(label, g.left - LABEL_GAP / 2, g.top + (r + 0.5) * rowH);
    });
    // step range under the cells, then the colour bar and its ends
    const y1 = g.top + g.height + lineHeight / 2 + 2;
    ctx.textAlign = 'left';
    ctx.fillText(t('step {0}', this.points[0]!.step), g.left, y1);
    ctx.textAlign = 'right';
    ctx.fillText(t('step {0}', this.points[cols - 1]!.step), g.left + g.width, y1);
    this.drawColorBar(ctx, domain, g.left, y1 + lineHeight / 2 + 2, g.width);
    if (this.cursor) this.drawCursor(ctx);
  }

  private rowLabels(): string[] {
    return this.names.map((_, i) => String(i + 1));
  }

  private cellImage(domain: [number, number] | undefined): ImageData {
    const rows = this.names.length, cols = this.points.length;
    const image = new ImageData(cols, rows);
    const lowest = this.stops[0]!;
    for (let c = 0; c < cols; c++) {
      const norms = this.points[c]!.layerNorms;
      for (let r = 0; r < rows; r++) {
        const v = norms[r] ?? NaN;
        let rgb: Rgb;
        if (!Number.isFinite(v)) rgb = this.invalid;
        else if (!(v > 0) || !domain) rgb = lowest;
        else rgb = rampAt(this.stops, (Math.log10(v) - domain[0]) / (domain[1] - domain[0]));
        const o = 4 * (r * cols + c);
        image.data[o] = rgb[0];
        image.data[o + 1] = rgb[1];
        image.data[o + 2] = rgb[2];
        image.data[o + 3] = 255;
      }
    }
    return image;
  }

  private drawColorBar(ctx: CanvasRenderingContext2D, domain: [number, number] | undefined, x: number, y: number, width: number): void {
    if (!domain) return;
    const barWidth = Math.max(40, width * 0.5);
    const x0 = x + (width - barWidth) / 2;
    const steps = 64;
    for (let i = 0; i < steps; i++) {
      ctx.fillStyle = toCss(rampAt(this.stops, i / (steps - 1)));
      ctx.fillRect(x0 + (i * barWidth) / steps, y, barWidth / steps + 0.5, BAR_HEIGHT);
    }
    ctx.fillStyle = this.theme.muted;
    const mid = y + BAR_HEIGHT / 2;
    ctx.textAlign = 'right';
    ctx.fillText(formatNumber(10 ** domain[0], 2), x0 - 4, mid);
    ctx.textAlign = 'left';
    ctx.fillText(formatNumber(10 ** domain[1], 2), x0 + barWidth + 4, mid);
  }

  private drawCursor(ctx: CanvasRenderingContext2D): void {
    const { row, col } = this.cursor!;
    const g = this.geometry;
    const cw = g.width / Math.max(1, this.points.length), rh = g.height / Math.max(1, this.names.length);
    ctx.strokeStyle = this.theme.foreground;
    ctx.lineWidth = 1;
    ctx.strokeRect(g.left + col * cw + 0.5, g.top + row * rh + 0.5, Math.max(2, cw - 1), Math.max(2, rh - 1));
  }

  private hover(e: MouseEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const g = this.geometry;
    const x = e.clientX - rect.left - g.left, y = e.clientY - rect.top - g.top;
    if (x < 0 || y < 0 || x >= g.width || y >= g.height || this.points.length === 0) {
      this.setCursor(undefined);
      return;
    }
    const col = Math.floor((x / g.width) * this.points.length);
    const row = Math.floor((y / g.height) * this.names.length);
    this.setCursor({ row, col });
  }

  private key(e: KeyboardEvent): void {
    if (this.points.length === 0 || this.names.length === 0) return;
    const c = this.cursor ?? { row: 0, col: this.points.length - 1 };
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const m = moves[e.key];
    if (!m && e.key !== 'Escape') return;
    e.preventDefault();
    if (e.key === 'Escape') return this.setCursor(undefined);
    const row = Math.min(this.names.length - 1, Math.max(0, c.row + m![0]));
    const col = Math.min(this.points.length - 1, Math.max(0, c.col + m![1] * (e.shiftKey ? 10 : 1)));
    this.setCursor({ row, col });
  }

  private setCursor(cursor: { row: number; col: number } | undefined): void {
    this.cursor = cursor;
    this.draw();
    this.showReadout();
  }

  private showReadout(): void {
    const c = this.cursor;
    const p = c && this.points[Math.min(c.col, this.points.length - 1)];
    if (!c || !p) {
      this.readout.textContent = '';
      return;
    }
    const name = this.names[c.row] ?? String(c.row + 1);
    this.readout.textContent = t('{0} · step {1} · norm {2}', name, p.step, formatNumber(p.layerNorms[c.row] ?? NaN, 3));
  }
}
