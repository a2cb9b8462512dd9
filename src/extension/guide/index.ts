import * as vscode from 'vscode';
import { listTemplates } from '../training/newConfig';
import { openExampleCopy } from './examples';

export const OPEN_EXAMPLE_COMMAND = 'gradientLab.openExample';

/** Context keys the walkthrough's completion events wait for (package.json contributes.walkthroughs). */
export const GUIDE_CONTEXT = {
  /** A run of an MNIST dataset finished. */
  trainedMnist: 'gradientLab.guide.trainedMnist',
  /** A config was trained again after its last run (a save, or Train Again). */
  retrained: 'gradientLab.guide.retrained',
} as const;

export interface OpenExampleOptions {
  /** Start training the copy at once. */
  readonly train?: boolean;
  /** Open the training panel beside it. */
  readonly panel?: boolean;
}

/** The training session's own events (not the pages' counted subscription: these cost no listener lease). */
interface TrainingEvents {
  readonly onDidRequestRun: vscode.Event<{ readonly runId: number; readonly configPath: string }>;
  readonly onDidStartRun: vscode.Event<{ readonly runId: number; readonly dataset: string }>;
  readonly onDidEndRun: vscode.Event<{ readonly runId: number; readonly status: string }>;
}

/**
 * The guided start: Open Example (a bundled config as an editable copy, optionally trained at once:
 * what the walkthrough's buttons and the empty Gradients view call) and the context keys that mark
 * walkthrough steps done.
 */
export function registerGuide(context: vscode.ExtensionContext, training: TrainingEvents): void {
  let lastPath: string | undefined;
  let mnistRun: number | undefined;
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_EXAMPLE_COMMAND, async (id?: unknown, options?: unknown) => {
      const name = typeof id === 'string' ? id : await pickExample(context.extensionUri);
      if (!name) return undefined;
      const document = await openExampleCopy(context.extensionUri, name);
      if (!document) return undefined;
      const o = (typeof options === 'object' && options !== null ? options : {}) as OpenExampleOptions;
      if (o.panel) await vscode.commands.executeCommand('gradientLab.openTrainingPanel');
      if (o.train) await vscode.commands.executeCommand('gradientLab.startTraining', document.uri);
      return document.uri;
    }),
    training.onDidRequestRun((r) => {
      if (r.configPath === lastPath) void setContext(GUIDE_CONTEXT.retrained);
      lastPath = r.configPath;
    }),
    training.onDidStartRun((d) => {
      if (d.dataset.startsWith('mnist')) mnistRun = d.runId;
    }),
    training.onDidEndRun((e) => {
      if (e.status === 'completed' && e.runId === mnistRun) void setContext(GUIDE_CONTEXT.trainedMnist);
    }),
  );
}

function setContext(key: string): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, true);
}

async function pickExample(extensionUri: vscode.Uri): Promise<string | undefined> {
  const templates = await listTemplates(extensionUri);
  const picked = await vscode.window.showQuickPick(
    templates.map((t) => ({ label: t.title, description: `${t.id}.gradlab.json`, detail: t.description || undefined, id: t.id })),
    { title: vscode.l10n.t('Open Example Config'), placeHolder: vscode.l10n.t('Opens as an unsaved copy: edit it, save it, train it'), matchOnDescription: true },
  );
  return picked?.id;
}
