/**
 * Form fields built from small specs: a slider with a number box beside it (both keyboard usable,
 * the slider reports every step while dragging), a select, a checkbox, a text box. Each field reads
 * and writes one value and calls `onInput` with it; `live` is true while a slider is being dragged.
 */
import { t } from '../common/l10n';

export type FieldValue = number | string | boolean;

interface BaseSpec {
  readonly key: string;
  readonly label: string;
  /** Extra text for screen readers and the tooltip. */
  readonly hint?: string;
}

export type FieldSpec =
  | (BaseSpec & { readonly kind: 'range'; readonly min: number; readonly max: number; readonly step: number; readonly log?: boolean })
  | (BaseSpec & { readonly kind: 'number'; readonly min: number; readonly max: number; readonly step: number | 'any' })
  | (BaseSpec & { readonly kind: 'select'; readonly options: ReadonlyArray<readonly [value: string, label: string]> })
  | (BaseSpec & { readonly kind: 'check' })
  | (BaseSpec & { readonly kind: 'text'; readonly placeholder?: string });

export interface Field {
  readonly spec: FieldSpec;
  readonly element: HTMLElement;
  /** The control that takes keyboard focus (the slider for ranges). */
  readonly focusTarget: HTMLInputElement | HTMLSelectElement;
  get(): FieldValue;
  set(value: FieldValue): void;
  setVisible(visible: boolean): void;
  setError(message: string | null): void;
}

let fieldCounter = 0;

/** Slider position (0..1000) <-> value, on a log scale when asked (gain, std, thresholds). */
const SLIDER_STEPS = 1000;
function toSlider(spec: { min: number; max: number }, v: number): number {
  const lo = Math.log(spec.min), hi = Math.log(spec.max);
  return Math.round(((Math.log(Math.max(v, spec.min)) - lo) / (hi - lo)) * SLIDER_STEPS);
}
function fromSlider(spec: { min: number; max: number }, p: number): number {
  const lo = Math.log(spec.min), hi = Math.log(spec.max);
  return Number(Math.exp(lo + (p / SLIDER_STEPS) * (hi - lo)).toPrecision(3));
}

export function createField(spec: FieldSpec, onInput: (value: FieldValue, live: boolean) => void): Field {
  const id = `field-${spec.key}-${++fieldCounter}`;
  const wrap = document.createElement('div');
  wrap.className = `field field-${spec.kind}`;
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = spec.label;
  if (spec.hint) label.title = spec.hint;
  const error = document.createElement('div');
  error.className = 'inline-error';
  error.hidden = true;
  error.id = `${id}-error`;
  error.setAttribute('role', 'alert');
  // A typed value outside the field's range is clamped, and the field says so (never silently).
  const note = document.createElement('div');
  note.className = 'field-note muted';
  note.hidden = true;
  note.setAttribute('aria-live', 'polite');
  const noteClamp = (typed: number, used: number, min: number, max: number) => {
    note.hidden = typed === used;
    note.textContent = typed === used ? '' : t('{0} is out of range ({1} to {2}): using {3}.', typed, min, max, used);
  };

  let field: Omit<Field, 'element' | 'spec' | 'setVisible' | 'setError'>;
  switch (spec.kind) {
    case 'range': {
      const slider = document.createElement('input');
      slider.type = 'range';
      slider.id = id;
      const box = document.createElement('input');
      box.type = 'number';
      box.className = 'range-value';
      box.min = String(spec.log ? 0 : spec.min);
      box.max = String(spec.max);
      box.step = 'any';
      box.setAttribute('aria-label', spec.label);
      if (spec.log) {
        slider.min = '0';
        slider.max = String(SLIDER_STEPS);
        slider.step = '1';
      } else {
        slider.min = String(spec.min);
        slider.max = String(spec.max);
        slider.step = String(spec.step);
      }
      const read = () => (spec.log ? fromSlider(spec, Number(slider.value)) : Number(slider.value));
      slider.addEventListener('input', () => {
        note.hidden = true;
        const v = read();
        box.value = String(v);
        slider.setAttribute('aria-valuetext', String(v));
        onInput(v, true);
      });
      slider.addEventListener('change', () => onInput(read(), false));
      box.addEventListener('change', () => {
        const v = Number(box.value);
        if (!Number.isFinite(v)) return;
        const clamped = Math.min(spec.max, Math.max(spec.log ? 0 : spec.min, v));
        noteClamp(v, clamped, spec.log ? 0 : spec.min, spec.max);
        box.value = String(clamped);
        slider.value = String(spec.log ? toSlider(spec, clamped) : clamped);
        onInput(clamped, false);
      });
      const row = document.createElement('div');
      row.className = 'range-row';
      row.append(slider, box);
      wrap.append(label, row);
      field = {
        focusTarget: slider,
        get: () => Number(box.value),
        set: (v) => {
          box.value = String(v);
          slider.value = String(spec.log ? toSlider(spec, Number(v)) : v);
          slider.setAttribute('aria-valuetext', String(v));
        },
      };
      break;
    }
    case 'number': {
      const input = document.createElement('input');
      input.type = 'number';
      input.id = id;
      input.min = String(spec.min);
      input.max = String(spec.max);
      input.step = String(spec.step);
      input.addEventListener('change', () => {
        const v = Number(input.value);
        if (!Number.isFinite(v)) return;
        const clamped = Math.min(spec.max, Math.max(spec.min, v));
        noteClamp(v, clamped, spec.min, spec.max);
        if (clamped !== v) input.value = String(clamped);
        onInput(clamped, false);
      });
      wrap.append(label, input);
      field = { focusTarget: input, get: () => Number(input.value), set: (v) => (input.value = String(v)) };
      break;
    }
    case 'select': {
      const select = document.createElement('select');
      select.id = id;
      for (const [value, text] of spec.options) {
        const option = document.createElement('option');
        option.value = value;
        option.textContent = text;
        select.append(option);
      }
      select.addEventListener('change', () => onInput(select.value, false));
      wrap.append(label, select);
      field = { focusTarget: select, get: () => select.value, set: (v) => (select.value = String(v)) };
      break;
    }
    case 'check': {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = id;
      box.addEventListener('change', () => onInput(box.checked, false));
      wrap.append(box, label);
      field = { focusTarget: box, get: () => box.checked, set: (v) => (box.checked = Boolean(v)) };
      break;
    }
    case 'text': {
      const input = document.createElement('input');
      input.type = 'text';
      input.id = id;
      input.spellcheck = false;
      input.placeholder = spec.placeholder ?? '';
      input.setAttribute('aria-describedby', error.id);
      input.addEventListener('input', () => onInput(input.value, true));
      wrap.append(label, input);
      field = { focusTarget: input, get: () => input.value, set: (v) => (input.value = String(v)) };
      break;
    }
  }
  wrap.append(note, error);
  return {
    ...field,
    spec,
    element: wrap,
    setVisible: (visible) => (wrap.hidden = !visible),
    setError: (message) => {
      error.hidden = message === null;
      error.textContent = message ?? '';
      field.focusTarget.setAttribute('aria-invalid', String(message !== null));
    },
  };
}
