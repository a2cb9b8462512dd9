/**
 * The two sections whose work runs in the background worker: the depth sweep and the training run
 * with and without clipping. While a section is open, a settings change re-runs its job after a
 * short pause (cancelling the one in flight); the buttons run it at once.
 */
import { formatNumber, type ChartPalette } from '../../charts/chartModel';
import { t } from '../common/l10n';
import type { DepthSettings, TrainingSettings } from '../../analysis/depth/settings';
import type { DepthSweep, TrainingComparison, TrainingCurve } from '../../analysis/depth/types';
import { sweepChart, trainingChart } from './chartModels';
import { DepthChart } from './depthChart';
import { el } from '../common/dom';
import type { DepthLayout } from './layout';
import { renderSweepTable } from './tables';
import type { BackgroundJobs } from './workerClient';

const RERUN_AFTER_MS = 600;
export const SWEEP_CHOICES = ['relu', 'tanh', 'sigmoid', 'gelu', 'silu', 'elu', 'selu', 'identity'] as const;

function button(text: string, onClick: () => void, secondary = false): HTMLButtonElement {
  const b = el('button', secondary ? 'secondary' : undefined, text);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

export interface BackgroundContext {
  readonly layout: DepthLayout;
  readonly jobs: BackgroundJobs;
  current(): { settings: DepthSettings; training: TrainingSettings; sweepActivations: readonly string[] };
  setSweepActivations(names: readonly string[]): void;
}

/** What both sections share: a job kind, its section and status line, re-running after a pause. */
abstract class BackgroundSection<R> {
  private timer: ReturnType<typeof setTimeout> | undefined;

  protected constructor(
    protected readonly ctx: BackgroundContext,
    private readonly kind: 'sweep' | 'train',
    private readonly section: 'sweep' | 'clipping',
    protected readonly status: HTMLElement,
    private readonly cancelledText: string,
  ) {}

  /** Settings changed: re-run soon if the section is open. */
  schedule(): void {
    clearTimeout(this.timer);
    if (!this.ctx.layout.sections[this.section].open) return;
    this.timer = setTimeout(() => void this.run(), RERUN_AFTER_MS);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.ctx.jobs.cancel(this.kind);
    this.status.textContent = this.cancelledText;
  }

  /** Runs the job now; resolves with its result, or null when it was cancelled or failed. */
  run(): Promise<R | null> {
    clearTimeout(this.timer);
    return this.start();
  }

  protected abstract start(): Promise<R | null>;
}

export class SweepSection extends BackgroundSection<DepthSweep> {
  readonly chart: DepthChart;
  sweep: DepthSweep | null = null;
  private seeds = 2;

  constructor(ctx: BackgroundContext, palette: ChartPalette) {
    super(ctx, 'sweep', 'sweep', ctx.layout.sweepStatus, t('Sweep cancelled.'));
    const { layout } = ctx;
    this.chart = new DepthChart(layout.sweep.host, { ariaLabel: t('First-layer gradient against depth'), height: 280, xName: t('depth') }, palette);
    const group = el('fieldset', 'checks');
    group.append(el('legend', undefined, t('Compare with')));
    const chosen = new Set(ctx.current().sweepActivations);
    for (const name of SWEEP_CHOICES) {
      const label = el('label');
      const box = el('input');
      box.type = 'checkbox';
      box.checked = chosen.has(name);
      box.addEventListener('change', () => {
        if (box.checked) chosen.add(name);
        else chosen.delete(name);
        ctx.setSweepActivations([...chosen]);
        this.schedule();
      });
      label.append(box, ` ${name}`);
      group.append(label);
    }
    const seedsLabel = el('label', undefined, t('Seeds per depth'));
    const seeds = el('input');
    seeds.type = 'number';
    seeds.min = '1';
    seeds.max = '8';
    seeds.value = String(this.seeds);
    seeds.id = 'sweep-seeds';
    seedsLabel.htmlFor = seeds.id;
    seeds.addEventListener('change', () => {
      this.seeds = Math.min(8, Math.max(1, Math.round(Number(seeds.value)) || 1));
      this.schedule();
    });
    layout.sweepControls.append(group, seedsLabel, seeds, button(t('Run sweep'), () => void this.run()),
      button(t('Cancel'), () => this.cancel(), true));
  }

  protected async start(): Promise<DepthSweep | null> {
    const { settings, sweepActivations } = this.ctx.current();
    const activations = [settings.activation, ...sweepActivations.filter((a) => a !== settings.activation)];
    const status = this.status;
    const t0 = performance.now();
    status.textContent = t('Sweeping depth…');
    const ok = await this.ctx.jobs.run({ kind: 'sweep', settings, activations, seeds: this.seeds }, {
      onSweep: (sweep, progress, done) => {
        this.sweep = sweep;
        this.draw();
        status.textContent = done
          ? t('Swept {0} depths for {1} activation(s) in {2} s.', sweep.series[0]?.depths.length ?? 0, sweep.series.length, formatNumber((performance.now() - t0) / 1000, 3))
          : t('Sweeping depth… {0} %', Math.round(progress * 100));
      },
      onFailed: (message) => (status.textContent = t('The sweep failed: {0}', message)),
    });
    return ok ? this.sweep : null;
  }

  draw(): void {
    if (!this.sweep) return;
    this.chart.setModel(sweepChart(this.sweep));
    renderSweepTable(this.ctx.layout.sweepTable, this.sweep);
  }
}

function curveSummary(c: TrainingCurve): string {
  if (c.divergedAt !== null) return t('diverged at step {0}', c.divergedAt + 1);
  const last = c.losses[c.losses.length - 1];
  return t('final loss {0}, clipped at {1} of {2} steps', formatNumber(last ?? NaN, 4), c.clipEvents.length, c.losses.length);
}

export class TrainingSection extends BackgroundSection<TrainingComparison> {
  readonly unclipped: DepthChart;
  readonly clipped: DepthChart;
  training: TrainingComparison | null = null;

  constructor(ctx: BackgroundContext, palette: ChartPalette) {
    super(ctx, 'train', 'clipping', ctx.layout.trainingStatus, t('Training cancelled.'));
    const { layout } = ctx;
    const chart = (host: HTMLElement, ariaLabel: string) => new DepthChart(host, { ariaLabel, height: 220, xName: t('step') }, palette);
    this.unclipped = chart(layout.trainingUnclipped.host, t('Loss without clipping'));
    this.clipped = chart(layout.trainingClipped.host, t('Loss with clipping'));
    layout.trainingControls.append(button(t('Run training'), () => void this.run()), button(t('Cancel'), () => this.cancel(), true));
  }

  protected async start(): Promise<TrainingComparison | null> {
    const { settings, training } = this.ctx.current();
    const status = this.status;
    if (settings.clip === 'none') {
      this.ctx.jobs.cancel('train');
      status.textContent = t('Choose clipping by value or by norm above: the run with clipping uses it.');
      return null;
    }
    status.textContent = t('Training…');
    const ok = await this.ctx.jobs.run({ kind: 'train', settings, training }, {
      onTraining: (run, done) => {
        this.training = run;
        this.draw();
        status.textContent = done
          ? t('Without clipping: {0}. With clipping: {1}.', curveSummary(run.unclipped), curveSummary(run.clipped))
          : t('Training… step {0} of {1}', run.stepsDone, run.training.steps);
      },
      onFailed: (message) => (status.textContent = t('The training run failed: {0}', message)),
    });
    return ok ? this.training : null;
  }

  draw(): void {
    const run = this.training;
    if (!run) return;
    this.unclipped.setModel(trainingChart(run.unclipped, t('Without clipping'), run.training.steps));
    const rule = run.settings.clip === 'value' ? t('clip by value, M = {0}', run.settings.clipValue) : t('clip by norm, max_norm = {0}', run.settings.clipNorm);
    this.clipped.setModel(trainingChart(run.clipped, t('With clipping ({0})', rule), run.training.steps));
  }
}
