/**
 * The lesson in words, its rule first on the panel and each curve's figures under the chart: backpropagation multiplies the gradient by f′ once per
 * layer, so through L layers of a curve the gradient is at most sup|f′|^L of what left the output
 * (sigmoid: 0.25^10 = 9.5e-7), and typically scales its squared size by E[f′(z)²]^L. One L field for
 * all curves; "See it through depth →" opens the depth explorer on that curve's activation.
 */

import { depthLesson, LESSON_LAYERS } from '../../analysis/depth/lesson';
import { formatNumber } from '../../charts/chartModel';
import { t } from '../common/l10n';
import { el } from '../common/dom';

export interface LessonCurve {
  readonly id: string;
  readonly label: string;
  readonly color: number;
  /** undefined while the facts are being computed. */
  readonly maxAbsDf?: number;
  readonly meanSquaredDf?: number;
}

export interface LessonEvents {
  onLayers(layers: number): void;
  onSeeDepth(curveId: string): void;
}

/** Two significant digits, as a learner would say them (9.5e-7, 0.045); formatNumber keeps fewer in exponents. */
const number = (v: number, digits = 2) => (Number.isFinite(v) ? String(Number(v.toPrecision(digits))).replace(/^-/, '−') : formatNumber(v));

/** The sentences of one curve (pure text: the view and the tests read the same). */
export function lessonSentences(c: LessonCurve, layers: number): { bound: string; typical: string } | undefined {
  if (c.maxAbsDf === undefined || c.meanSquaredDf === undefined) return undefined;
  const l = depthLesson(c.maxAbsDf, c.meanSquaredDf, layers);
  const bound = !Number.isFinite(c.maxAbsDf)
    ? t('Through L {0} layers the slope sets no bound: |f′| has no maximum, so the gradient can grow without limit.', c.label)
    : t('Through L {0} layers the gradient is at most {1}^L = {2} (L = {3}).', c.label, number(c.maxAbsDf), number(l.bound), layers);
  const typical = Number.isNaN(c.meanSquaredDf)
    ? ''
    : t('E[f′(z)²] = {0} is the average squared slope at typical inputs z ~ N(0, 1): with weights of variance 1/n each layer scales the gradient’s squared size by about that much, {0}^L = {1} after L = {2}.', number(c.meanSquaredDf, 3), number(l.typical), layers);
  return { bound, typical };
}

export class LessonView {
  /** The lesson in one sentence, put first on the panel (above the toolbar and the chart). */
  readonly lead = el('p', 'gl-lesson-intro', t('Backpropagation multiplies the gradient by f′ at every layer it passes, so the slope decides what reaches the first layers.'));
  /** What it means for each plotted curve, under the chart that shows the slopes. */
  readonly element = el('section', 'gl-lesson');
  private readonly input = el('input', 'gl-lesson-layers');
  private readonly list = el('ul', 'gl-lesson-list');

  constructor(private readonly events: LessonEvents) {
    this.element.setAttribute('aria-live', 'polite');
    const field = el('label', 'gl-field');
    this.input.type = 'number';
    this.input.min = String(LESSON_LAYERS.min);
    this.input.max = String(LESSON_LAYERS.max);
    this.input.step = '1';
    this.input.addEventListener('change', () => events.onLayers(Number(this.input.value)));
    field.append(el('span', undefined, t('Layers L')), this.input);
    this.element.append(field, this.list);
  }

  update(curves: readonly LessonCurve[], layers: number): void {
    this.element.hidden = curves.length === 0;
    if (document.activeElement !== this.input) this.input.value = String(layers);
    this.list.replaceChildren(
      ...curves.map((c) => {
        const item = el('li', `gl-lesson-item c${c.color % 8}`);
        item.dataset.curveId = c.id;
        const text = lessonSentences(c, layers);
        if (!text) item.append(el('p', 'muted', t('computing…')));
        else {
          item.append(el('p', 'gl-lesson-bound', text.bound));
          if (text.typical) item.append(el('p', 'gl-lesson-typical muted', text.typical));
        }
        const see = el('button', 'secondary gl-see-depth', t('See it through depth →'));
        see.title = t('Open the depth explorer with this activation');
        see.addEventListener('click', () => this.events.onSeeDepth(c.id));
        item.append(see);
        return item;
      }),
    );
  }
}
