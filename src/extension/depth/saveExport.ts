import * as vscode from 'vscode';
import type { ExportFileMessage } from '../../protocol';
import { safeFileName } from '../fileName';

const FILTERS: Readonly<Record<string, Record<string, string[]>>> = {
  png: { 'PNG image': ['png'] },
  svg: { 'SVG image': ['svg'] },
  csv: { CSV: ['csv'] },
  json: { JSON: ['json'] },
};

/**
 * Saves a file the page exported: asks where (next to the workspace when there is one), then writes
 * it. Returns the saved location, or undefined when the user cancelled.
 */
export async function saveExport(message: ExportFileMessage): Promise<vscode.Uri | undefined> {
  const name = safeFileName(message.suggestedName);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const extension = name.split('.').pop()?.toLowerCase() ?? '';
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: FILTERS[extension],
    saveLabel: vscode.l10n.t('Export'),
  });
  if (!target) return undefined;
  const bytes =
    message.encoding === 'base64' ? Buffer.from(message.content, 'base64') : Buffer.from(message.content, 'utf8');
  await vscode.workspace.fs.writeFile(target, bytes);
  return target;
}
