import * as vscode from 'vscode';

/**
 * Webviews cannot call vscode.l10n, so the host translates their strings and passes the table in
 * the boot data. Each panel declares its English strings in one list (pure, shared with the page).
 */
export function translateStrings(english: readonly string[]): Record<string, string> {
  const table: Record<string, string> = {};
  for (const s of english) table[s] = vscode.l10n.t(s);
  return table;
}
