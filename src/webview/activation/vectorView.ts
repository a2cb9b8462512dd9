/**
 * The softmax example: editable logits, a temperature slider (log scale), the outputs as bars, and
 * the Jacobian as a table whose cells are shaded by magnitude. Everything shown comes from
 * computeVectorExample (engine autograd).
 */

import type { VectorExample } from '../../protocol';
import { formatNumber } from '../../charts/chartModel';
import { t } from '../common/l10n';
import { el } from '../common/dom';
import { DEFAULT_LOGITS } from './state';
import { MAX_LOGITS, TEMPERATURE_LIMITS, type VectorValues } from '../../plot/vector';

export interface VectorEvents {
  onChange(example: VectorExample): void;
}

export class VectorView {
  private readonly root: HTMLElement;
  private example: VectorExample | undefined;
  private readonly logitsBox: HTMLElement;
  private readonly temperature: HTMLInputElement;
  private readonly temperatureText: HTMLOutputElement;
  private readonly outputs: HTMLElement;
  private readonly jacobian: HTMLElement;
  private readonly title: HTMLElement;
  private readonly note: HTMLElement;

  constructor(container: HTMLElement, private readonly events: VectorEvents) {
    this.root = el('section', 'gl-vector');
    this.root.hidden = true;
    this.title = el('h2');
    const intro = el('p', 'muted', t('Each output depends on every logit, so there is no single curve: the derivative is a Jacobian matrix.'));
    this.logitsBox = el('div', 'gl-logits');
    const tempRow = el('label', 'gl-slider');
    this.temperature = el('input');
    this.temperature.type = 'range';
    this.temperature.min = String(Math.log10(TEMPERATURE_LIMITS.min));
    this.temperature.max = String(Math.log10(TEMPERATURE_LIMITS.max));
    this.temperature.step = '0.01';
    this.temperature.setAttribute('aria-label', t('Temperature'));
    this.temperatureText = el('output', 'gl-slider-value');
    this.temperature.addEventListener('input', () => this.emit({ temperature: Number((10 ** Number(this.temperature.value)).toPrecision(3)) }));
    tempRow.append(el('span', 'gl-slider-name', t('Temperature T')), this.temperature, this.temperatureText);
    this.outputs = el('div', 'gl-vector-outputs');
    this.jacobian = el('div', 'gl-jacobian');
    this.note = el('p', 'muted');
    this.root.append(this.title, intro, this.logitsBox, tempRow, this.outputs, this.jacobian, this.note);
    container.append(this.root);
  }

  private emit(change: Partial<VectorExample>): void {
    if (!this.example) return;
    this.events.onChange({ ...this.example, ...change });
  }

  update(example: VectorExample | undefined, values: VectorValues | undefined, label: string): void {
    this.root.hidden = !example;
    if (!example) return;
    const rebuild = !this.example || this.example.logits.length !== example.logits.length;
    this.example = example;
    this.title.textContent = t('{0}: logits in, probabilities out', label);
    if (rebuild) this.buildLogits(example.logits.length);
    const inputs = this.logitsBox.querySelectorAll<HTMLInputElement>('input');
    inputs.forEach((input, i) => {
      if (document.activeElement !== input) input.value = String(example.logits[i]);
    });
    if (document.activeElement !== this.temperature) this.temperature.value = String(Math.log10(example.temperature));
    this.temperatureText.textContent = String(example.temperature);
    if (values) this.showValues(example, values);
    this.note.textContent =
      example.name === 'softmax'
        ? t('Here J = (diag(p) − p pᵀ) / T: each row sums to 0, because adding the same amount to every logit changes nothing.')
        : t('Here J = (I − 1 pᵀ) / T: the gradient of log-softmax stays well scaled even where p underflows.');
  }

  private buildLogits(n: number): void {
    this.logitsBox.replaceChildren();
    for (let i = 0; i < n; i++) {
      const label = el('label', 'gl-logit');
      const input = el('input', 'gl-number');
      input.type = 'number';
      input.step = '0.1';
      input.setAttribute('aria-label', t('Logit {0}', i + 1));
      input.addEventListener('input', () => {
        const v = Number(input.value);
        if (!Number.isFinite(v) || !this.example || input.value.trim() === '') return;
        const logits = [...this.example.logits];
        logits[i] = v;
        this.emit({ logits });
      });
      label.append(el('span', undefined, `z${sub(i + 1)}`), input);
      this.logitsBox.append(label);
    }
    const add = el('button', 'secondary', '+');
    add.setAttribute('aria-label', t('Add a logit'));
    add.disabled = n >= MAX_LOGITS;
    add.addEventListener('click', () => this.example && this.emit({ logits: [...this.example.logits, DEFAULT_LOGITS[this.example.logits.length % DEFAULT_LOGITS.length] - 1] }));
    const remove = el('button', 'secondary', '−');
    remove.setAttribute('aria-label', t('Remove the last logit'));
    remove.disabled = n <= 2;
    remove.addEventListener('click', () => this.example && this.emit({ logits: this.example.logits.slice(0, -1) }));
    this.logitsBox.append(add, remove);
  }

  private showValues(example: VectorExample, v: VectorValues): void {
    const n = example.logits.length;
    const isProb = example.name === 'softmax';
    const table = el('table', 'gl-vector-table');
    const head = el('tr');
    for (const h of ['i', 'zᵢ', isProb ? 'pᵢ' : 'log pᵢ', '']) head.append(el('th', undefined, h));
    table.append(head);
    for (let i = 0; i < n; i++) {
      const row = el('tr');
      const p = isProb ? v.outputs[i] : Math.exp(v.outputs[i]);
      const bar = el('div', 'gl-bar');
      bar.style.width = `${Math.max(0, Math.min(1, p)) * 100}%`; // CSSOM, allowed by the CSP (unlike style attributes)
      const barCell = el('td', 'gl-bar-cell');
      barCell.append(bar);
      row.append(el('td', undefined, String(i + 1)), el('td', undefined, formatNumber(example.logits[i])), el('td', undefined, formatNumber(v.outputs[i])), barCell);
      table.append(row);
    }
    this.outputs.replaceChildren(table);

    const jt = el('table', 'gl-jacobian-table');
    jt.setAttribute('aria-label', t('Jacobian'));
    const caption = el('caption', undefined, isProb ? '∂pᵢ/∂zⱼ' : '∂log pᵢ/∂zⱼ');
    jt.append(caption);
    const jh = el('tr');
    jh.append(el('th'));
    for (let j = 0; j < n; j++) jh.append(el('th', undefined, `z${sub(j + 1)}`));
    jt.append(jh);
    let maxAbs = 0;
    for (const x of v.jacobian) maxAbs = Math.max(maxAbs, Math.abs(x));
    for (let i = 0; i < n; i++) {
      const row = el('tr');
      row.append(el('th', undefined, isProb ? `p${sub(i + 1)}` : `log p${sub(i + 1)}`));
      for (let j = 0; j < n; j++) {
        const value = v.jacobian[i * n + j];
        const cell = el('td', value < 0 ? 'neg' : 'pos', formatNumber(value, 4));
        const level = maxAbs > 0 ? Math.round((Math.abs(value) / maxAbs) * 4) : 0;
        cell.classList.add(`level${level}`);
        row.append(cell);
      }
      jt.append(row);
    }
    this.jacobian.replaceChildren(jt);
  }
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
function sub(n: number): string {
  return String(n).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]);
}
