/**
 * The line above the main chart: chi at the fixed point, the depth scale, the regime, the measured
 * and predicted per-layer factors, and any overflow. Each item carries data-key so the host's
 * snapshot reads exactly the text on screen.
 */
import { formatNumber } from '../../charts/chartModel';
import { t } from '../common/l10n';
import { backwardLayerRate } from '../../analysis/depth/fit';
import type { DepthAnalysis, Regime, TheoryVariant } from '../../analysis/depth/types';
import { depthVerdict, sentenceText } from '../../analysis/depth/verdict';
import { el } from '../common/dom';

export function regimeText(regime: Regime): string {
  switch (regime) {
    case 'ordered': return t('ordered: gradients vanish');
    case 'critical': return t('critical: gradients keep their size');
    case 'chaotic': return t('chaotic: gradients explode');
  }
}

function variantText(variant: TheoryVariant): string | null {
  switch (variant) {
    case 'plain': return null;
    case 'batchnorm': return t('theory for batch norm (approximate: normalized pre-activations)');
    case 'residual': return t('theory for residual connections (approximate)');
    case 'residual+batchnorm': return t('theory for residual connections with batch norm (approximate)');
  }
}

function item(key: string, label: string, value: string, title?: string, className = ''): HTMLElement {
  const span = el('span', `summary-item ${className}`.trim());
  span.dataset.key = key;
  if (title) span.title = title;
  span.append(el('span', 'summary-label', label), el('span', 'summary-value', value));
  return span;
}

export function depthScaleText(scale: number, regime: Regime): string {
  // At chi* = 1 ± rounding the scale is 1e15 layers with a sign of noise: the regime says critical.
  if (!Number.isFinite(scale) || regime === 'critical') return t('∞ (critical)');
  return scale >= 0 ? t('{0} layers (vanishing)', formatNumber(scale, 3)) : t('{0} layers (exploding)', formatNumber(-scale, 3));
}

/**
 * The lesson first: what the chart shows in one sentence (magnitude, behaviour, per-layer factor),
 * then what the theory says and, where it differs, why; then the numbers behind both.
 */
export function renderSummary(container: HTMLElement, a: DepthAnalysis): void {
  const th = a.theory;
  const verdict = depthVerdict(a);
  const lead = el('p', `verdict behaviour-${verdict.behaviour}`, sentenceText(verdict.lead, t));
  lead.dataset.key = 'verdict';
  lead.dataset.behaviour = verdict.behaviour;
  const theory = el('p', 'verdict-theory muted', sentenceText(verdict.theory, t));
  theory.dataset.key = 'theory';
  const items: HTMLElement[] = [
    item('chi', t('χ at the fixed point'), formatNumber(th.chiFixedPoint, 4),
      t('chi = sigma_w² E[phi\'(sqrt(q*) z)²]: the factor by which ||dL/dh||² changes per layer')),
    item('depthScale', t('depth scale −1/ln χ'), depthScaleText(th.depthScale, th.regime)),
    // The theory's colour only where it says what was measured: a red "explode" beside a rescue is a contradiction.
    item('regime', t('regime'), regimeText(th.regime), undefined, verdict.disagreement === null ? `regime-${th.regime}` : 'regime-note'),
  ];
  const measured = backwardLayerRate(a.layers.map((l) => l.gradNorm));
  items.push(item('rate', t("per-layer factor ‖δˡ‖/‖δˡ⁺¹‖"),
    t('measured {0}, theory {1}', formatNumber(measured, 4), formatNumber(Math.sqrt(th.effectiveChi), 4))));
  const first = a.layers[0], last = a.layers[a.layers.length - 1];
  if (first && last) {
    items.push(item('firstOverLast', t('‖δ¹‖ / ‖δᴸ‖'), formatNumber(first.gradNorm / last.gradNorm, 3)));
  }
  const variant = variantText(th.variant);
  if (variant) items.push(item('variant', t('note'), variant, undefined, 'muted'));
  if (a.overflow.forwardLayer !== null) {
    items.push(item('overflow', t('overflow'), t('overflow from layer {0}', a.overflow.forwardLayer), undefined, 'error'));
  } else if (a.overflow.backwardLayer !== null) {
    items.push(item('overflow', t('overflow'), t('gradient overflow at layer {0}', a.overflow.backwardLayer), undefined, 'error'));
  }
  const numbers = el('div', 'summary-items');
  numbers.append(...items);
  container.replaceChildren(lead, theory, numbers);
}

/** The summary as shown: data-key -> value text. */
export function readSummary(container: HTMLElement): Record<string, string> {
  const out: Record<string, string> = {};
  container.querySelectorAll<HTMLElement>('[data-key]').forEach((e) => {
    out[e.dataset.key!] = e.querySelector('.summary-value')?.textContent ?? e.textContent ?? '';
  });
  return out;
}
