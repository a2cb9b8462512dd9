import type * as vscode from 'vscode';

/** Placeholder registrar: the depth feature is under construction and replaces this file. */
export function registerDepthFeature(_context: vscode.ExtensionContext) {
  return {};
}
