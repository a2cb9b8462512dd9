import type * as vscode from 'vscode';

/** Placeholder registrar: the activation feature is under construction and replaces this file. */
export function registerActivationFeature(_context: vscode.ExtensionContext) {
  return {};
}
