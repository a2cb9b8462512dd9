import * as vscode from 'vscode';
import type { GuideEntry } from '../../protocol';

/** The walkthrough's id as VS Code knows it: `<publisher>.<name>#<walkthrough id>`. */
export const WALKTHROUGH_ID = 'gradient-lab.gradient-lab#firstTenMinutes';

/**
 * What each entry of the empty Gradients view runs: the same commands, with the same arguments, as
 * the walkthrough step of that name (its buttons are command links in package.nls.json).
 */
export const GUIDE_COMMANDS: Readonly<Record<Exclude<GuideEntry, 'walkthrough'>, readonly [string, ...unknown[]]>> = {
  activations: ['gradientLab.plotActivation', ['sigmoid', 'tanh']],
  depth: ['gradientLab.exploreDepth', { preset: 'sigmoid-vanishes' }],
  clipping: ['gradientLab.exploreDepth', { preset: 'clipping-rescues' }],
  train: ['gradientLab.openExample', 'mnist-softmax', { train: true }],
  retrain: ['gradientLab.openExample', 'spiral', { train: true, panel: true }],
  pick: ['gradientLab.startTraining'],
};

export function runGuideEntry(entry: GuideEntry): Thenable<unknown> {
  if (entry === 'walkthrough') return vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  const [command, ...args] = GUIDE_COMMANDS[entry];
  return vscode.commands.executeCommand(command, ...args);
}

/** Pages are not trusted to send only known entries. */
export function isGuideEntry(value: unknown): value is GuideEntry {
  return value === 'walkthrough' || (typeof value === 'string' && Object.prototype.hasOwnProperty.call(GUIDE_COMMANDS, value));
}
