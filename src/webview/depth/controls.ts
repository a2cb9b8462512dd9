/**
 * The settings form: network, batch, clipping and training-run fields, bound to DepthSettings and
 * TrainingSettings. Every change is reported with the complete new settings; `live` is true while a
 * slider is dragged (the page recomputes on every step either way).
 */
import { t } from '../common/l10n';
import {
  CUSTOM_ACTIVATION,
  DEPTH_LIMITS,
  type DepthSettings,
  type TrainingSettings,
} from '../../analysis/depth/settings';
import { createField, type Field, type FieldSpec, type FieldValue } from './fields';

export interface ControlChoices {
  /** Activation registry names. */
  readonly activations: readonly string[];
  /** Initializer names with the aliases shown beside them. */
  readonly initializers: ReadonlyArray<readonly [name: string, aliases: readonly string[]]>;
}

type SettingsKey = keyof DepthSettings;
type TrainingKey = keyof TrainingSettings;

function networkSpecs(choices: ControlChoices): FieldSpec[] {
  const L = DEPTH_LIMITS;
  return [
    { kind: 'range', key: 'depth', label: t('Depth (hidden layers)'), min: L.depth.min, max: L.depth.max, step: 1 },
    { kind: 'range', key: 'width', label: t('Width (units per layer)'), min: L.width.min, max: L.width.max, step: 1 },
    {
      kind: 'select', key: 'activation', label: t('Activation'),
      options: [...choices.activations.map((a) => [a, a] as const), [CUSTOM_ACTIVATION, t('Custom expression…')]],
    },
    { kind: 'text', key: 'expression', label: t('φ(x) ='), placeholder: 'x / (1 + abs(x))', hint: t('An expression in x, for example tanh(x) or x * sigmoid(1.702 * x)') },
    {
      kind: 'select', key: 'init', label: t('Initialization (torch.nn.init)'),
      options: choices.initializers.map(([name, aliases]) => [name, aliases.length ? `${name} (${aliases.join(', ')})` : name] as const),
    },
    { kind: 'range', key: 'gain', label: t('Gain (multiplies the std)'), min: 0.01, max: L.gain.max, step: 0.01, log: true },
    { kind: 'range', key: 'weightStd', label: t('Weight std ("normal")'), min: 0.001, max: 10, step: 0.001, log: true },
    { kind: 'range', key: 'biasStd', label: t('Bias std'), min: 0, max: 2, step: 0.01 },
    { kind: 'check', key: 'batchNorm', label: t('Batch normalization') },
    { kind: 'check', key: 'residual', label: t('Residual connections') },
    { kind: 'range', key: 'batchSize', label: t('Batch size'), min: L.batchSize.min, max: L.batchSize.max, step: 1 },
    {
      kind: 'select', key: 'input', label: t('Input distribution'),
      options: [['normal', t('normal N(0, 1)')], ['uniform', t('uniform U(−√3, √3)')], ['sign', t('random signs ±1')]],
    },
    { kind: 'number', key: 'seed', label: t('Seed'), min: L.seed.min, max: L.seed.max, step: 1 },
  ];
}

function clippingSpecs(): FieldSpec[] {
  return [
    {
      kind: 'select', key: 'clip', label: t('Clip gradients'),
      options: [['none', t('no clipping')], ['value', t('by value (clamp to ±M)')], ['norm', t('by global norm (max_norm)')]],
    },
    { kind: 'range', key: 'clipValue', label: t('M (clip value)'), min: 1e-6, max: 1e3, step: 1e-6, log: true },
    { kind: 'range', key: 'clipNorm', label: t('max_norm'), min: 1e-4, max: 1e4, step: 1e-4, log: true },
  ];
}

function trainingSpecs(): FieldSpec[] {
  return [
    { kind: 'range', key: 'learningRate', label: t('Learning rate (SGD)'), min: 1e-4, max: 10, step: 1e-4, log: true },
    { kind: 'range', key: 'steps', label: t('Steps'), min: 10, max: 500, step: 10 },
  ];
}

export class DepthControls {
  private settings: DepthSettings;
  private training: TrainingSettings;
  private readonly fields = new Map<string, Field>();

  constructor(
    networkHost: HTMLElement,
    clippingHost: HTMLElement,
    trainingHost: HTMLElement,
    choices: ControlChoices,
    initial: { settings: DepthSettings; training: TrainingSettings },
    private readonly onChange: (settings: DepthSettings, training: TrainingSettings, live: boolean, key: string) => void,
  ) {
    this.settings = initial.settings;
    this.training = initial.training;
    const add = (host: HTMLElement, specs: FieldSpec[], apply: (key: string, v: FieldValue, live: boolean) => void) => {
      for (const spec of specs) {
        const field = createField(spec, (v, live) => apply(spec.key, v, live));
        this.fields.set(spec.key, field);
        host.append(field.element);
      }
    };
    add(networkHost, networkSpecs(choices), (k, v, live) => this.changeSettings(k as SettingsKey, v, live));
    add(clippingHost, clippingSpecs(), (k, v, live) => this.changeSettings(k as SettingsKey, v, live));
    add(trainingHost, trainingSpecs(), (k, v, live) => {
      this.training = { ...this.training, [k as TrainingKey]: v };
      this.onChange(this.settings, this.training, live, k);
    });
    this.show(this.settings, this.training);
  }

  get current(): { settings: DepthSettings; training: TrainingSettings } {
    return { settings: this.settings, training: this.training };
  }

  /** Shows new values (a preset, a host request, a restored state) without reporting a change. */
  show(settings: DepthSettings, training: TrainingSettings): void {
    this.settings = settings;
    this.training = training;
    for (const [key, field] of this.fields) {
      const value = key in settings ? settings[key as SettingsKey] : training[key as TrainingKey];
      if (value !== undefined) field.set(value);
    }
    this.updateVisibility();
  }

  /** Marks a field as invalid (null clears it). */
  setError(key: string, message: string | null): void {
    this.fields.get(key)?.setError(message);
  }

  clearErrors(): void {
    for (const field of this.fields.values()) field.setError(null);
  }

  focus(key: string): void {
    this.fields.get(key)?.focusTarget.focus();
  }

  private changeSettings(key: SettingsKey, value: FieldValue, live: boolean): void {
    this.settings = { ...this.settings, [key]: value };
    this.updateVisibility();
    this.onChange(this.settings, this.training, live, key);
  }

  private updateVisibility(): void {
    this.fields.get('expression')?.setVisible(this.settings.activation === CUSTOM_ACTIVATION);
    this.fields.get('weightStd')?.setVisible(this.settings.init === 'normal');
    this.fields.get('clipValue')?.setVisible(this.settings.clip === 'value');
    this.fields.get('clipNorm')?.setVisible(this.settings.clip === 'norm');
  }
}
