import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { loadLivePage, type LivePageConnection, type LivePageContext } from './livePage';

export const GRADIENTS_VIEW_ID = 'gradientLab.gradients';

/**
 * The "Gradients" view in the Gradient Lab activity-bar container. Its document lives only while
 * visible; the page keeps its charts with setState and the host replays the latest run when it
 * comes back (LivePageConnection).
 */
export class GradientsViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private connection: LivePageConnection | undefined;

  constructor(private readonly context: LivePageContext) {
    super();
    this.register(vscode.window.registerWebviewViewProvider(GRADIENTS_VIEW_ID, this));
    this.register({ dispose: () => this.connection?.dispose() });
  }

  get isVisible(): boolean {
    return this.view?.visible ?? false;
  }

  get page(): LivePageConnection | undefined {
    return this.connection;
  }

  resolveWebviewView(view: vscode.WebviewView, context: vscode.WebviewViewResolveContext): void {
    this.connection?.dispose();
    this.view = view;
    const spec = { bundle: 'gradientsView', title: vscode.l10n.t('Gradients'), layout: 'sidebar', restoredState: context.state } as const;
    const connection = loadLivePage(view.webview, spec, this.context);
    this.connection = connection;
    const visibility = view.onDidChangeVisibility(() => connection.setVisible(view.visible));
    const disposal = view.onDidDispose(() => {
      visibility.dispose();
      disposal.dispose();
      connection.dispose();
      if (this.view === view) this.view = undefined;
      if (this.connection === connection) this.connection = undefined;
    });
  }

  /** Shows the view; with `preserveFocus` the keyboard stays in the config editor. */
  async reveal(preserveFocus: boolean): Promise<void> {
    if (this.view) {
      this.view.show(preserveFocus);
      return;
    }
    // Not resolved yet: only the view's focus command can open it; then hand the focus back.
    await vscode.commands.executeCommand(`${GRADIENTS_VIEW_ID}.focus`);
    if (preserveFocus) await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  }
}
