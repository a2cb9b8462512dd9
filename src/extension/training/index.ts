import * as vscode from 'vscode';
import { join } from 'node:path';
import { DEFAULT_STEPS_PER_SECOND, type GuideEntry, type LivePageDescription, type LiveSnapshot, type Playback } from '../../protocol';
import { checkConfig } from '../../training/config';
import { generatePytorchScript } from '../../training/export';
import type { AlertThresholds } from '../../training/history';
import { disposeAll } from '../disposable';
import { pickConfigToTrain } from '../guide/examples';
import { isGuideEntry, runGuideEntry } from '../guide/steps';
import { registerConfigAuthoring } from './authoring';
import { registerTrainingCommands } from './commands';
import { ConfigChecks } from './configChecks';
import { GradientsViewProvider } from './gradientsView';
import { LiveLoop } from './liveLoop';
import { LiveRun } from './liveRun';
import type { LiveUpdate } from '../../training/liveState';
import { TrainingSession } from './session';
import { localizedMessage, shownErrors } from './diagnostics';
import { TrainingStatusBar } from './statusBar';
import { TrainingPanels } from './trainingPanel';
import { TrainingMeters } from './testHooks';
import { FullMnist } from '../mnist';
import { isTestMode } from '../testMode';

function alertThresholds(): AlertThresholds {
  const c = vscode.workspace.getConfiguration('gradientLab.alerts');
  return { vanishingThreshold: c.get<number>('vanishingThreshold', 1e-7), explodingFactor: c.get<number>('explodingFactor', 1000) };
}

/** Steps per second a run plays at (0: as fast as possible); the pages' speed control changes it for the session. */
function stepsPerSecondSetting(): number {
  const v = vscode.workspace.getConfiguration('gradientLab.training').get<number>('stepsPerSecond', DEFAULT_STEPS_PER_SECOND);
  return typeof v === 'number' && v >= 0 ? v : DEFAULT_STEPS_PER_SECOND;
}

/** The gradientLab.training.memoryLimitMB setting, in bytes. */
function memoryLimitBytes(): number | undefined {
  const mb = vscode.workspace.getConfiguration('gradientLab.training').get<number>('memoryLimitMB');
  return typeof mb === 'number' && mb > 0 ? mb * 1e6 : undefined;
}

/**
 * Training inside VS Code: the session (one worker per run), the live run state, the live loop
 * (save/edit -> restart), the Gradients view, the training panel, the status bar and the commands.
 * Nothing computes until a command, a save of a live config or a page asks for it.
 */
export function registerTrainingFeature(context: vscode.ExtensionContext) {
  // Only when VS Code runs the extension's tests: what the integration tests measure (see testHooks.ts).
  const meters = isTestMode() ? new TrainingMeters() : undefined;
  const checks = new ConfigChecks(memoryLimitBytes, meters ? meters.timedCheck(checkConfig) : checkConfig);
  const forgetClosed = vscode.workspace.onDidCloseTextDocument((d) => checks.forget(d.uri));
  const fullMnist = new FullMnist(context.globalStorageUri);
  const session = new TrainingSession(
    join(context.extensionPath, 'dist', 'worker', 'trainer.js'),
    join(context.extensionPath, 'media', 'data'),
    () => vscode.workspace.getConfiguration('gradientLab').get<string>('mnistIdxFolder'),
    () => fullMnist.folders(),
    stepsPerSecondSetting(),
  );
  const live = new LiveRun(session, alertThresholds);

  const actions = {
    startTraining: () =>
      void vscode.commands.executeCommand('gradientLab.startTraining', live.configPath ? vscode.Uri.file(live.configPath) : undefined),
    stopTraining: () => loop.stop(),
    openTrainingPanel: () => panels.show(),
    playback: (change: Partial<Playback>) => live.setPlayback(change),
    stepOnce: () => live.stepOnce(),
    clearGhosts: () => live.clearGhosts(),
    guide: (entry: GuideEntry) => {
      if (isGuideEntry(entry)) void runGuideEntry(entry);
    },
    openConfig: () => {
      if (!live.configPath) return;
      // An example copy not saved yet is an untitled document with this path.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === live.configPath);
      void vscode.window.showTextDocument(open?.uri ?? vscode.Uri.file(live.configPath), { preview: false });
    },
  };
  const pages = { extensionUri: context.extensionUri, live, actions };
  const view = new GradientsViewProvider(pages);
  const panels = new TrainingPanels(pages);
  const loop = new LiveLoop({ session, live, checks, pagesVisible: () => view.isVisible || panels.isVisible });
  meters?.watch({ session, live, loop, view, panels });
  const statusBar = new TrainingStatusBar(live);
  // Writing configs (the TRAINING helper's part): diagnostics, quick fixes, New Training Config.
  const authoring = registerConfigAuthoring(context.extensionUri, checks, () => fullMnist.isAvailable());
  const refreshOnData = fullMnist.onDidChange(() => authoring.diagnostics.refresh());
  const commands = registerTrainingCommands({
    loop,
    view,
    panels,
    check: (document) => {
      const { problems, config } = checks.get(document);
      return { errors: problems.filter((p) => p.severity === 'error').map((p) => localizedMessage(p.text)), config };
    },
    exportPytorch: (config, configPath) => generatePytorchScript(config, { configPath }),
    pickConfig: () => pickConfigToTrain(context.extensionUri),
  });

  // While the file shown has errors, the run on screen is from its last valid version: say so, with the
  // count and first error the Problems panel and the status bar show.
  const staleness = vscode.languages.onDidChangeDiagnostics((e) => {
    const path = live.configPath;
    const uri = path === undefined ? undefined : e.uris.find((u) => u.fsPath === path);
    if (!uri) return;
    const errors = shownErrors(uri);
    const first = errors[0];
    live.setStale(first ? { count: errors.length, first: vscode.l10n.t('line {0}: {1}', first.range.start.line + 1, first.message) } : undefined);
  });
  const speedSetting = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('gradientLab.training.stepsPerSecond')) live.setPlayback({ stepsPerSecond: stepsPerSecondSetting() });
  });

  // Commands and pages go first, the session (and its worker) last.
  context.subscriptions.push({ dispose: () => disposeAll([...commands, refreshOnData, authoring.disposable, fullMnist, speedSetting, staleness, statusBar, loop, panels, view, live, ...(meters ? [meters] : []), session, forgetClosed]) });

  return {
    /** Test mode only: what the feature holds (workers, timers, listeners, pages), the host's work, the runs asked for. */
    meters,
    snapshot: (): LiveSnapshot => live.state.snapshot(),
    current: () => ({ runId: live.state.runId, status: live.state.status, configPath: live.configPath, configText: live.configText }),
    /** Subscribe to what the pages hear; dispose the result. */
    onDidChange: (listener: (e: LiveUpdate) => void): vscode.Disposable => live.onDidChange(listener),
    describeView: (): Promise<LivePageDescription> | undefined => view.page?.describe(),
    describePanel: (): Promise<LivePageDescription> | undefined => panels.page?.describe(),
    closePanel: () => panels.close(),
    /** Where Get Full MNIST keeps the four IDX files. */
    fullMnistFolder: () => fullMnist.downloadFolder,
    /** The session's run events, for the walkthrough's completion (uncounted: the extension's own). */
    runEvents: { onDidRequestRun: session.onDidRequestRun, onDidStartRun: session.onDidStartRun, onDidEndRun: session.onDidEndRun },
    /** What the pages' playback controls do: speed / pause, and one batch at a time. */
    setPlayback: (change: Partial<Playback>) => live.setPlayback(change),
    stepOnce: () => live.stepOnce(),
  };
}
