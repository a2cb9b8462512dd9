import * as vscode from 'vscode';
import { registerActivationFeature } from './activation';
import { registerDepthFeature } from './depth';
import { registerGuide } from './guide';
import { registerTrainingFeature } from './training';

/**
 * Activation wires each feature into VS Code and does nothing else: no compute, no webview, no worker
 * starts until a command or view asks for it. Every registration goes into context.subscriptions.
 *
 * The returned object is the extension's API (vscode.extensions.getExtension(...).exports); the
 * integration tests use it to ask panels what they show, over the same typed protocol the UI uses.
 */
export function activate(context: vscode.ExtensionContext) {
  const training = registerTrainingFeature(context);
  registerGuide(context, training.runEvents);
  return {
    activation: registerActivationFeature(context),
    depth: registerDepthFeature(context),
    training,
  };
}

export type GradientLabApi = ReturnType<typeof activate>;

export function deactivate(): void {
  // Everything is owned by context.subscriptions, which VS Code disposes.
}
