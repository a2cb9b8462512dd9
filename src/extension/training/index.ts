import type * as vscode from 'vscode';

/** Placeholder registrar: the training feature is under construction and replaces this file. */
export function registerTrainingFeature(_context: vscode.ExtensionContext) {
  return {};
}
