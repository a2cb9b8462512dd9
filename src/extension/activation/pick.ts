import * as vscode from 'vscode';
import { sameSource, type CurveSource } from '../../protocol';
import { ACTIVATIONS, checkExpression } from '../../plot/catalog';

interface SourceItem extends vscode.QuickPickItem {
  readonly source?: CurveSource;
  readonly custom?: true;
}

/**
 * The command's picker: every activation of the engine's registry with its one-line description,
 * several at once, plus "Custom expression..." which then asks for an expression and checks it as
 * the user types (with the parser's position). What the panel shows now is pre-selected, so running
 * the command again edits the current comparison. Resolves undefined when cancelled.
 */
export async function pickSources(current: readonly CurveSource[]): Promise<CurveSource[] | undefined> {
  const items: SourceItem[] = ACTIVATIONS.map((a) => {
    const source: CurveSource = { kind: 'builtin', name: a.name };
    return {
      label: a.label,
      description: a.label === a.name ? undefined : a.name,
      detail: vscode.l10n.t(a.description),
      picked: current.some((c) => sameSource(c, source)),
      source,
    };
  });
  const customShown = current.filter((c) => c.kind === 'expression');
  const customItems: SourceItem[] = customShown.map((source) => ({
    label: (source as { source: string }).source,
    description: vscode.l10n.t('custom expression'),
    picked: true,
    source,
  }));
  const addCustom: SourceItem = {
    label: `$(edit) ${vscode.l10n.t('Custom expression...')}`,
    detail: vscode.l10n.t('An expression in x, e.g. x * sigmoid(1.702 * x); derivatives come from autograd'),
    custom: true,
    alwaysShow: true,
  };
  const picked = await vscode.window.showQuickPick<SourceItem>(
    [...items, ...(customItems.length ? [{ label: '', kind: vscode.QuickPickItemKind.Separator } as SourceItem, ...customItems] : []), { label: '', kind: vscode.QuickPickItemKind.Separator } as SourceItem, addCustom],
    {
      canPickMany: true,
      matchOnDescription: true,
      matchOnDetail: true,
      title: vscode.l10n.t('Plot Activation'),
      placeHolder: vscode.l10n.t('Pick one or more activations to plot and compare'),
    },
  );
  if (!picked) return undefined;
  const sources = picked.filter((p) => p.source).map((p) => p.source!);
  if (picked.some((p) => p.custom)) {
    const expression = await askExpression();
    if (expression === undefined && sources.length === 0) return undefined;
    if (expression !== undefined) sources.push({ kind: 'expression', source: expression });
  }
  return sources.length ? sources : undefined;
}

/** The input box for a custom activation: validated on every keystroke by the engine's parser. */
export function askExpression(initial = 'x * sigmoid(1.702 * x)'): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Custom activation'),
    prompt: vscode.l10n.t('An expression in x, e.g. x * sigmoid(1.702 * x); derivatives come from autograd'),
    value: initial,
    valueSelection: [0, initial.length],
    validateInput: (text) => {
      const check = checkExpression(text);
      return check.ok ? undefined : { message: check.message, severity: vscode.InputBoxValidationSeverity.Error };
    },
  });
}

/** Command arguments (from tests, keybindings, other extensions): names or expressions. */
export function sourcesFromArgs(args: unknown): CurveSource[] | undefined {
  const list = Array.isArray(args) ? args : typeof args === 'string' ? [args] : undefined;
  if (!list) return undefined;
  const sources: CurveSource[] = [];
  for (const a of list) {
    if (typeof a === 'string') {
      sources.push(ACTIVATIONS.some((x) => x.name === a) ? { kind: 'builtin', name: a } : { kind: 'expression', source: a });
    } else if (a && typeof a === 'object' && ((a.kind === 'builtin' && typeof a.name === 'string') || (a.kind === 'expression' && typeof a.source === 'string'))) {
      sources.push(a as CurveSource);
    }
  }
  return sources.length ? sources : undefined;
}
