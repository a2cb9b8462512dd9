/**
 * A histogram of one layer's outputs, drawn as bars on its own canvas (the line-chart wrapper draws
 * lines only), with the same picture available as SVG for export.
 */
import { escapeXml } from '../../charts/chartSvg';
import { formatNumber, type ChartPalette } from '../../charts/chartModel';
import type { Histogram } from '../../analysis/depth/types';

const PAD = { left: 48, right: 12, top: 24, bottom: 32 };

interface Bar {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

function bars(h: Histogram, width: number, height: number): Bar[] {
  const max = Math.max(1, ...h.counts);
  const plotW = width - PAD.left - PAD.right, plotH = height - PAD.top - PAD.bottom;
  const bw = plotW / Math.max(1, h.counts.length);
  return h.counts.map((c, i) => {
    const bh = (c / max) * plotH;
    return { x: PAD.left + i * bw, y: PAD.top + plotH - bh, w: Math.max(1, bw - 1), h: bh };
  });
}

export class HistogramView {
  private readonly canvas: HTMLCanvasElement;
  private data: { histogram: Histogram; title: string } | null = null;
  /** The container's width, kept by a ResizeObserver: reading clientWidth while drawing would force a layout. */
  private width = 480;

  constructor(container: HTMLElement, ariaLabel: string, private palette: ChartPalette, private readonly height = 180) {
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', ariaLabel);
    container.append(this.canvas);
    new ResizeObserver((entries) => {
      const w = Math.max(240, Math.round(entries[0]?.contentRect.width ?? this.width));
      if (w !== this.width) {
        this.width = w;
        this.draw();
      }
    }).observe(container);
  }

  setTheme(palette: ChartPalette): void {
    this.palette = palette;
    this.draw();
  }

  show(histogram: Histogram, title: string): void {
    this.data = { histogram, title };
    this.draw();
  }

  toPngBase64(): string {
    return this.canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  }

  toSvg(): string {
    if (!this.data) throw new Error('Nothing is plotted yet');
    const width = 640, height = this.height;
    const p = this.palette;
    const { histogram: h, title } = this.data;
    const font = `font-family="${escapeXml(p.fontFamily)}" font-size="${p.fontSize}"`;
    const rects = bars(h, width, height)
      .map((b) => `<rect x="${b.x.toFixed(2)}" y="${b.y.toFixed(2)}" width="${b.w.toFixed(2)}" height="${b.h.toFixed(2)}" fill="${escapeXml(p.series[0])}"/>`)
      .join('');
    const labels = this.axisLabels(h, width, height)
      .map((l) => `<text x="${l.x}" y="${l.y}" fill="${escapeXml(p.muted)}" ${font} text-anchor="${l.anchor}">${escapeXml(l.text)}</text>`)
      .join('');
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
      `<rect width="${width}" height="${height}" fill="${escapeXml(p.background)}"/>` +
      `<text x="${PAD.left}" y="16" fill="${escapeXml(p.foreground)}" ${font}>${escapeXml(title)}</text>${rects}${labels}</svg>\n`;
  }

  private axisLabels(h: Histogram, width: number, height: number) {
    const y = height - PAD.bottom + 16;
    return [
      { x: PAD.left, y, anchor: 'start', text: formatNumber(h.min, 3) },
      { x: width - PAD.right, y, anchor: 'end', text: formatNumber(h.max, 3) },
      { x: PAD.left - 6, y: PAD.top + 10, anchor: 'end', text: String(Math.max(0, ...h.counts)) },
    ];
  }

  private draw(): void {
    const width = this.width;
    const ratio = window.devicePixelRatio || 1;
    const pixelsW = Math.round(width * ratio), pixelsH = Math.round(this.height * ratio);
    if (this.canvas.width !== pixelsW || this.canvas.height !== pixelsH) { // resizing reallocates: only when needed
      this.canvas.width = pixelsW;
      this.canvas.height = pixelsH;
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${this.height}px`;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const p = this.palette;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = p.background;
    ctx.fillRect(0, 0, width, this.height);
    if (!this.data) return;
    const { histogram: h, title } = this.data;
    ctx.font = `${p.fontSize}px ${p.fontFamily}`;
    ctx.fillStyle = p.foreground;
    ctx.fillText(title, PAD.left, 16);
    ctx.fillStyle = p.series[0];
    for (const b of bars(h, width, this.height)) ctx.fillRect(b.x, b.y, b.w, b.h);
    ctx.strokeStyle = p.grid;
    ctx.beginPath();
    ctx.moveTo(PAD.left, this.height - PAD.bottom + 0.5);
    ctx.lineTo(width - PAD.right, this.height - PAD.bottom + 0.5);
    ctx.stroke();
    ctx.fillStyle = p.muted;
    for (const l of this.axisLabels(h, width, this.height)) {
      ctx.textAlign = l.anchor === 'end' ? 'right' : 'left';
      ctx.fillText(l.text, l.x, l.y);
    }
    ctx.textAlign = 'left';
  }
}
