/**
 * The page's state and its reactions: a control moved, a preset clicked, a section opened, a request
 * from the host. Every change is saved with setState (restored after a reload), validated, and sent
 * to the live worker; open background sections re-run after a pause.
 */
import { setState } from '../common/host';
import { t } from '../common/l10n';
import {
  normalizeDepthSettings,
  normalizeTrainingSettings,
  type DepthSettings,
  type TrainingSettings,
} from '../../analysis/depth/settings';
import { findDepthPreset, type DepthPresetId } from '../../analysis/depth/presets';
import { toSweepReport, toTrainingReport, type SweepReport, type TrainingReport } from '../../analysis/depth/report';
import type { BenchmarkChange, DepthBenchmark, DepthPanelState, DepthSection, DepthSnapshot } from '../../protocol';
import type { SweepSection, TrainingSection } from './backgroundSections';
import type { DepthControls } from './controls';
import type { DepthLayout } from './layout';
import type { DepthView } from './view';
import type { LiveAnalysis } from './workerClient';
import { SECTIONS } from './state';

export interface PageParts {
  readonly layout: DepthLayout;
  readonly live: LiveAnalysis;
  readonly view: DepthView;
  readonly controls: DepthControls;
  readonly sweep: SweepSection;
  readonly training: TrainingSection;
}

export class DepthPage {
  private parts!: PageParts;

  constructor(private state: DepthPanelState) {}

  get current(): DepthPanelState {
    return this.state;
  }

  /** Called once every part exists; opens the saved sections and starts the first analysis. */
  attach(parts: PageParts): void {
    this.parts = parts;
    for (const id of SECTIONS) {
      const details = parts.layout.sections[id];
      details.open = this.state.open[id];
      details.addEventListener('toggle', () => this.sectionToggled(id, details.open));
    }
    this.analyze();
    if (this.state.open.sweep) parts.sweep.schedule();
    if (this.state.open.clipping) parts.training.schedule();
  }

  update(patch: Partial<DepthPanelState>): void {
    this.state = { ...this.state, ...patch };
    setState(this.state);
  }

  /** A control changed (or the host/preset set values): save, validate, recompute. */
  settingsChanged(settings: DepthSettings, training: TrainingSettings, key: string | null): void {
    this.update({ settings, training });
    const trainingOnly = key === 'learningRate' || key === 'steps';
    if (!trainingOnly) this.analyze();
    if (!trainingOnly && key !== 'clip' && key !== 'clipValue' && key !== 'clipNorm') this.parts.sweep.schedule();
    this.parts.training.schedule();
  }

  /** Sets values as if typed into the controls. */
  apply(settings: Partial<DepthSettings>, training: Partial<TrainingSettings> = {}): void {
    const s = normalizeDepthSettings(settings, this.state.settings);
    const tr = normalizeTrainingSettings(training, this.state.training);
    const problems = [...s.problems, ...tr.problems];
    if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join('; '));
    this.parts.controls.show(s.settings, tr.settings);
    this.settingsChanged(s.settings, tr.settings, null);
  }

  applyPreset(id: DepthPresetId): void {
    const preset = findDepthPreset(id);
    if (!preset) throw new RangeError(`Unknown preset ${id}`);
    this.apply(preset.settings, preset.training);
    if (preset.focus === 'clipping') {
      this.parts.layout.sections.clipping.open = true;
      this.parts.layout.sections.clipping.scrollIntoView({ block: 'start' });
    }
  }

  async snapshot(): Promise<DepthSnapshot> {
    await this.parts.live.whenSettled();
    return this.parts.view.snapshot(this.state.settings);
  }

  async runSweep(): Promise<SweepReport> {
    const sweep = await this.parts.sweep.run();
    if (!sweep) throw new Error('The sweep was cancelled or failed');
    return toSweepReport(sweep);
  }

  async runTraining(): Promise<TrainingReport> {
    const run = await this.parts.training.run();
    if (!run) throw new Error(this.parts.layout.trainingStatus.textContent || 'The training run did not complete');
    return toTrainingReport(run);
  }

  /**
   * Recompute + redraw `runs` times after one warm-up. With change 'seed' each run takes the next seed, so
   * nothing is reused from the run before (every weight is drawn anew, as when the seed or the width
   * changes): the worst case of a slider step. With 'depth' the runs alternate between depth − 1 and the
   * depth, as when the depth slider is dragged back and forth. With precision 'preview' every run is the
   * float32 preview a drag shows, and the page ends on the float64 analysis of the last settings.
   */
  async benchmark(
    settings: Partial<DepthSettings>, runs: number, change: BenchmarkChange, precision: 'preview' | 'exact' = 'exact',
  ): Promise<DepthBenchmark> {
    this.apply(settings);
    await this.parts.live.whenSettled();
    const base = this.state.settings;
    const computeMs: number[] = [], drawMs: number[] = [], totalMs: number[] = [];
    let kernels: DepthBenchmark['kernels'] = 'webassembly';
    let allFloat32 = true;
    let next = base;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      next = change === 'seed' ? { ...base, seed: base.seed + 1 + i } : { ...base, depth: base.depth - ((i + 1) % 2) };
      this.parts.live.requestWith(next, precision);
      const outcome = await this.parts.live.whenSettled();
      await new Promise((resolve) => setTimeout(resolve, 0)); // let the chart finish its deferred draw
      if (!outcome?.analysis) throw new Error(outcome?.error?.message ?? 'no analysis');
      computeMs.push(outcome.computeMs);
      if (outcome.kernels !== 'webassembly') kernels = 'javascript';
      if (outcome.precision !== 'float32') allFloat32 = false;
      drawMs.push(this.parts.view.lastDrawMs);
      totalMs.push(Math.max(this.parts.view.lastPaintAt, this.parts.view.lastRenderEndAt) - t0);
    }
    if (precision === 'preview') {
      this.parts.live.requestWith(next, 'exact');
      await this.parts.live.whenSettled();
    }
    const median = (v: number[]) => {
      const s = [...v].sort((a, b) => a - b);
      return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    return {
      runs, change, computeMs, drawMs, totalMs,
      medianComputeMs: median(computeMs), medianDrawMs: median(drawMs), medianTotalMs: median(totalMs), kernels,
      precision: allFloat32 ? 'float32' : 'float64',
    };
  }

  private analyze(): void {
    const { problems } = normalizeDepthSettings(this.state.settings);
    this.parts.controls.clearErrors();
    if (problems.length > 0) {
      for (const p of problems) this.parts.controls.setError(p.key, t('Not a valid value: {0}', p.message));
      return;
    }
    this.parts.live.request(this.state.settings);
  }

  private sectionToggled(id: DepthSection, open: boolean): void {
    this.update({ open: { ...this.state.open, [id]: open } });
    if (!open) return;
    this.parts.view.drawOpenSections();
    if (id === 'sweep' && !this.parts.sweep.sweep) void this.parts.sweep.run();
    if (id === 'clipping' && !this.parts.training.training) void this.parts.training.run();
  }
}
