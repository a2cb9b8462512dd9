import * as vscode from 'vscode';
import { registerConfigCodeActions } from './codeActions';
import type { ConfigChecks } from './configChecks';
import { ConfigDiagnostics } from './diagnostics';
import { registerNewConfigCommand } from './newConfig';

/**
 * Writing configs: diagnostics for every open *.gradlab.json, "did you mean" quick fixes and the
 * New Training Config command. Called once from registerTrainingFeature; dispose the result.
 */
export function registerConfigAuthoring(
  extensionUri: vscode.Uri,
  checks: ConfigChecks,
  fullMnistAvailable?: () => boolean,
): { diagnostics: ConfigDiagnostics; disposable: vscode.Disposable } {
  const diagnostics = new ConfigDiagnostics(checks, fullMnistAvailable);
  const actions = registerConfigCodeActions();
  const command = registerNewConfigCommand(extensionUri);
  return { diagnostics, disposable: vscode.Disposable.from(command, actions, diagnostics) };
}
