import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { TrainingConfig } from '../../training/config';
import { isGradlabConfig, shownErrors } from './diagnostics';
import type { LiveLoop } from './liveLoop';
import type { GradientsViewProvider } from './gradientsView';
import type { TrainingPanels } from './trainingPanel';

export interface TrainingCommandDeps {
  readonly loop: LiveLoop;
  readonly view: GradientsViewProvider;
  readonly panels: TrainingPanels;
  /** The document's errors, empty when it can train (the checks the diagnostics show), and its config then. */
  readonly check: (document: vscode.TextDocument) => { readonly errors: readonly string[]; readonly config?: TrainingConfig };
  /** A standalone PyTorch script for a valid config. */
  readonly exportPytorch: (config: TrainingConfig, configPath: string) => string;
  /** Asks which config to train when none is open (workspace configs and the bundled examples). */
  readonly pickConfig: () => Promise<vscode.TextDocument | undefined>;
}

/**
 * The config a command acts on: the URI it was invoked with (editor title, Explorer), else the active editor's,
 * else (a Gradients view title button with no config open) the workspace's only config, or one the user picks.
 */
async function configDocument(uri: unknown): Promise<vscode.TextDocument | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const document =
    uri instanceof vscode.Uri
      ? await vscode.workspace.openTextDocument(uri)
      : active && isGradlabConfig(active)
        ? active
        : await pickWorkspaceConfig();
  if (!document || !isGradlabConfig(document)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a *.gradlab.json training config first.'));
    return undefined;
  }
  return document;
}

async function pickWorkspaceConfig(): Promise<vscode.TextDocument | undefined> {
  const found = await vscode.workspace.findFiles('**/*.gradlab.json', '**/node_modules/**', 200);
  if (found.length === 0) return undefined;
  let uri: vscode.Uri | undefined = found[0];
  if (found.length > 1) {
    const items = found
      .map((u) => ({ label: basename(u.fsPath), description: vscode.workspace.asRelativePath(u, false), uri: u }))
      .sort((a, b) => a.description.localeCompare(b.description));
    uri = (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Which training config?') }))?.uri;
    if (!uri) return undefined;
  }
  return vscode.workspace.openTextDocument(uri);
}

/** Refuses a config with problems, pointing at the Problems panel (the last good run stays); else its config. */
function validConfig(document: vscode.TextDocument, deps: TrainingCommandDeps): TrainingConfig | undefined {
  const { errors: problems, config } = deps.check(document);
  if (problems.length === 0 && config) return config;
  // Counted as the Problems panel and the status bar count them (the JSON service's syntax errors
  // included), unless those lag behind the text just typed.
  const shown = shownErrors(document.uri);
  const count = shown.length > 0 ? shown.length : problems.length;
  const first = shown.length > 0 ? vscode.l10n.t('line {0}: {1}', shown[0]!.range.start.line + 1, shown[0]!.message) : problems[0]!;
  void vscode.window.showErrorMessage(vscode.l10n.t('{0} has {1} problem(s): {2}', basename(document.uri.fsPath), count, first));
  return undefined;
}

export function registerTrainingCommands(deps: TrainingCommandDeps): vscode.Disposable[] {
  const { loop, view, panels } = deps;
  return [
    vscode.commands.registerCommand('gradientLab.startTraining', async (uri?: unknown) => {
      const active = vscode.window.activeTextEditor?.document;
      const document = uri instanceof vscode.Uri || (active && isGradlabConfig(active)) ? await configDocument(uri) : await deps.pickConfig();
      if (!document || !validConfig(document, deps)) return undefined;
      const runId = loop.startNow(document);
      if (!view.isVisible && !panels.isVisible) await view.reveal(true);
      return runId;
    }),
    vscode.commands.registerCommand('gradientLab.stopTraining', () => loop.stop()),
    vscode.commands.registerCommand('gradientLab.openGradientsView', () => view.reveal(false)),
    vscode.commands.registerCommand('gradientLab.openTrainingPanel', () => panels.show()),
    // `to` (a file URI) skips the save dialog: for scripts and tests.
    vscode.commands.registerCommand('gradientLab.exportPytorch', async (uri?: unknown, to?: unknown) => {
      const document = await configDocument(uri);
      const config = document && validConfig(document, deps);
      if (!document || !config) return undefined;
      const script = deps.exportPytorch(config, document.uri.fsPath);
      const suggested = vscode.Uri.joinPath(document.uri, '..', basename(document.uri.path).replace(/\.gradlab\.json$/, '') + '.py');
      const target =
        to instanceof vscode.Uri
          ? to
          : await vscode.window.showSaveDialog({
              defaultUri: suggested,
              filters: { [vscode.l10n.t('Python script')]: ['py'] },
              title: vscode.l10n.t('Export as PyTorch Script'),
            });
      if (!target) return undefined;
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(script));
      await vscode.window.showTextDocument(target, { preview: false });
      return target;
    }),
  ];
}
