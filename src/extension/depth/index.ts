import * as vscode from 'vscode';
import {
  DEPTH_VIEW_TYPE,
  EXPLORE_DEPTH_COMMAND,
  type BenchmarkChange,
  type DepthBenchmark,
  type DepthPanelState,
  type DepthSnapshot,
  type ToDepthPanel,
  type ToDepthPanelTest,
} from '../../protocol';
import type { DepthSettings } from '../../analysis/depth/settings';
import { DEPTH_PRESETS, type DepthPresetId } from '../../analysis/depth/presets';
import type { SweepReport, TrainingReport } from '../../analysis/depth/report';
import { ComputePanelController, isStateVersion, type ComputePanelKind } from '../webviewHost/computePanel';
import { DEPTH_PAGE_STRINGS } from './pageStrings';

/** The depth explorer's page, its worker, and the state it saves. */
export const DEPTH_PANEL: ComputePanelKind<DepthPanelState> = {
  viewType: DEPTH_VIEW_TYPE,
  title: () => vscode.l10n.t('Gradient Depth'),
  bundle: 'depth',
  worker: 'depth.js',
  styles: ['dist/webview/uPlot.min.css', 'media/depth.css'],
  strings: DEPTH_PAGE_STRINGS,
  isState: isStateVersion<DepthPanelState>(1),
};

/** What the Explore Gradient Depth command accepts as its argument; anything else opens the panel as it is. */
export function depthCommandArgs(args: unknown): { preset?: DepthPresetId; settings?: Partial<DepthSettings> } | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const a = args as { preset?: unknown; settings?: unknown };
  const preset = typeof a.preset === 'string' && DEPTH_PRESETS.some((p) => p.id === a.preset) ? (a.preset as DepthPresetId) : undefined;
  const settings = typeof a.settings === 'object' && a.settings !== null ? (a.settings as Partial<DepthSettings>) : undefined;
  return preset || settings ? { preset, settings } : undefined;
}


/**
 * The Explore Gradient Depth command, the panel serializer (the panel comes back after a window
 * reload with its settings), and the API the integration tests drive the panel with.
 */
export function registerDepthFeature(context: vscode.ExtensionContext) {
  const controller = new ComputePanelController<ToDepthPanel | ToDepthPanelTest, DepthPanelState>(context.extensionUri, DEPTH_PANEL);
  context.subscriptions.push(
    controller,
    // Arguments (walkthrough buttons, the activation panel's "See it through depth"): a preset, or
    // settings such as { activation: 'custom', expression: 'x / (1 + abs(x))' }, applied once the page is ready.
    vscode.commands.registerCommand(EXPLORE_DEPTH_COMMAND, async (args?: unknown) => {
      const panel = controller.show();
      const setup = depthCommandArgs(args);
      if (!setup) return;
      await panel.whenReady();
      // The walkthrough marks its clipping step done once that story was shown.
      if (setup.preset) void vscode.commands.executeCommand('setContext', 'gradientLab.depthPresetShown', setup.preset);
      // Closed before it was ready: nothing left to set up. Settings the page refuses, it says so itself.
      if (controller.panel === panel) panel.channel.post({ type: 'setUp', preset: setup.preset, settings: setup.settings });
    }),
    vscode.window.registerWebviewPanelSerializer(DEPTH_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => controller.revive(panel, state),
    }),
  );
  return {
    /** Opens (or reveals) the panel and resolves when its page is ready. */
    open: async (): Promise<void> => controller.show().whenReady(),
    isOpen: (): boolean => controller.panel !== undefined,
    close: (): void => controller.panel?.dispose(),
    /** Changes settings as the controls would; resolves with what the page shows afterwards. */
    applySettings: (settings: Partial<DepthSettings>) =>
      controller.request<DepthSnapshot>((requestId) => ({ type: 'applySettings', requestId, settings })),
    applyPreset: (preset: DepthPresetId) =>
      controller.request<DepthSnapshot>((requestId) => ({ type: 'applyPreset', requestId, preset })),
    snapshot: () => controller.request<DepthSnapshot>((requestId) => ({ type: 'snapshot', requestId })),
    runSweep: () => controller.request<SweepReport>((requestId) => ({ type: 'runSweep', requestId }), 300_000),
    runTraining: () => controller.request<TrainingReport>((requestId) => ({ type: 'runTraining', requestId }), 300_000),
    /** Times recompute + redraw in the page (median over `runs`), for the performance report. */
    benchmark: (settings: Partial<DepthSettings>, runs: number, change: BenchmarkChange = 'seed', precision: 'preview' | 'exact' = 'exact') =>
      controller.request<DepthBenchmark>((requestId) => ({ type: 'benchmark', requestId, settings, runs, change, precision }), 600_000),
  };
}
