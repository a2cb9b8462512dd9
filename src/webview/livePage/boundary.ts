/**
 * The data and the decision boundary of a 2-D run: the model's most probable class painted over the
 * plane (the stronger the colour, the surer the model), with the training samples as filled dots and
 * the test samples as rings on top. The grid comes computed from the training worker; this only
 * paints it (one 100 x 100 image scaled up, then the dots), so it keeps up with every frame sent.
 */

import type { BoundaryGrid, ScatterData } from '../../protocol';
import { el } from '../common/dom';
import { t } from '../common/l10n';
import type { ThemeColors } from '../common/theme';
import { parseColor, type Rgb } from './colors';

function fromBase64(text: string): Uint8Array {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

export class BoundaryView {
  readonly element = el('section', 'live-section boundary-section');
  private readonly canvas = el('canvas', 'boundary-canvas');
  private readonly legend = el('div', 'legend boundary-legend');
  private readonly caption = el('p', 'muted boundary-caption');
  private readonly image = el('canvas');
  private drawn: { grid?: BoundaryGrid; data?: ScatterData; theme?: ThemeColors } = {};
  /** Frames painted for the current run (tests: the picture changes while it trains). */
  frames = 0;
  private run: number | undefined;

  constructor(private readonly pixels: number, private theme: ThemeColors) {
    this.element.dataset.chart = 'boundary';
    this.legend.style.maxWidth = `${pixels}px`; // wraps under the picture instead of widening the section
    this.element.hidden = true;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', t('The data and the decision boundary: the colour is the class the model predicts there, stronger where it is surer; dots are training samples, rings are test samples.'));
    this.element.append(el('h3', undefined, t('Data and decision boundary')), this.legend, this.canvas, this.caption);
  }

  setTheme(theme: ThemeColors): void {
    this.theme = theme;
  }

  private classColor(c: number): Rgb {
    return parseColor(this.theme.series[c % this.theme.series.length] ?? '') ?? [128, 128, 128];
  }

  update(runId: number | undefined, data: ScatterData | undefined, grid: BoundaryGrid | undefined): void {
    this.element.hidden = !data || !grid;
    if (!data || !grid) return;
    if (runId !== this.run) {
      this.run = runId;
      this.frames = 0;
    }
    if (this.drawn.grid === grid && this.drawn.data === data && this.drawn.theme === this.theme) return;
    this.drawn = { grid, data, theme: this.theme };
    this.paint(data, grid);
    this.frames++;
    this.caption.textContent = t('step {0}', grid.step);
    this.renderLegend(data.classes);
  }

  /** A checksum of the painted pixels (tests compare two frames). */
  checksum(): number {
    const ctx = this.canvas.getContext('2d');
    if (!ctx || this.canvas.width === 0) return 0;
    const data = ctx.getImageData(0, 0, this.canvas.width, this.canvas.height).data;
    let h = 0;
    for (let i = 0; i < data.length; i += 4) h = (h * 31 + data[i]! + 7 * data[i + 1]! + 13 * data[i + 2]!) >>> 0;
    return h;
  }

  get step(): number {
    return this.drawn.grid?.step ?? -1;
  }

  get pointCount(): number {
    return ((this.drawn.data?.train.length ?? 0) + (this.drawn.data?.test.length ?? 0)) / 2;
  }

  private paint(data: ScatterData, grid: BoundaryGrid): void {
    const scale = window.devicePixelRatio || 1;
    const side = this.pixels;
    this.canvas.style.width = this.canvas.style.height = `${side}px`;
    this.canvas.width = this.canvas.height = Math.round(side * scale);
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    const background = parseColor(this.theme.background) ?? [30, 30, 30];

    // The grid: each cell the predicted class's colour over the background, as opaque as the model is sure (at most 60%).
    const n = grid.size;
    const predicted = fromBase64(grid.predicted), confidence = fromBase64(grid.confidence);
    this.image.width = this.image.height = n;
    const ictx = this.image.getContext('2d')!;
    const img = ictx.createImageData(n, n);
    const colors = Array.from({ length: grid.classes }, (_, c) => this.classColor(c));
    for (let i = 0; i < n * n; i++) {
      const color = colors[predicted[i]!] ?? background;
      const a = 0.08 + 0.52 * (confidence[i]! / 255);
      img.data[4 * i] = Math.round(background[0] + (color[0] - background[0]) * a);
      img.data[4 * i + 1] = Math.round(background[1] + (color[1] - background[1]) * a);
      img.data[4 * i + 2] = Math.round(background[2] + (color[2] - background[2]) * a);
      img.data[4 * i + 3] = 255;
    }
    ictx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.image, 0, 0, side, side);

    // The samples: training dots, test rings, with an outline in the foreground's contrast colour.
    const x = (v: number) => ((v - grid.xMin) / (grid.xMax - grid.xMin)) * side;
    const y = (v: number) => ((grid.yMax - v) / (grid.yMax - grid.yMin)) * side;
    const r = side >= 240 ? 3 : 2.2;
    const outline = this.theme.kind === 'light' || this.theme.kind === 'high-contrast-light' ? 'rgba(255,255,255,0.9)' : 'rgba(0,0,0,0.75)';
    const css = (c: Rgb) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
    ctx.lineWidth = 1;
    for (let i = 0; i + 1 < data.train.length; i += 2) {
      ctx.beginPath();
      ctx.arc(x(data.train[i]!), y(data.train[i + 1]!), r, 0, 2 * Math.PI);
      ctx.fillStyle = css(colors[data.trainLabels[i / 2]!] ?? background);
      ctx.fill();
      ctx.strokeStyle = outline;
      ctx.stroke();
    }
    for (let i = 0; i + 1 < data.test.length; i += 2) {
      ctx.beginPath();
      ctx.arc(x(data.test[i]!), y(data.test[i + 1]!), r + 0.8, 0, 2 * Math.PI);
      ctx.lineWidth = 2.2;
      ctx.strokeStyle = outline;
      ctx.stroke();
      ctx.lineWidth = 1.4;
      ctx.strokeStyle = css(colors[data.testLabels[i / 2]!] ?? background);
      ctx.stroke();
    }
  }

  private renderLegend(classes: number): void {
    const items: HTMLElement[] = [];
    for (let c = 0; c < classes; c++) {
      const item = el('span', 'legend-item');
      const swatch = el('span', 'class-swatch');
      const [r, g, b] = this.classColor(c);
      swatch.style.backgroundColor = `rgb(${r}, ${g}, ${b})`;
      item.append(swatch, document.createTextNode(t('class {0}', c)));
      items.push(item);
    }
    items.push(el('span', 'legend-item', t('● train · ○ test')));
    this.legend.replaceChildren(...items);
  }
}
