/**
 * The live dashboard both pages show: header (config, status, actions), error and alerts, then the
 * charts: per-layer gradient norms, the layer-by-step heatmap, the global norm before/after
 * clipping, loss and accuracy. Redraws at most once per animation frame, from LiveState.
 */

import type { FromLivePage, GuideEntry, HistoryPoint, LivePageDescription } from '../../protocol';
import { BoundedHistory } from '../../training/history';
import { formatNumber } from '../../charts/chartModel';
import { el } from '../common/dom';
import { t } from '../common/l10n';
import { readTheme, type ThemeColors } from '../common/theme';
import { alertText, statusText } from './alerts';
import { ChartSection } from './chartSection';
import { accuracyModel, globalNormModel, layerNormsModel, lossModel, withGhost, type LiveChartModel } from './chartModels';
import { depthColors, parseColor, type Rgb } from './colors';
import { Heatmap } from './heatmap';
import { PlaybackControls } from './playback';
import { BoundaryView } from './boundary';
import type { LiveState } from '../../training/liveState';

export type Layout = 'sidebar' | 'panel';

export interface DashboardHost {
  post(message: FromLivePage): void;
}

export class LiveDashboard {
  private theme: ThemeColors = readTheme();
  private readonly status = el('span', 'status');
  private readonly configLink = el('a', 'config-link');
  private readonly startButton = el('button', undefined, t('Train'));
  private readonly stopButton = el('button', 'secondary', t('Stop'));
  private readonly error = el('div', 'inline-error');
  private readonly alerts = el('ul', 'live-alerts');
  private readonly empty = el('div', 'empty');
  private readonly sections: ChartSection[];
  private readonly layers: ChartSection;
  private readonly global: ChartSection;
  private readonly loss: ChartSection;
  private readonly accuracy: ChartSection;
  private readonly heatmapSection = el('section', 'live-section');
  private readonly heatmap: Heatmap;
  private readonly playback: PlaybackControls;
  private readonly boundary: BoundaryView;
  private readonly staleNote = el('div', 'stale-note');
  private readonly ghostBar = el('div', 'ghost-bar');
  private readonly ghostText = el('span', 'ghost-text');
  private readonly ghostList = el('ul', 'ghost-list muted');
  private frame = 0;
  private drawnVersion = -1;
  private colorsRun = -1;
  private colors: string[] = [];
  /** Wall-clock time the first chart of the current run was drawn (for the save-to-chart figure). */
  private firstDrawnAt: number | undefined;
  private firstDrawnRun: number | undefined;

  constructor(root: HTMLElement, private readonly state: LiveState, private readonly layout: Layout, host: DashboardHost) {
    const height = layout === 'panel' ? 300 : 170;
    const drawn = () => this.noteDraw();
    this.layers = new ChartSection('layers', t('Gradient norm per layer'), height, this.theme, drawn);
    this.global = new ChartSection('global', t('Global gradient norm and clipping'), height, this.theme, drawn);
    this.loss = new ChartSection('loss', t('Loss'), height, this.theme, drawn);
    this.accuracy = new ChartSection('accuracy', t('Accuracy'), height, this.theme, drawn);
    this.sections = [this.layers, this.global, this.loss, this.accuracy];

    this.heatmapSection.hidden = true;
    this.heatmapSection.dataset.chart = 'heatmap';
    this.heatmapSection.append(el('h3', undefined, t('Gradient magnitude by layer and step')));
    this.heatmap = new Heatmap(this.heatmapSection, this.theme, {
      ariaLabel: t('Heatmap of gradient norms: rows are layers from the first (top) to the output (bottom), columns are steps. Arrow keys move the readout.'),
      height: layout === 'panel' ? 220 : 110,
    });

    const header = el('header', 'live-header');
    const title = el('div', 'live-title');
    this.configLink.href = '#';
    this.configLink.title = t('Open the config');
    this.configLink.addEventListener('click', (e) => (e.preventDefault(), host.post({ type: 'openConfig' })));
    title.append(this.configLink, this.status);
    const actions = el('div', 'live-actions');
    this.startButton.addEventListener('click', () => host.post({ type: 'startTraining' }));
    this.stopButton.addEventListener('click', () => host.post({ type: 'stopTraining' }));
    actions.append(this.startButton, this.stopButton);
    if (layout === 'sidebar') {
      const open = el('button', 'secondary', t('Open Panel'));
      open.title = t('The same charts, larger, and for MNIST the misclassified digits and the confusion matrix');
      open.addEventListener('click', () => host.post({ type: 'openTrainingPanel' }));
      actions.append(open);
    }
    header.append(title, actions);
    this.playback = new PlaybackControls((m) => host.post(m));
    this.error.hidden = true;
    this.error.setAttribute('role', 'alert');
    this.alerts.setAttribute('aria-live', 'polite');
    const charts = el('div', `live-charts ${layout}`);
    this.boundary = new BoundaryView(layout === 'panel' ? 320 : 200, this.theme);
    // The picture of the data beside the per-layer gradients of the same run.
    const plane = el('div', 'plane-row');
    plane.append(this.boundary.element, this.layers.element);
    charts.append(plane, this.heatmapSection, this.global.element, this.loss.element, this.accuracy.element);
    this.fillEmpty(host);
    const swatch = el('span', 'swatch dashed ghost-swatch');
    const clear = el('button', 'secondary ghost-clear', t('Clear'));
    clear.title = t('Forget the earlier runs of this file');
    clear.addEventListener('click', () => host.post({ type: 'clearGhosts' }));
    this.ghostBar.hidden = true;
    this.ghostBar.append(swatch, el('span', 'muted', t('Faded: the previous run.')), this.ghostText, clear, this.ghostList);
    this.staleNote.hidden = true;
    this.staleNote.setAttribute('role', 'status');
    root.append(header, this.staleNote, this.playback.element, this.error, this.alerts, this.ghostBar, this.empty, charts);
  }

  /**
   * Before any run: the lesson of the view in one sentence, then the walkthrough's steps as buttons
   * (the host runs the same commands as the walkthrough), then how to train one's own config.
   */
  private fillEmpty(host: DashboardHost): void {
    const entries: ReadonlyArray<[GuideEntry, string]> = [
      ['activations', t('1. Activations and their derivatives')],
      ['depth', t('2. Vanishing gradients through depth')],
      ['clipping', t('3. Exploding gradients and clipping')],
      ['train', t('4. Train the MNIST softmax regression')],
      ['retrain', t('5. Edit a config and watch it re-train')],
    ];
    const list = el('ol', 'guide-entries');
    for (const [entry, label] of entries) {
      const item = el('li');
      const button = el('button', 'link-button', label);
      button.dataset.guide = entry;
      button.addEventListener('click', () => host.post({ type: 'guide', entry }));
      item.append(button);
      list.append(item);
    }
    const walkthrough = el('button', undefined, t('Open the guided start'));
    walkthrough.dataset.guide = 'walkthrough';
    walkthrough.addEventListener('click', () => host.post({ type: 'guide', entry: 'walkthrough' }));
    const pick = el('button', 'link-button', t('Train a config of this workspace or an example…'));
    pick.dataset.guide = 'pick';
    pick.addEventListener('click', () => host.post({ type: 'guide', entry: 'pick' }));
    this.empty.append(
      el('p', 'lesson', t('Here you watch gradients layer by layer while a network trains. New to it? Follow the tutorial in five steps:')),
      list,
      walkthrough,
      el('p', 'muted', t('Or train your own *.gradlab.json config: the ▷ button in its editor title, or save it while this view is open.')),
      pick,
    );
  }

  /** Asks for a redraw on the next animation frame (many messages, one draw). */
  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  setTheme(theme: ThemeColors): void {
    this.theme = theme;
    this.colorsRun = -1;
    for (const s of this.sections) s.setTheme(theme);
    this.heatmap.setTheme(theme);
    this.boundary.setTheme(theme);
    this.drawnVersion = -1;
    this.render();
  }

  render(): void {
    if (this.drawnVersion === this.state.version) return;
    this.drawnVersion = this.state.version;
    const s = this.state;
    const points = s.history.all();
    const names = s.layerNames;
    if (this.colorsRun !== s.runVersion || this.colors.length !== names.length) {
      this.colorsRun = s.runVersion;
      this.colors = depthColors(names.length, this.depthStops());
      this.layers.setLegend(this.depthLegend(names));
    }
    const running = s.status === 'starting' || s.status === 'running';
    this.configLink.textContent = s.configName ?? '';
    this.configLink.hidden = !s.configName;
    this.status.textContent = statusText(s.status, s.lastStep, s.run?.totalSteps, s.history.latest?.loss);
    this.startButton.hidden = running;
    this.startButton.textContent = s.runId === undefined ? t('Train') : t('Train Again');
    this.stopButton.hidden = !running;
    this.playback.update(s);
    // A failure's error, or the trainer's own diagnosis of a divergence (step, layer, cause).
    const problem = s.error ?? (s.status === 'diverged' ? s.summary?.message : undefined);
    this.error.hidden = !problem;
    this.error.textContent = problem ?? '';
    this.alerts.replaceChildren(
      ...s.alerts.map((a) => {
        const li = el('li', a.kind === 'nonFinite' ? 'alert error' : 'alert warning', alertText(a));
        li.dataset.kind = a.kind;
        return li;
      }),
    );
    this.empty.hidden = s.runId !== undefined;
    const labels = this.layout === 'panel';
    // The previous run of the same file, faded under every chart (its layers in the muted colour).
    const ghost = s.ghosts[0];
    const ghostPoints = ghost ? BoundedHistory.fromSnapshot(ghost.history).all() : [];
    const ghostNames = ghostPoints[0]?.layerNorms.map((_, i) => `${i + 1}`) ?? [];
    const previous = t('previous run');
    const overlay = (model: LiveChartModel | undefined, of: (p: readonly HistoryPoint[]) => LiveChartModel | undefined) =>
      ghost ? withGhost(model, of(ghostPoints), previous) : model;
    this.layers.setModel(overlay(layerNormsModel(points, names, this.colors, labels), (g) => layerNormsModel(g, ghostNames, this.colors, labels)));
    this.heatmapSection.hidden = points.length === 0;
    this.heatmap.setData(points, names);
    this.global.setModel(overlay(globalNormModel(points, labels), (g) => globalNormModel(g, labels)));
    this.loss.setModel(overlay(lossModel(points, labels), (g) => lossModel(g, labels)));
    this.accuracy.setModel(overlay(accuracyModel(points, labels), (g) => accuracyModel(g, labels)));
    this.renderGhosts();
    this.staleNote.hidden = !s.stale;
    this.staleNote.textContent = s.stale
      ? t('From the last valid version: {0} has {1} problem(s) now. First: {2}', s.configName ?? '', s.stale.count, s.stale.first)
      : '';
    this.boundary.update(s.runId, s.scatter, s.boundary);
  }

  /**
   * "Faded: the previous run. lr 0.5 → 5: final loss 0.276 → 0.577", a Clear button, and the earlier
   * runs of the file when there are several.
   */
  private renderGhosts(): void {
    const s = this.state;
    const [ghost, ...older] = s.ghosts;
    this.ghostBar.hidden = !ghost;
    if (!ghost) return;
    const finished = s.status === 'completed' || s.status === 'cancelled' || s.status === 'diverged';
    const now = finished ? s.summary?.final_loss ?? s.history.latest?.loss : s.history.latest?.loss;
    const loss = (v: number | undefined) => (v === undefined ? '…' : formatNumber(v, 3));
    this.ghostText.textContent = finished
      ? t('{0}: final loss {1} → {2}', ghost.change, loss(ghost.finalLoss), loss(now))
      : t('{0}: loss {1} → {2} so far', ghost.change, loss(ghost.finalLoss), loss(now));
    this.ghostList.hidden = older.length === 0;
    this.ghostList.replaceChildren(
      ...older.map((g) => el('li', undefined, t('{0}: final loss {1}', g.change, loss(g.finalLoss)))),
    );
  }

  describe(): LivePageDescription {
    this.render();
    const s = this.state;
    const latest = s.history.latest;
    const charts: Record<string, boolean> = { heatmap: this.heatmap.hasPixels };
    for (const c of this.sections) charts[c.id] = c.hasPixels();
    return {
      runId: s.runId,
      status: s.status,
      points: s.history.length,
      lastStep: s.lastStep,
      layers: s.layerNames.length,
      alerts: s.alerts.map((a) => a.kind),
      charts,
      lastLayerNorms: latest?.layerNorms ?? [],
      lastLoss: latest?.loss ?? NaN,
      firstDrawnAt: this.firstDrawnRun === s.runId ? this.firstDrawnAt : undefined,
      guide: [...this.empty.querySelectorAll<HTMLElement>('[data-guide]')].map((b) => b.dataset.guide!),
      emptyShown: !this.empty.hidden,
      progress: this.playback.progress.textContent ?? '',
      paused: s.playback.paused,
      staleText: this.staleNote.hidden ? '' : this.staleNote.textContent ?? '',
      ghostText: this.ghostBar.hidden ? '' : this.ghostText.textContent ?? '',
      ghosts: s.ghosts.length,
      boundary: this.boundary.element.hidden
        ? undefined
        : { frames: this.boundary.frames, step: this.boundary.step, checksum: this.boundary.checksum(), points: this.boundary.pointCount },
    };
  }

  private noteDraw(): void {
    if (this.firstDrawnRun === this.state.runId || this.state.history.length === 0) return;
    this.firstDrawnRun = this.state.runId;
    this.firstDrawnAt = Date.now();
  }

  /** Layer 1 in the theme's blue, the output layer in its red: depth reads as a hue shift. */
  private depthStops(): Rgb[] {
    const blue = parseColor(this.theme.series[0] ?? '') ?? [55, 148, 255];
    const purple = parseColor(this.theme.series[3] ?? '') ?? [177, 128, 215];
    const red = parseColor(this.theme.series[4] ?? '') ?? [241, 76, 76];
    return [blue, purple, red];
  }

  private depthLegend(names: readonly string[]): HTMLElement | undefined {
    if (names.length < 2) return undefined; // one layer: the ordinary legend (a swatch and its name)
    const legend = el('span', 'depth-legend');
    const bar = el('span', 'depth-bar');
    bar.style.backgroundImage = `linear-gradient(to right, ${this.colors.join(', ')})`;
    if (this.colors.length === 1) bar.style.backgroundColor = this.colors[0]!;
    legend.append(el('span', undefined, names[0]!), bar, el('span', undefined, names[names.length - 1]!));
    legend.title = t('Line colour by depth: from the first layer to the output layer');
    return legend;
  }
}
