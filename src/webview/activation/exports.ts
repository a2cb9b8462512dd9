/**
 * What the export buttons produce from what the page shows: PNG and SVG of the chart, CSV of the
 * sampled data, and the PyTorch script. The same content answers the host's 'export' query.
 */

import type { ActivationPanelState, ExportContent, ExportFormat } from '../../protocol';
import type { LineChart } from '../common/chart';
import { curvesToCsv } from '../../plot/csv';
import type { ComputedCurve } from './view';
import { pytorchSnippet } from './pytorch';

/** A file name from what is plotted: "sigmoid-tanh.svg", "activation.csv" for expressions only. */
export function suggestedFileName(curves: readonly ComputedCurve[], extension: string): string {
  const names = curves
    .filter((c) => c.spec.source.kind === 'builtin')
    .map((c) => (c.spec.source as { name: string }).name)
    .slice(0, 4);
  const stem = names.length ? names.join('-') : 'activation';
  return `${stem.replace(/[^A-Za-z0-9_-]/g, '_')}.${extension}`;
}

export function exportContent(format: ExportFormat, state: ActivationPanelState, curves: readonly ComputedCurve[], chart: LineChart): ExportContent {
  const plotted = curves.filter((c) => c.values);
  if (plotted.length === 0) throw new Error('Nothing is plotted yet');
  switch (format) {
    case 'png':
      return { suggestedName: suggestedFileName(plotted, 'png'), encoding: 'base64', content: chart.toPngBase64() };
    case 'svg':
      return { suggestedName: suggestedFileName(plotted, 'svg'), encoding: 'text', content: chart.toSvg() };
    case 'csv':
      return {
        suggestedName: suggestedFileName(plotted, 'csv'),
        encoding: 'text',
        content: curvesToCsv(plotted[0].values!.x, plotted.map((c) => ({ label: c.resolved.label, ...c.values! }))),
      };
    case 'pytorch': {
      const { xMin, xMax, points } = state.view;
      const snippet = pytorchSnippet(
        plotted.map((c) => ({ label: c.resolved.label, source: c.spec.source, params: c.spec.params })),
        xMin,
        xMax,
        points,
      );
      return { suggestedName: suggestedFileName(plotted, 'py'), encoding: 'text', content: snippet };
    }
  }
}
