/**
 * Explore Gradient Depth: the page. Builds the layout and the controls, starts the web workers,
 * answers the host's requests, and follows theme changes.
 */
import { answer, getState, listen, poster, readBoot, reportError } from '../common/host';
import { setStrings, t } from '../common/l10n';
import { readTheme, watchTheme } from '../common/theme';
import { ELEMENTWISE_ACTIVATION_NAMES, INITIALIZERS } from '../../engine';
import { DEPTH_PRESETS } from '../../analysis/depth/presets';
import type { DepthPanelState, FromDepthPanel, HandlerMap, ToDepthPanel, ToDepthPanelTest } from '../../protocol';
import { SweepSection, TrainingSection } from './backgroundSections';
import { DepthControls } from './controls';
import { addChartExports, addDataExports } from './exports';
import { renderHelp } from './help';
import { el } from '../common/dom';
import { buildLayout } from './layout';
import { DepthPage } from './controller';
import { restoreState } from './state';
import { DepthView } from './view';
import { BackgroundJobs, LiveAnalysis, loadWorkerScript } from './workerClient';

interface BootSettings {
  readonly workerUrl: string;
}

async function start(): Promise<void> {
  const boot = readBoot<DepthPanelState>();
  setStrings(boot.strings);
  const page = new DepthPage(restoreState(getState<DepthPanelState>() ?? boot.restoredState));
  const layout = buildLayout(document.getElementById('app')!);
  let palette = readTheme();

  const controls = new DepthControls(
    layout.networkControls, layout.clippingControls, layout.trainingControls,
    {
      activations: ELEMENTWISE_ACTIVATION_NAMES,
      initializers: Object.values(INITIALIZERS).map((i) => [i.name, i.aliases] as const),
    },
    page.current,
    (settings, training, _live, key) => page.settingsChanged(settings, training, key),
  );
  const view = new DepthView(layout, palette, controls, page.current.selectedLayer, (layer) => page.update({ selectedLayer: layer }));

  for (const preset of DEPTH_PRESETS) {
    const b = el('button', 'secondary preset', t(preset.title));
    b.type = 'button';
    b.title = t(preset.description);
    b.dataset.preset = preset.id;
    b.addEventListener('click', () => {
      try {
        page.applyPreset(preset.id);
      } catch (e) {
        reportError(e);
      }
    });
    layout.presets.append(b);
  }
  renderHelp(layout.help);

  const workerUrl = (boot.settings as unknown as BootSettings).workerUrl;
  const blobUrl = await loadWorkerScript(workerUrl);
  const live = new LiveAnalysis(blobUrl, (outcome) => view.render(outcome));
  const jobs = new BackgroundJobs(blobUrl);
  const context = {
    layout,
    jobs,
    current: () => page.current,
    setSweepActivations: (names: readonly string[]) => page.update({ sweepActivations: names }),
  };
  const sweep = new SweepSection(context, palette);
  const training = new TrainingSection(context, palette);

  const current = () => view.current;
  addChartExports(layout.gradients.toolbar, 'gradients', t('Gradient norm per layer'), view.gradient, current);
  addChartExports(layout.why.toolbar, 'why', t('Why, per layer'), view.why, current);
  addChartExports(layout.forward.toolbar, 'forward', t('Forward statistics'), view.forward, current);
  addChartExports(layout.histogram.toolbar, 'histogram', t('Histogram'), view.histogram, current);
  addChartExports(layout.sweep.toolbar, 'sweep', t('Depth sweep'), sweep.chart, current);
  addChartExports(layout.clipping.toolbar, 'clipping', t('Gradient clipping'), view.clipping, current);
  addChartExports(layout.trainingUnclipped.toolbar, 'training-unclipped', t('Without clipping'), training.unclipped, current);
  addChartExports(layout.trainingClipped.toolbar, 'training-clipped', t('With clipping'), training.clipped, current);
  addDataExports(layout.exports, current);

  watchTheme((theme) => {
    palette = theme;
    view.setTheme(theme);
    for (const c of [sweep.chart, training.unclipped, training.clipped]) c.setTheme(theme);
  });
  window.addEventListener('unload', () => {
    live.dispose();
    jobs.dispose();
  });

  page.attach({ layout, live, view, controls, sweep, training });

  const post = poster<FromDepthPanel>();
  const handlers: HandlerMap<ToDepthPanel> = {
    // Refused settings (e.g. an expression the page cannot use) are said in a notification, as a typed value would be.
    setUp: (m) => {
      try {
        if (m.preset) page.applyPreset(m.preset);
        if (m.settings) page.apply(m.settings);
      } catch (e) {
        post({ type: 'showError', message: e instanceof Error ? e.message : String(e) });
      }
    },
  };
  // The integration tests' requests are test hooks.
  const testHandlers: HandlerMap<ToDepthPanelTest> = {
    applySettings: (m) => answer(m.requestId, () => (page.apply(m.settings), page.snapshot())),
    applyPreset: (m) => answer(m.requestId, () => (page.applyPreset(m.preset), page.snapshot())),
    snapshot: (m) => answer(m.requestId, () => page.snapshot()),
    runSweep: (m) => answer(m.requestId, () => page.runSweep()),
    runTraining: (m) => answer(m.requestId, () => page.runTraining()),
    benchmark: (m) => answer(m.requestId, () => page.benchmark(m.settings, m.runs, m.change, m.precision ?? 'exact')),
  };
  listen<ToDepthPanel, ToDepthPanelTest>(handlers, testHandlers);
}

start().catch(reportError);
