import * as vscode from 'vscode';
import type { LivePageSavedState } from '../../protocol';
import { Disposable } from '../disposable';
import { webviewOptions } from '../webviewHost/html';
import { loadLivePage, type LivePageConnection, type LivePageContext } from './livePage';

export const TRAINING_PANEL_TYPE = 'gradientLab.trainingPanel';

/**
 * The bigger editor panel: the same charts enlarged, plus (for MNIST) the misclassified digits and
 * the confusion matrix. One at a time; revived after a window reload from the page's saved state.
 */
export class TrainingPanels extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private connection: LivePageConnection | undefined;

  constructor(private readonly context: LivePageContext) {
    super();
    this.register(
      vscode.window.registerWebviewPanelSerializer(TRAINING_PANEL_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => this.attach(panel, state as LivePageSavedState | undefined),
      }),
    );
    this.register({ dispose: () => this.panel?.dispose() });
  }

  get isVisible(): boolean {
    return this.panel?.visible ?? false;
  }

  get page(): LivePageConnection | undefined {
    return this.connection;
  }

  /** Opens the panel beside the editor, or brings the open one forward. */
  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      TRAINING_PANEL_TYPE,
      vscode.l10n.t('Training'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(this.context.extensionUri),
    );
    this.attach(panel, undefined);
  }

  close(): void {
    this.panel?.dispose();
  }

  private attach(panel: vscode.WebviewPanel, state: LivePageSavedState | undefined): void {
    this.panel?.dispose();
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'activity-icon.svg');
    const spec = { bundle: 'trainingPanel', title: vscode.l10n.t('Training'), layout: 'panel', restoredState: state } as const;
    const connection = loadLivePage(panel.webview, spec, this.context);
    this.connection = connection;
    const viewState = panel.onDidChangeViewState(() => connection.setVisible(panel.visible));
    const disposal = panel.onDidDispose(() => {
      viewState.dispose();
      disposal.dispose();
      connection.dispose();
      if (this.panel === panel) this.panel = undefined;
      if (this.connection === connection) this.connection = undefined;
    });
  }
}
