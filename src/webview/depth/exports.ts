/**
 * Export buttons: PNG and SVG for every chart (in its toolbar), CSV and JSON of the per-layer
 * numbers (in the footer). The page cannot write files: it hands the content to the host.
 */
import { poster, reportError } from '../common/host';
import { t } from '../common/l10n';
import { toDepthCsv, toDepthJson } from '../../analysis/depth/report';
import type { DepthAnalysis } from '../../analysis/depth/types';
import type { ExportFileMessage, FromDepthPanel } from '../../protocol';
import { el } from '../common/dom';

const post = poster<FromDepthPanel>();

export interface Exportable {
  toPngBase64(): string;
  toSvg(): string;
}

function send(suggestedName: string, encoding: ExportFileMessage['encoding'], content: () => string): void {
  try {
    post({ type: 'exportFile', suggestedName, encoding, content: content() });
  } catch (e) {
    reportError(e);
  }
}

function baseName(a: DepthAnalysis | null): string {
  if (!a) return 'gradient-depth';
  const s = a.settings;
  return `gradient-depth-${s.activation}-L${s.depth}-w${s.width}-seed${s.seed}`;
}

/** Adds PNG and SVG buttons to a chart's toolbar. */
export function addChartExports(toolbar: HTMLElement, chartName: string, title: string, chart: Exportable, current: () => DepthAnalysis | null): void {
  const make = (format: 'PNG' | 'SVG') => {
    const b = el('button', 'secondary small', format);
    b.type = 'button';
    b.setAttribute('aria-label', t('Export {0} as {1}', title, format));
    b.addEventListener('click', () => {
      const name = `${baseName(current())}-${chartName}.${format.toLowerCase()}`;
      if (format === 'PNG') send(name, 'base64', () => chart.toPngBase64());
      else send(name, 'text', () => chart.toSvg());
    });
    return b;
  };
  toolbar.append(el('span', 'chart-title', title), make('PNG'), make('SVG'));
}

export function addDataExports(footer: HTMLElement, current: () => DepthAnalysis | null): void {
  const make = (label: string, extension: 'csv' | 'json') => {
    const b = el('button', 'secondary', label);
    b.type = 'button';
    b.addEventListener('click', () => {
      const a = current();
      if (!a) return;
      send(`${baseName(a)}.${extension}`, 'text', () => (extension === 'csv' ? toDepthCsv(a) : toDepthJson(a)));
    });
    return b;
  };
  footer.append(make(t('Export per-layer numbers as CSV'), 'csv'), make(t('Export per-layer numbers as JSON'), 'json'));
}
