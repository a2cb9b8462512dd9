import * as vscode from 'vscode';
import {
  CONFIG_LANDSCAPE_COMMAND,
  EXPLORE_LANDSCAPE_COMMAND,
  LANDSCAPE_VIEW_TYPE,
  type LandscapeBenchmark,
  type LandscapePanelState,
  type LandscapeSnapshot,
  type ToLandscapePanel,
  type ToLandscapePanelTest,
} from '../../protocol';
import type { NetworkSliceRequest, NetworkSliceResult } from '../../landscape/networkSlice';
import { checkConfig } from '../../training/config';
import { ComputePanelController, isStateVersion, type ComputePanelKind } from '../webviewHost/computePanel';
import { LANDSCAPE_PAGE_STRINGS } from './pageStrings';

/** The slice the panel computes for a config: 41 × 41 around θ*, loss over 128 training samples. */
export const CONFIG_SLICE_DEFAULTS = { basis: 'random', gridSize: 41, span: 1, samples: 128, maxSteps: 100_000 } as const;

/**
 * The slice request for a *.gradlab.json (the argument from a menu, else the active editor), or an
 * error message the user sees: not a config, a config that does not check, or MNIST data (the
 * panel's worker generates the synthetic datasets itself; it does not load the digits).
 */
async function configRequest(arg: unknown): Promise<NetworkSliceRequest | string> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !uri.path.endsWith('.gradlab.json')) return vscode.l10n.t('Open a *.gradlab.json file to see the loss landscape of its network.');
  const text = (await vscode.workspace.openTextDocument(uri)).getText();
  const checked = checkConfig(text);
  if (!checked.config) return vscode.l10n.t('{0} has errors; fix them (see the Problems panel) to see its loss landscape.', vscode.workspace.asRelativePath(uri));
  if (checked.config.data.kind === 'mnist' || checked.config.data.kind === 'mnist-idx') {
    return vscode.l10n.t('The loss landscape supports the synthetic data sets (moons, circles, spiral, xor, gaussians); {0} trains on MNIST.', vscode.workspace.asRelativePath(uri));
  }
  return { ...CONFIG_SLICE_DEFAULTS, configText: text, configPath: vscode.workspace.asRelativePath(uri) };
}


/** The loss-landscape page, its worker, and the state it saves. */
export const LANDSCAPE_PANEL: ComputePanelKind<LandscapePanelState> = {
  viewType: LANDSCAPE_VIEW_TYPE,
  title: () => vscode.l10n.t('Loss Landscape'),
  bundle: 'landscape',
  worker: 'landscape.js',
  styles: ['dist/webview/uPlot.min.css', 'media/landscape.css'],
  strings: LANDSCAPE_PAGE_STRINGS,
  isState: isStateVersion<LandscapePanelState>(1),
};

/**
 * The Explore Loss Landscape command, the panel serializer (the panel comes back after a window
 * reload with its state), and the API the integration tests drive the panel with.
 */
export function registerLandscapeFeature(context: vscode.ExtensionContext) {
  const controller = new ComputePanelController<ToLandscapePanel | ToLandscapePanelTest, LandscapePanelState>(context.extensionUri, LANDSCAPE_PANEL);
  context.subscriptions.push(
    controller,
    vscode.commands.registerCommand(EXPLORE_LANDSCAPE_COMMAND, () => {
      controller.show();
    }),
    vscode.commands.registerCommand(CONFIG_LANDSCAPE_COMMAND, async (arg: unknown) => {
      const request = await configRequest(arg);
      if (typeof request === 'string') {
        void vscode.window.showErrorMessage(request);
        return;
      }
      controller.show().channel.post({ type: 'showNetwork', slice: request });
    }),
    vscode.window.registerWebviewPanelSerializer(LANDSCAPE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => controller.revive(panel, state),
    }),
  );
  return {
    open: async (): Promise<void> => controller.show().whenReady(),
    isOpen: (): boolean => controller.panel !== undefined,
    close: (): void => controller.panel?.dispose(),
    snapshot: () => controller.request<LandscapeSnapshot>((requestId) => ({ type: 'snapshot', requestId })),
    apply: (state: Partial<Omit<LandscapePanelState, 'version'>>) =>
      controller.request<LandscapeSnapshot>((requestId) => ({ type: 'apply', requestId, state })),
    pin: (point: readonly [number, number]) => controller.request<LandscapeSnapshot>((requestId) => ({ type: 'pin', requestId, point })),
    race: () => controller.request<LandscapeSnapshot>((requestId) => ({ type: 'race', requestId })),
    /** The network slice shown, once computed (null when there is none or it failed). */
    networkResult: () => controller.request<(Omit<NetworkSliceResult, 'values'> & { values: (number | null)[]; status: string }) | null>(
      (requestId) => ({ type: 'networkResult', requestId }), 300_000),
    benchmark: (runs: number) => controller.request<LandscapeBenchmark>((requestId) => ({ type: 'benchmark', requestId, runs }), 300_000),
  };
}
