import * as vscode from 'vscode';
import type { ExportContent } from '../../protocol';
import { safeFileName } from '../fileName';

/**
 * Writes what any webview exported (it cannot write files itself): asks where with a save dialog that
 * starts in the workspace folder, writes through workspace.fs (works for remote and virtual folders),
 * and offers to open the result. Returns the written file, or undefined when the user cancelled.
 */
export async function saveExport(file: ExportContent, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const name = safeFileName(file.suggestedName);
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: extension ? { [extension.toUpperCase()]: [extension] } : undefined,
      saveLabel: vscode.l10n.t('Export'),
    }));
  if (!uri) return undefined;
  const bytes = file.encoding === 'base64' ? Buffer.from(file.content, 'base64') : Buffer.from(file.content, 'utf8');
  await vscode.workspace.fs.writeFile(uri, bytes);
  if (!target) {
    const open = vscode.l10n.t('Open');
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}', vscode.workspace.asRelativePath(uri)), open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('vscode.open', uri);
    });
  }
  return uri;
}
