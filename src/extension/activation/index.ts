import * as vscode from 'vscode';
import {
  ACTIVATION_VIEW_TYPE,
  type ActivationQuery,
  type ActivationQueryResult,
  type CurveSource,
  type ExportFormat,
} from '../../protocol';
import { ActivationPanel } from './panel';
import { pickSources, sourcesFromArgs } from './pick';
import { saveExport } from '../webviewHost/saveExport';

export const PLOT_ACTIVATION_COMMAND = 'gradientLab.plotActivation';

/**
 * Plot Activation: the command (quick pick, or names/expressions as arguments), the serializer that
 * brings the panel back after a window reload, and the settings it follows. Returns the feature's API,
 * which the integration tests use to ask the page what it computed.
 */
export function registerActivationFeature(context: vscode.ExtensionContext) {
  context.subscriptions.push(
    vscode.commands.registerCommand(PLOT_ACTIVATION_COMMAND, async (args?: unknown) => {
      const sources = sourcesFromArgs(args) ?? (await pickSources(ActivationPanel.instance?.shownSources ?? []));
      if (!sources) return;
      // Timed from here (the pick is the user's time, not ours) to the page's first chart paint.
      ActivationPanel.show(context, sources, Date.now());
    }),
    vscode.window.registerWebviewPanelSerializer(ACTIVATION_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) {
        ActivationPanel.revive(panel, context, state);
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gradientLab.plot.points')) ActivationPanel.instance?.settingsChanged();
    }),
    { dispose: () => ActivationPanel.instance?.dispose() },
  );

  function requirePanel(): ActivationPanel {
    const panel = ActivationPanel.instance;
    if (!panel) throw new Error('The Plot Activation panel is not open');
    return panel;
  }

  return {
    /** Opens (or reveals and updates) the panel with these activations or expressions; resolves after its first paint. */
    async show(selections: ReadonlyArray<string | CurveSource>): Promise<void> {
      await vscode.commands.executeCommand(PLOT_ACTIVATION_COMMAND, selections);
      await requirePanel().whenPainted();
    },
    /** Asks the page (over the typed protocol) what it computed, shows, or would export. */
    async query<K extends ActivationQuery['kind']>(query: Extract<ActivationQuery, { kind: K }>): Promise<ActivationQueryResult[K]> {
      return requirePanel().query(query);
    },
    /** Writes an export (PNG, SVG, CSV, PyTorch) of what the panel shows to `target`, as its buttons do. */
    async exportTo(format: ExportFormat, target: vscode.Uri): Promise<void> {
      await saveExport(await requirePanel().query({ kind: 'export', format }), target);
    },
    get isOpen(): boolean {
      return ActivationPanel.instance !== undefined;
    },
    /** Command to first chart paint of the open panel, in ms (undefined before it painted). */
    get firstPaintMs(): number | undefined {
      return ActivationPanel.instance?.firstPaintMs;
    },
    close(): void {
      ActivationPanel.instance?.dispose();
    },
  };
}

export type ActivationApi = ReturnType<typeof registerActivationFeature>;
