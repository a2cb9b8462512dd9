import * as vscode from 'vscode';

/** Smallest and largest chart text the pages accept, in CSS pixels. */
const MIN_SIZE = 8, MAX_SIZE = 48;

/**
 * The chart text size for every webview: gradientLab.chartFontSize, or (0, the default) the editor
 * font size, so that a teacher who enlarges the editor for a projector gets readable charts too.
 */
export function chartFontSize(): number {
  const own = vscode.workspace.getConfiguration('gradientLab').get<number>('chartFontSize', 0);
  const editor = vscode.workspace.getConfiguration('editor').get<number>('fontSize', 14);
  const size = own > 0 ? own : editor;
  return Math.min(MAX_SIZE, Math.max(MIN_SIZE, Number.isFinite(size) ? size : 14));
}

export function affectsChartFontSize(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('gradientLab.chartFontSize') || e.affectsConfiguration('editor.fontSize');
}
