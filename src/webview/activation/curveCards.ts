/**
 * One card per plotted curve: its colour and name (the legend), a remove button, sliders for its
 * parameters (re-plotting while dragging), an editable field for custom expressions with an inline
 * error that points at the offending characters, and the facts box. Cards are kept by curve id and
 * updated in place, so a slider being dragged is never replaced under the pointer.
 */

import type { ActivationParam } from '../../engine';
import { t } from '../common/l10n';
import { el } from '../common/dom';
import { caretText } from '../../plot/caret';

export interface FactRow {
  readonly term: string;
  readonly value: string;
  readonly title?: string;
}

export interface CardData {
  readonly id: string;
  readonly label: string;
  readonly color: number;
  readonly description?: string;
  readonly params: Readonly<Record<string, number>>;
  readonly paramSpecs: readonly ActivationParam[];
  /** Present for expression curves: the field's text. */
  readonly expression?: string;
  /** Why the field's text is refused, with the culprit's offsets. */
  readonly expressionError?: { readonly message: string; readonly start: number; readonly end: number };
  /** The curve cannot be computed at all. */
  readonly error?: string;
  readonly facts: readonly FactRow[];
}

export interface CardEvents {
  onParam(curveId: string, name: string, value: number): void;
  onRemove(curveId: string): void;
  onExpression(curveId: string, text: string): void;
}

interface CardElements {
  readonly root: HTMLElement;
  readonly signature: string;
  readonly sliders: Map<string, { input: HTMLInputElement; output: HTMLOutputElement }>;
  readonly expression?: HTMLInputElement;
  readonly expressionError: HTMLElement;
  readonly error: HTMLElement;
  readonly facts: HTMLElement;
  readonly title: HTMLElement;
}

export class CurveCards {
  private readonly cards = new Map<string, CardElements>();

  constructor(private readonly container: HTMLElement, private readonly events: CardEvents) {}

  update(data: readonly CardData[]): void {
    const keep = new Set(data.map((d) => d.id));
    for (const [id, card] of this.cards) {
      if (!keep.has(id)) {
        card.root.remove();
        this.cards.delete(id);
      }
    }
    data.forEach((d, index) => {
      const signature = JSON.stringify([d.paramSpecs.map((p) => p.name), d.expression !== undefined]);
      let card = this.cards.get(d.id);
      if (!card || card.signature !== signature) {
        card?.root.remove();
        card = this.create(d, signature);
        this.cards.set(d.id, card);
      }
      if (this.container.children[index] !== card.root) this.container.insertBefore(card.root, this.container.children[index] ?? null);
      this.fill(card, d);
    });
  }

  private create(d: CardData, signature: string): CardElements {
    const root = el('article', `gl-card c${d.color % 8}`);
    root.dataset.curveId = d.id;
    const header = el('header', 'gl-card-header');
    const swatch = el('span', `gl-swatch c${d.color % 8}`);
    swatch.setAttribute('aria-hidden', 'true');
    const title = el('h3', 'gl-card-title');
    const remove = el('button', 'secondary gl-remove', '×');
    remove.addEventListener('click', () => this.events.onRemove(d.id));
    header.append(swatch, title, remove);
    root.append(header);

    let expression: HTMLInputElement | undefined;
    const expressionError = el('div', 'inline-error gl-expression-error');
    expressionError.id = `expr-error-${d.id}`;
    expressionError.setAttribute('role', 'alert');
    if (d.expression !== undefined) {
      const label = el('label', 'gl-field');
      label.append(el('span', undefined, t('f(x) =')));
      expression = el('input', 'gl-expression');
      expression.type = 'text';
      expression.spellcheck = false;
      expression.setAttribute('aria-describedby', expressionError.id);
      expression.addEventListener('input', () => this.events.onExpression(d.id, expression!.value));
      label.append(expression);
      root.append(label, expressionError);
    }

    const sliders = new Map<string, { input: HTMLInputElement; output: HTMLOutputElement }>();
    for (const p of d.paramSpecs) {
      const row = el('label', 'gl-slider');
      const name = el('span', 'gl-slider-name', p.label);
      name.title = p.description;
      const input = el('input');
      input.type = 'range';
      input.min = String(p.min);
      input.max = String(p.max);
      input.step = String(p.step);
      input.setAttribute('aria-label', `${p.label} (${p.name})`);
      const output = el('output', 'gl-slider-value');
      input.addEventListener('input', () => this.events.onParam(d.id, p.name, Number(input.value)));
      row.append(name, input, output);
      root.append(row);
      sliders.set(p.name, { input, output });
    }
    const error = el('p', 'error gl-card-error');
    const facts = el('dl', 'gl-facts');
    root.append(error, facts);
    return { root, signature, sliders, expression, expressionError, error, facts, title };
  }

  private fill(card: CardElements, d: CardData): void {
    card.title.textContent = d.label;
    card.title.title = d.description ?? '';
    const remove = card.root.querySelector<HTMLButtonElement>('.gl-remove')!;
    remove.setAttribute('aria-label', t('Remove {0}', d.label));
    remove.title = t('Remove {0}', d.label);
    for (const [name, s] of card.sliders) {
      const v = d.params[name];
      if (v === undefined) continue;
      if (Number(s.input.value) !== v) s.input.value = String(v);
      s.output.textContent = String(Number(v.toPrecision(6)));
    }
    if (card.expression && d.expression !== undefined && card.expression.value !== d.expression) card.expression.value = d.expression;
    if (card.expression) card.expression.setAttribute('aria-invalid', d.expressionError ? 'true' : 'false');
    const e = d.expressionError;
    card.expressionError.hidden = !e;
    card.expressionError.replaceChildren();
    if (e && d.expression !== undefined) {
      card.expressionError.append(el('div', undefined, e.message), el('pre', 'gl-caret', caretText(d.expression, e.start, e.end)));
    }
    card.error.hidden = !d.error;
    card.error.textContent = d.error ?? '';
    card.facts.replaceChildren();
    for (const f of d.facts) {
      const dt = el('dt', undefined, f.term);
      if (f.title) dt.title = f.title;
      card.facts.append(dt, el('dd', undefined, f.value));
    }
  }
}
