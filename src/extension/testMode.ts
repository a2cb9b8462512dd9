import * as vscode from 'vscode';

let testMode = false;

/**
 * Test hooks (src/protocol/testHooks.ts, the extension's API) are on only when VS Code runs the
 * extension's tests (ExtensionMode.Test: a development host started with an extensionTestsPath).
 * activate() sets this once, before anything renders a page.
 */
export function setTestMode(context: vscode.ExtensionContext): void {
  testMode = context.extensionMode === vscode.ExtensionMode.Test;
}

export function isTestMode(): boolean {
  return testMode;
}
