import * as vscode from 'vscode';
import { CHART_STRING_LIST } from '../../charts/chartStrings';

/**
 * Webviews cannot call vscode.l10n, so the host translates their strings and passes the table in
 * the boot data. Each panel declares its English strings in one list (pure, shared with the page).
 */
export function translateStrings(english: readonly string[]): Record<string, string> {
  const table: Record<string, string> = {};
  // Every page draws charts, and a chart may speak for itself (a draw that failed).
  for (const s of [...english, ...CHART_STRING_LIST]) table[s] = vscode.l10n.t(s);
  return table;
}
