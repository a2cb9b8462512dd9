import * as vscode from 'vscode';
import { registerActivationFeature } from './activation';
import { registerCliFeature } from './cli';
import { registerDepthFeature } from './depth';
import { registerLandscapeFeature } from './landscape';
import { registerGuide } from './guide';
import { registerTrainingFeature } from './training';
import { isTestMode, setTestMode } from './testMode';

/**
 * Activation wires each feature into VS Code and does nothing else: no compute, no webview, no worker
 * starts until a command or view asks for it. Every registration goes into context.subscriptions.
 *
 * In test mode the returned object is the extension's API (vscode.extensions.getExtension(...).exports):
 * the integration tests use it to ask panels what they show, over the test hooks of the protocol.
 * Otherwise the extension exports nothing.
 */
export function activate(context: vscode.ExtensionContext): GradientLabApi | undefined {
  setTestMode(context);
  const api = registerFeatures(context);
  return isTestMode() ? api : undefined;
}

function registerFeatures(context: vscode.ExtensionContext) {
  const training = registerTrainingFeature(context);
  registerGuide(context, training.runEvents);
  return {
    activation: registerActivationFeature(context),
    depth: registerDepthFeature(context),
    training,
    cli: registerCliFeature(context),
    landscape: registerLandscapeFeature(context),
  };
}

export type GradientLabApi = ReturnType<typeof registerFeatures>;

export function deactivate(): void {
  // Everything is owned by context.subscriptions, which VS Code disposes.
}
