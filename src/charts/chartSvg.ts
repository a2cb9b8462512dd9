/**
 * Writes a ChartModel as a standalone SVG document: axes with nice ticks, grid, shaded bands,
 * reference lines, the series (broken at NaN/Inf), and a legend. Pure string building, shared by the
 * webviews' "Export SVG" and the CLI's `--svg`, so both produce the same picture.
 */

import { axisTicks } from './chartTicks';
import {
  formatTick,
  resolveColor,
  spreadLabels,
  toDrawColumn,
  xAxisRange,
  yAxisRange,
  type ChartModel,
  type ChartPalette,
} from './chartModel';

export interface SvgSize {
  readonly width: number;
  readonly height: number;
}

const MARGIN = { left: 64, right: 20, top: 10, bottom: 44 };
const LEGEND_ROW = 18;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/** Legend entries laid out left to right, wrapping to new rows; returns the rows' item positions. */
function layoutLegend(labels: readonly string[], width: number, fontSize: number): Array<{ x: number; row: number }> {
  const out: Array<{ x: number; row: number }> = [];
  let x = MARGIN.left, row = 0;
  for (const label of labels) {
    const w = 28 + label.length * fontSize * 0.6 + 16; // swatch + rough text width + gap
    if (x + w > width - MARGIN.right && x > MARGIN.left) {
      row++;
      x = MARGIN.left;
    }
    out.push({ x, row });
    x += w;
  }
  return out;
}

export function chartToSvg(model: ChartModel, palette: ChartPalette, size: SvgSize): string {
  const { width, height } = size;
  const fs = palette.fontSize;
  const legend = layoutLegend(model.series.map((s) => s.label), width, fs);
  const legendRows = legend.length ? legend[legend.length - 1].row + 1 : 0;
  // Rows above the plot: the title, then the y axis title (horizontal, so it is never cut).
  const top = MARGIN.top + (model.title ? fs + 6 : 0) + (model.yAxis?.label ? fs + 6 : 0);
  const plot = {
    left: MARGIN.left,
    top,
    width: width - MARGIN.left - MARGIN.right,
    height: height - top - MARGIN.bottom - legendRows * LEGEND_ROW,
  };
  const xLog = model.xAxis?.log ?? false, yLog = model.yAxis?.log ?? false;
  const [x0, x1] = xAxisRange(model);
  const [y0, y1] = yAxisRange(model);
  const tx = (v: number) => (xLog ? Math.log10(v) : v);
  const ty = (v: number) => (yLog ? Math.log10(v) : v);
  // Halves: the differences of values near ±1.8e308 would overflow to Infinity.
  const px = (v: number) => plot.left + ((tx(v) / 2 - tx(x0) / 2) / (tx(x1) / 2 - tx(x0) / 2)) * plot.width;
  const py = (v: number) => plot.top + plot.height - ((ty(v) / 2 - ty(y0) / 2) / (ty(y1) / 2 - ty(y0) / 2)) * plot.height;
  const fg = palette.foreground, muted = palette.muted;
  const parts: string[] = [];
  const font = `font-family="${escapeXml(palette.fontFamily)}" font-size="${fs}"`;

  parts.push(`<rect width="${width}" height="${height}" fill="${escapeXml(palette.background)}"/>`);
  parts.push(`<defs><clipPath id="plot"><rect x="${plot.left}" y="${plot.top}" width="${plot.width}" height="${plot.height}"/></clipPath></defs>`);
  if (model.title) parts.push(`<text x="4" y="${fs + 4}" fill="${escapeXml(fg)}" ${font} font-weight="600">${escapeXml(model.title)}</text>`);

  // grid and tick labels
  const xTicks = axisTicks(x0, x1, plot.width, { log: xLog, integer: model.xAxis?.integer, horizontal: true, fontSize: fs });
  const yTicks = axisTicks(y0, y1, plot.height, { log: yLog, integer: model.yAxis?.integer, fontSize: fs });
  const xStep = xTicks.length > 1 ? xTicks[1] - xTicks[0] : 1, yStep = yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1;
  for (const t of xTicks) {
    const p = r2(px(t));
    parts.push(`<line x1="${p}" y1="${plot.top}" x2="${p}" y2="${plot.top + plot.height}" stroke="${escapeXml(palette.grid)}" stroke-width="1"/>`);
    parts.push(`<text x="${p}" y="${plot.top + plot.height + fs + 4}" fill="${escapeXml(muted)}" ${font} text-anchor="middle">${escapeXml(xLog ? formatTick(t, t) : formatTick(t, xStep))}</text>`);
  }
  for (const t of yTicks) {
    const p = r2(py(t));
    parts.push(`<line x1="${plot.left}" y1="${p}" x2="${plot.left + plot.width}" y2="${p}" stroke="${escapeXml(palette.grid)}" stroke-width="1"/>`);
    parts.push(`<text x="${plot.left - 6}" y="${r2(p + fs / 3)}" fill="${escapeXml(muted)}" ${font} text-anchor="end">${escapeXml(yLog ? formatTick(t, t) : formatTick(t, yStep))}</text>`);
  }
  parts.push(`<rect x="${plot.left}" y="${plot.top}" width="${plot.width}" height="${plot.height}" fill="none" stroke="${escapeXml(muted)}" stroke-width="1"/>`);

  // bands under the series
  const clipped: string[] = [];
  for (const b of model.bands ?? []) {
    const a = Math.max(plot.left, px(Math.max(b.x0, x0))), z = Math.min(plot.left + plot.width, px(Math.min(b.x1, x1)));
    if (z <= a) continue;
    clipped.push(`<rect x="${r2(a)}" y="${plot.top}" width="${r2(z - a)}" height="${plot.height}" fill="${escapeXml(resolveColor(b.color, palette))}" fill-opacity="${b.opacity}"/>`);
  }
  // series, one path per unbroken run
  for (const s of model.series) {
    const col = toDrawColumn(s.y, yLog, [y0, y1]);
    let d = '';
    let pen = false;
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      const xv = model.x[i];
      if (v === null || !Number.isFinite(xv) || (xLog && xv <= 0)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${r2(px(xv))} ${r2(py(v))}`;
      pen = true;
    }
    if (!d) continue;
    const dash = s.dash?.length ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    clipped.push(`<path d="${d}" fill="none" stroke="${escapeXml(resolveColor(s.color, palette))}" stroke-width="${s.width ?? 2}" stroke-linejoin="round"${dash}/>`);
  }
  // reference lines over the series; labels of nearby y rules stack instead of overprinting
  const rules = (model.rules ?? []).filter((r) =>
    r.axis === 'y' ? r.value >= Math.min(y0, y1) && r.value <= Math.max(y0, y1) : r.value >= x0 && r.value <= x1);
  // Above its line, unless that leaves the plot (tanh′ ≤ 1 at the top edge): then below it.
  const yLabels = spreadLabels(rules.map((r) => (r.axis !== 'y' || !r.label ? -Infinity : py(r.value) - 4 - fs < plot.top ? py(r.value) + fs + 2 : py(r.value) - 4)), fs + 2);
  rules.forEach((rule, i) => {
    const color = escapeXml(resolveColor(rule.color, palette));
    const dash = rule.dash?.length ? ` stroke-dasharray="${rule.dash.join(' ')}"` : '';
    if (rule.axis === 'y') {
      const p = r2(py(rule.value));
      clipped.push(`<line x1="${plot.left}" y1="${p}" x2="${plot.left + plot.width}" y2="${p}" stroke="${color}" stroke-width="1"${dash}/>`);
      if (rule.label) clipped.push(`<text x="${plot.left + plot.width - 4}" y="${r2(yLabels[i])}" fill="${color}" ${font} text-anchor="end">${escapeXml(rule.label)}</text>`);
    } else {
      const p = r2(px(rule.value));
      clipped.push(`<line x1="${p}" y1="${plot.top}" x2="${p}" y2="${plot.top + plot.height}" stroke="${color}" stroke-width="1"${dash}/>`);
      // Left of the line when the label would run out of the plot on its right.
      const fits = p + 4 + (rule.label?.length ?? 0) * fs * 0.6 <= plot.left + plot.width;
      if (rule.label) clipped.push(`<text x="${r2(fits ? p + 4 : p - 4)}" y="${plot.top + fs + 2}" fill="${color}" ${font}${fits ? '' : ' text-anchor="end"'}>${escapeXml(rule.label)}</text>`);
    }
  });
  parts.push(`<g clip-path="url(#plot)">${clipped.join('')}</g>`);

  // axis labels
  if (model.xAxis?.label) parts.push(`<text x="${plot.left + plot.width / 2}" y="${plot.top + plot.height + 2 * fs + 10}" fill="${escapeXml(fg)}" ${font} text-anchor="middle">${escapeXml(model.xAxis.label)}</text>`);
  if (model.yAxis?.label) parts.push(`<text x="4" y="${plot.top - 6}" fill="${escapeXml(fg)}" ${font}>${escapeXml(model.yAxis.label)}</text>`);

  // legend
  const legendTop = height - legendRows * LEGEND_ROW - 4;
  model.series.forEach((s, i) => {
    const { x, row } = legend[i];
    const y = legendTop + row * LEGEND_ROW + LEGEND_ROW / 2;
    const dash = s.dash?.length ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    parts.push(`<line x1="${x}" y1="${y}" x2="${x + 22}" y2="${y}" stroke="${escapeXml(resolveColor(s.color, palette))}" stroke-width="${s.width ?? 2}"${dash}/>`);
    parts.push(`<text x="${x + 28}" y="${r2(y + fs / 3)}" fill="${escapeXml(fg)}" ${font}>${escapeXml(s.label)}</text>`);
  });

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n${parts.join('\n')}\n</svg>\n`;
}
