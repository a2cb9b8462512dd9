/**
 * The page skeleton: presets on top, the settings on the left, the summary and the per-layer chart on
 * the right, then collapsible sections (why, forward statistics, depth sweep, clipping, help). Only
 * elements are created here; main.ts wires them.
 */
import { el } from '../common/dom';
import { t } from '../common/l10n';
import type { DepthSection } from '../../protocol';

export interface ChartSlot {
  readonly card: HTMLElement;
  readonly toolbar: HTMLElement;
  readonly host: HTMLElement;
}

export interface DepthLayout {
  readonly presets: HTMLElement;
  readonly networkControls: HTMLElement;
  readonly summary: HTMLElement;
  readonly status: HTMLElement;
  readonly error: HTMLElement;
  readonly gradients: ChartSlot;
  readonly sections: Readonly<Record<DepthSection, HTMLDetailsElement>>;
  readonly why: ChartSlot;
  readonly whyTable: HTMLElement;
  readonly forward: ChartSlot;
  readonly histogramControls: HTMLElement;
  readonly histogram: ChartSlot;
  readonly sweepControls: HTMLElement;
  readonly sweepStatus: HTMLElement;
  readonly sweep: ChartSlot;
  readonly sweepTable: HTMLElement;
  readonly clippingControls: HTMLElement;
  readonly clippingNumbers: HTMLElement;
  readonly clipping: ChartSlot;
  readonly trainingControls: HTMLElement;
  readonly trainingStatus: HTMLElement;
  readonly trainingUnclipped: ChartSlot;
  readonly trainingClipped: ChartSlot;
  readonly help: HTMLElement;
  readonly exports: HTMLElement;
}

function chartSlot(parent: HTMLElement, name: string): ChartSlot {
  const card = el('div', 'chart-card');
  card.dataset.chart = name;
  const toolbar = el('div', 'chart-toolbar');
  const host = el('div', 'chart-host');
  card.append(toolbar, host);
  parent.append(card);
  return { card, toolbar, host };
}

function section(parent: HTMLElement, id: DepthSection, title: string): HTMLDetailsElement {
  const details = el('details', 'depth-section');
  details.id = `section-${id}`;
  details.append(el('summary', undefined, title));
  parent.append(details);
  return details;
}

export function buildLayout(root: HTMLElement): DepthLayout {
  root.className = 'depth';
  const header = el('header', 'depth-header');
  header.append(el('h1', undefined, t('Gradient depth explorer')));
  const presets = el('div', 'presets');
  presets.setAttribute('role', 'group');
  presets.setAttribute('aria-label', t('Presets'));
  header.append(presets);

  const body = el('div', 'depth-body');
  const aside = el('aside', 'controls');
  aside.setAttribute('aria-label', t('Network settings'));
  const networkControls = el('div', 'control-group');
  aside.append(el('h2', undefined, t('Network')), networkControls);

  const main = el('main', 'content');
  const summary = el('div', 'summary');
  summary.setAttribute('aria-live', 'polite');
  const status = el('div', 'status muted');
  const error = el('div', 'inline-error');
  error.hidden = true;
  error.setAttribute('role', 'alert');
  main.append(summary, error);
  const gradients = chartSlot(main, 'gradients');
  main.append(status);

  const whySection = section(main, 'why', t('Why, per layer: activation part × weight part'));
  const why = chartSlot(whySection, 'why');
  const whyTable = el('div', 'table-wrap');
  whySection.append(whyTable);

  const forwardSection = section(main, 'forward', t('Forward statistics'));
  const forward = chartSlot(forwardSection, 'forward');
  const histogramControls = el('div', 'inline-controls');
  forwardSection.append(histogramControls);
  const histogram = chartSlot(forwardSection, 'histogram');

  const sweepSection = section(main, 'sweep', t('Depth sweep'));
  const sweepControls = el('div', 'inline-controls');
  const sweepStatus = el('div', 'status muted');
  sweepSection.append(sweepControls, sweepStatus);
  const sweep = chartSlot(sweepSection, 'sweep');
  const sweepTable = el('div', 'table-wrap');
  sweepSection.append(sweepTable);

  const clippingSection = section(main, 'clipping', t('Gradient clipping'));
  const clippingControls = el('div', 'inline-controls');
  const clippingNumbers = el('div', 'numbers');
  clippingNumbers.setAttribute('aria-live', 'polite');
  clippingSection.append(clippingControls, clippingNumbers);
  const clipping = chartSlot(clippingSection, 'clipping');
  clippingSection.append(el('h3', undefined, t('Training run with and without clipping')));
  const trainingControls = el('div', 'inline-controls');
  const trainingStatus = el('div', 'status muted');
  clippingSection.append(trainingControls, trainingStatus);
  const pair = el('div', 'chart-pair');
  clippingSection.append(pair);
  const trainingUnclipped = chartSlot(pair, 'training-unclipped');
  const trainingClipped = chartSlot(pair, 'training-clipped');

  const helpSection = section(main, 'help', t('About the theory'));
  const help = el('div', 'help');
  helpSection.append(help);

  const exports = el('footer', 'exports');
  main.append(exports);

  body.append(aside, main);
  root.append(header, body);
  return {
    presets, networkControls, summary, status, error, gradients,
    sections: { why: whySection, forward: forwardSection, sweep: sweepSection, clipping: clippingSection, help: helpSection },
    why, whyTable, forward, histogramControls, histogram, sweepControls, sweepStatus, sweep, sweepTable,
    clippingControls, clippingNumbers, clipping, trainingControls, trainingStatus, trainingUnclipped, trainingClipped,
    help, exports,
  };
}
