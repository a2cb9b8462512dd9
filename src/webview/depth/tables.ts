/**
 * The numbers behind the charts as tables (for reading exact values and for screen readers): the
 * "why" table per layer and the depth-sweep rates.
 */
import { formatNumber } from '../../charts/chartModel';
import { t } from '../common/l10n';
import type { DepthAnalysis, DepthSweep, LayerMeasurement } from '../../analysis/depth/types';
import { el } from '../common/dom';

export function renderTable(container: HTMLElement, caption: string, headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const table = el('table', 'numbers-table');
  table.append(el('caption', 'sr-only', caption));
  const head = el('tr');
  for (const h of headers) {
    const th = el('th', undefined, h);
    th.scope = 'col';
    head.append(th);
  }
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  for (const row of rows) {
    const tr = el('tr');
    row.forEach((cell, i) => tr.append(el(i === 0 ? 'th' : 'td', undefined, cell)));
    tbody.append(tr);
  }
  table.append(thead, tbody);
  container.replaceChildren(table);
}

/** Above this saturated fraction a shrinking layer is blamed on saturation rather than on a small slope. */
const SATURATED_LAYER = 0.3;

/** A word on what dominated a layer's ratio: the activation's slope (saturated or just small) or the weights' scale. */
export function diagnose(m: LayerMeasurement, ratio: number, saturatedFraction: number): string {
  if (!Number.isFinite(ratio) || !Number.isFinite(m.activationFactor) || !Number.isFinite(m.weightFactor)) return t('overflow');
  if (Math.abs(Math.log(ratio)) < 0.05) return t('steady');
  const la = Math.log(m.activationFactor), lw = Math.log(m.weightFactor);
  if (ratio < 1) {
    if (lw < la) return t('shrinks: small weights');
    return saturatedFraction >= SATURATED_LAYER ? t("shrinks: saturation (small φ')") : t('shrinks: activation slope < 1');
  }
  return lw >= la ? t('grows: large weights') : t('grows: activation slope > 1');
}

const f = (v: number) => formatNumber(v, 4);

export function renderWhyTable(container: HTMLElement, a: DepthAnalysis): void {
  const headers = [t('layer'), '‖δˡ‖', t('ratio ‖δˡ‖/‖δˡ⁺¹‖'), t("mean |φ'|"), t('activation part'), t('weight part'), '‖Wˡ‖/√n', t('saturated'), t('diagnosis')];
  const rows = a.layers.map((m, i) => {
    const next = a.layers[i + 1];
    const ratio = next ? m.gradNorm / next.gradNorm : NaN;
    const saturated = a.forward[i]?.saturatedFraction ?? NaN;
    return [
      String(m.index), f(m.gradNorm), next ? f(ratio) : '—', f(m.meanAbsDphi), f(m.activationFactor), f(m.weightFactor),
      f(m.weightScale), `${formatNumber(100 * saturated, 3)} %`, next ? diagnose(m, ratio, saturated) : t('last hidden layer'),
    ];
  });
  renderTable(container, t('Why, per layer'), headers, rows);
}

export function renderSweepTable(container: HTMLElement, s: DepthSweep): void {
  const headers = [t('activation'), t('fitted factor per layer'), t('theory factor per layer'), t('depths measured')];
  const rows = s.series.map((row) => [
    row.activation, f(row.fittedRate), f(row.theoryRate), String(row.firstLayerGradNorm.filter((v) => Number.isFinite(v)).length),
  ]);
  renderTable(container, t('Depth sweep: per-layer factors'), headers, rows);
}
