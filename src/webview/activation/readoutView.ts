/**
 * The hover readout: x, and f, f', f'' of every curve at the hovered (or keyboard-selected) grid
 * point. A live region, so keyboard users hear the values as they step along the curve.
 */

import type { Readout, ReadoutRow } from '../../protocol';
import { formatNumber } from '../../charts/chartModel';
import { t } from '../common/l10n';
import type { CurveValues } from '../../plot/sample';

export interface ReadoutCurve {
  readonly id: string;
  readonly label: string;
  readonly color: number;
  readonly values: CurveValues;
}

/** What the readout shows at grid index `index` (pure: the queries and the view share it). */
export function readoutAt(curves: readonly ReadoutCurve[], index: number): Readout | undefined {
  const first = curves[0];
  if (!first || index < 0 || index >= first.values.x.length) return undefined;
  const x = first.values.x[index];
  const rows: ReadoutRow[] = curves.map((c) => ({
    id: c.id,
    label: c.label,
    f: formatNumber(c.values.f[index]),
    df: formatNumber(c.values.df[index]),
    d2f: formatNumber(c.values.d2f[index]),
  }));
  return { x, xText: formatNumber(x), rows };
}

export class ReadoutView {
  private readonly root: HTMLElement;

  constructor(container: HTMLElement) {
    this.root = document.createElement('section');
    this.root.className = 'gl-readout';
    this.root.setAttribute('aria-live', 'polite');
    this.root.setAttribute('aria-label', t('Values at the cursor'));
    container.append(this.root);
    this.show(undefined, []);
  }

  show(readout: Readout | undefined, curves: readonly ReadoutCurve[]): void {
    this.root.replaceChildren();
    if (!readout) {
      const hint = document.createElement('p');
      hint.className = 'muted gl-readout-hint';
      hint.textContent = t('Hover over the chart, or focus it and use the arrow keys, to read f, f′ and f″.');
      this.root.append(hint);
      return;
    }
    const table = document.createElement('table');
    const head = document.createElement('tr');
    for (const h of [`x = ${readout.xText}`, 'f(x)', 'f′(x)', 'f″(x)']) {
      const th = document.createElement('th');
      th.textContent = h;
      th.scope = 'col';
      head.append(th);
    }
    table.append(head);
    readout.rows.forEach((r, i) => {
      const tr = document.createElement('tr');
      tr.dataset.curveId = r.id;
      const name = document.createElement('th');
      name.scope = 'row';
      const swatch = document.createElement('span');
      swatch.className = `gl-swatch c${(curves[i]?.color ?? i) % 8}`;
      name.append(swatch, document.createTextNode(r.label));
      tr.append(name);
      for (const v of [r.f, r.df, r.d2f]) {
        const td = document.createElement('td');
        td.textContent = v;
        tr.append(td);
      }
      table.append(tr);
    });
    this.root.append(table);
  }
}
