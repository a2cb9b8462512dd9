import * as vscode from 'vscode';
import {
  EXPLORE_LANDSCAPE_COMMAND,
  LANDSCAPE_VIEW_TYPE,
  type LandscapeBenchmark,
  type LandscapePanelState,
  type LandscapeSnapshot,
  type ToLandscapePanel,
} from '../../protocol';
import { Disposable } from '../disposable';
import { createLandscapeWebviewPanel, LandscapePanel } from './panel';

/** Keeps at most one landscape panel: the command reveals it when it is already open. */
class LandscapePanelController extends Disposable {
  private current: LandscapePanel | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {
    super();
    this.register({ dispose: () => this.current?.dispose() });
  }

  show(): LandscapePanel {
    if (this.current) {
      this.current.panel.reveal();
      return this.current;
    }
    return this.adopt(createLandscapeWebviewPanel(this.extensionUri), undefined);
  }

  revive(panel: vscode.WebviewPanel, state: unknown): void {
    this.current?.dispose();
    this.adopt(panel, isPanelState(state) ? state : undefined);
  }

  get panel(): LandscapePanel | undefined {
    return this.current;
  }

  async request<T>(make: (requestId: number) => ToLandscapePanel, timeoutMs = 60_000): Promise<T> {
    const panel = this.show();
    await panel.whenReady();
    return panel.channel.request<T>(make, timeoutMs);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, state: LandscapePanelState | undefined): LandscapePanel {
    const panel = new LandscapePanel(webviewPanel, this.extensionUri, state);
    this.current = panel;
    panel.onDidDispose(() => {
      if (this.current === panel) this.current = undefined;
    });
    return panel;
  }
}

function isPanelState(value: unknown): value is LandscapePanelState {
  return typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1;
}

/**
 * The Explore Loss Landscape command, the panel serializer (the panel comes back after a window
 * reload with its state), and the API the integration tests drive the panel with.
 */
export function registerLandscapeFeature(context: vscode.ExtensionContext) {
  const controller = new LandscapePanelController(context.extensionUri);
  context.subscriptions.push(
    controller,
    vscode.commands.registerCommand(EXPLORE_LANDSCAPE_COMMAND, () => {
      controller.show();
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
    benchmark: (runs: number) => controller.request<LandscapeBenchmark>((requestId) => ({ type: 'benchmark', requestId, runs }), 300_000),
  };
}
