import * as vscode from 'vscode';
import { basename } from 'node:path';
import { freeName, listTemplates } from '../training/newConfig';

const SUFFIX = '.gradlab.json';

/**
 * Opens a bundled example as an unsaved copy whose Save goes to a free name in the workspace (the
 * extension's own file stays untouched, and no user file is ever overwritten). Without a workspace
 * the copy has no path yet and Save asks where.
 */
export async function openExampleCopy(extensionUri: vscode.Uri, id: string): Promise<vscode.TextDocument | undefined> {
  const template = (await listTemplates(extensionUri)).find((t) => t.id === id);
  if (!template) {
    void vscode.window.showErrorMessage(vscode.l10n.t('No training config template named {0}.', id));
    return undefined;
  }
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(template.uri));
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const untitled = folder ? (await freeName(folder, id)).with({ scheme: 'untitled' }) : vscode.Uri.from({ scheme: 'untitled', path: `${id}${SUFFIX}` });
  const document = await vscode.workspace.openTextDocument(untitled);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  if (document.getText() !== text) {
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, document.lineCount, 0), text));
  }
  return editor.document;
}

interface ConfigItem extends vscode.QuickPickItem {
  readonly file?: vscode.Uri;
  readonly example?: string;
}

/**
 * What Train offers when no config is open: the workspace's configs first, then the bundled examples
 * (each opens as an editable copy). Resolves the document to train, or undefined when dismissed.
 */
export async function pickConfigToTrain(extensionUri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const [files, templates] = await Promise.all([
    vscode.workspace.findFiles(`**/*${SUFFIX}`, '**/node_modules/**', 200),
    listTemplates(extensionUri),
  ]);
  files.sort((a, b) => a.path.localeCompare(b.path));
  const items: ConfigItem[] = [];
  if (files.length) {
    items.push({ label: vscode.l10n.t('In this workspace'), kind: vscode.QuickPickItemKind.Separator });
    for (const file of files) items.push({ label: basename(file.path), description: vscode.workspace.asRelativePath(file), file });
  }
  items.push({ label: vscode.l10n.t('Examples (opened as an editable copy)'), kind: vscode.QuickPickItemKind.Separator });
  for (const t of templates) items.push({ label: t.title, description: `${t.id}${SUFFIX}`, detail: t.description || undefined, example: t.id });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Train which config?'),
    placeHolder: vscode.l10n.t('A *.gradlab.json training config of this workspace, or an example'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (picked.file) return (await vscode.window.showTextDocument(picked.file, { preview: false })).document;
  return picked.example ? openExampleCopy(extensionUri, picked.example) : undefined;
}
