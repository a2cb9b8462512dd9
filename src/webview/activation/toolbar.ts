/**
 * The panel's controls above the chart: which of f, f', f'' to draw, the shading and bound lines,
 * the x range and number of points (refused with a message when absurd), and the exports.
 */

import type { ExportFormat, PlotView } from '../../protocol';
import { t } from '../common/l10n';
import type { Order } from '../../plot/chartBuild';

export interface ToolbarEvents {
  onView(change: Partial<PlotView>): void;
  onReset(): void;
  onExport(format: ExportFormat): void;
  onAddExpression(): void;
}

function checkbox(text: string, onChange: (on: boolean) => void): { label: HTMLLabelElement; input: HTMLInputElement } {
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.addEventListener('change', () => onChange(input.checked));
  label.append(input, document.createTextNode(` ${text}`));
  return { label, input };
}

function numberField(text: string, step: string): { label: HTMLLabelElement; input: HTMLInputElement } {
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.type = 'number';
  input.step = step;
  input.className = 'gl-number';
  label.append(document.createTextNode(`${text} `), input);
  return { label, input };
}

function button(text: string, onClick: () => void, className = 'secondary'): HTMLButtonElement {
  const b = document.createElement('button');
  b.className = className;
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

export class Toolbar {
  private readonly toggles: Record<Order, HTMLInputElement>;
  private readonly shade: HTMLInputElement;
  private readonly bounds: HTMLInputElement;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly points: HTMLInputElement;
  private readonly rangeError: HTMLElement;

  constructor(container: HTMLElement, events: ToolbarEvents) {
    const bar = document.createElement('div');
    bar.className = 'gl-toolbar';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', t('Plot options'));

    const show = document.createElement('span');
    show.className = 'gl-group';
    const f = checkbox('f(x)', (on) => events.onView({ show: { ...this.currentShow(), f: on } }));
    const df = checkbox('f′(x)', (on) => events.onView({ show: { ...this.currentShow(), df: on } }));
    const d2f = checkbox('f″(x)', (on) => events.onView({ show: { ...this.currentShow(), d2f: on } }));
    show.append(f.label, df.label, d2f.label);
    this.toggles = { f: f.input, df: df.input, d2f: d2f.input };

    const extras = document.createElement('span');
    extras.className = 'gl-group';
    const shade = checkbox(t('Saturation'), (on) => events.onView({ shade: on }));
    shade.label.title = t("Shade where |f′| < 0.01 (saturating) and where f′ = 0 (dead)");
    const bounds = checkbox(t('Bound of f′'), (on) => events.onView({ bounds: on }));
    bounds.label.title = t("Dashed line at the largest |f′|, e.g. sigmoid′ ≤ 0.25");
    extras.append(shade.label, bounds.label);
    this.shade = shade.input;
    this.bounds = bounds.input;

    const range = document.createElement('span');
    range.className = 'gl-group';
    const from = numberField(t('x from'), 'any');
    const to = numberField(t('to'), 'any');
    const points = numberField(t('points'), '1');
    const apply = () => events.onView({ xMin: Number(from.input.value), xMax: Number(to.input.value), points: Number(points.input.value) });
    for (const i of [from.input, to.input, points.input]) {
      i.addEventListener('change', apply);
      i.addEventListener('keydown', (e) => e.key === 'Enter' && apply());
    }
    range.append(from.label, to.label, points.label, button(t('Reset view'), () => events.onReset()));
    this.from = from.input;
    this.to = to.input;
    this.points = points.input;

    const actions = document.createElement('span');
    actions.className = 'gl-group';
    actions.append(
      button(t('Add expression'), () => events.onAddExpression()),
      button(t('Export PNG'), () => events.onExport('png')),
      button(t('Export SVG'), () => events.onExport('svg')),
      button(t('Export CSV'), () => events.onExport('csv')),
      button(t('Copy as PyTorch'), () => events.onExport('pytorch')),
    );

    bar.append(show, extras, range, actions);
    this.rangeError = document.createElement('p');
    this.rangeError.className = 'inline-error gl-range-error';
    this.rangeError.setAttribute('role', 'alert');
    this.rangeError.hidden = true;
    container.append(bar, this.rangeError);
  }

  private currentShow() {
    return { f: this.toggles.f.checked, df: this.toggles.df.checked, d2f: this.toggles.d2f.checked };
  }

  update(view: PlotView, rangeError: string): void {
    for (const order of ['f', 'df', 'd2f'] as const) this.toggles[order].checked = view.show[order];
    this.shade.checked = view.shade;
    this.bounds.checked = view.bounds;
    // Do not overwrite a field the user is typing in.
    const set = (input: HTMLInputElement, v: number) => {
      if (document.activeElement !== input) input.value = String(Number(v.toPrecision(8)));
    };
    set(this.from, view.xMin);
    set(this.to, view.xMax);
    set(this.points, view.points);
    this.rangeError.hidden = rangeError === '';
    this.rangeError.textContent = rangeError;
  }
}
