import * as vscode from 'vscode';
import { checkConfig } from '../../training/config';
import { GET_FULL_MNIST_COMMAND } from '../mnist';
import { DIAGNOSTIC_SOURCE, FULL_MNIST_MISSING_CODE } from './diagnostics';

const FIXABLE = new Set(['unknown-name', 'unknown-key']);

/**
 * "Did you mean" quick fixes: for an unknown dataset, activation, optimizer, initializer or key
 * with a close match, replace it with that match. The replacement is recomputed from the text
 * (diagnostics reach providers as copies, so nothing can hang off them).
 */
export class ConfigCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const download = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code === FULL_MNIST_MISSING_CODE).map((diagnostic) => {
      const action = new vscode.CodeAction(vscode.l10n.t('Get Full MNIST (11.5 MB download)'), vscode.CodeActionKind.QuickFix);
      action.command = { command: GET_FULL_MNIST_COMMAND, title: vscode.l10n.t('Get Full MNIST (11.5 MB download)') };
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      return action;
    });
    return [...download, ...this.didYouMean(document, context)];
  }

  private didYouMean(document: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && FIXABLE.has(String(d.code)));
    if (ours.length === 0) return [];
    const problems = checkConfig(document.getText()).problems;
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const start = document.offsetAt(diagnostic.range.start);
      const end = document.offsetAt(diagnostic.range.end);
      const fix = problems.find((p) => p.start === start && p.end === end && p.code === diagnostic.code && p.replacement !== undefined);
      if (!fix?.replacement) continue;
      const action = new vscode.CodeAction(vscode.l10n.t('Change to {0}', fix.replacement), vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, diagnostic.range, fix.replacement);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}

export function registerConfigCodeActions(): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    [{ pattern: '**/*.gradlab.json' }],
    new ConfigCodeActions(),
    { providedCodeActionKinds: ConfigCodeActions.kinds },
  );
}
