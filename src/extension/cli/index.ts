import * as vscode from 'vscode';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { cliShim } from './shim';

/**
 * "Gradient Lab: Use gradlab in the Terminal": writes a `gradlab` launcher into the extension's global storage
 * and prepends that folder to PATH through the terminal environment collection, which VS Code applies to every
 * terminal it creates from then on (and keeps across restarts). The launcher names this extension's folder, which
 * changes with each update, so activation rewrites it whenever the PATH entry exists.
 */
export function registerCliFeature(context: vscode.ExtensionContext) {
  const binDir = join(context.globalStorageUri.fsPath, 'bin');
  const collection = context.environmentVariableCollection;
  const version = String(context.extension.packageJSON.version ?? '');

  const writeShim = (): string => {
    const shim = cliShim(process.platform, process.execPath, join(context.extensionPath, 'dist', 'cli.js'), version);
    mkdirSync(binDir, { recursive: true });
    const path = join(binDir, shim.name);
    writeFileSync(path, shim.text);
    if (shim.executable) chmodSync(path, 0o755);
    return path;
  };

  const install = (): string => {
    const path = writeShim();
    collection.prepend('PATH', binDir + delimiter);
    collection.description = vscode.l10n.t('Puts gradlab, the Gradient Lab CLI, on the PATH.');
    return path;
  };

  if (collection.get('PATH')) {
    try {
      writeShim();
    } catch {
      // A read-only storage folder: the command reports the error when run again.
    }
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('gradientLab.useCliInTerminal', async (options?: { quiet?: boolean }) => {
      let shim: string;
      try {
        shim = install();
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not write the gradlab launcher: {0}', e instanceof Error ? e.message : String(e)));
        return undefined;
      }
      if (!options?.quiet) {
        const open = vscode.l10n.t('Open a Terminal');
        const choice = await vscode.window.showInformationMessage(
          vscode.l10n.t('gradlab is on the PATH of new terminals (terminals already open need a restart). Try: gradlab --help'),
          open,
        );
        if (choice === open) {
          const terminal = vscode.window.createTerminal({ name: 'gradlab' });
          terminal.show();
          terminal.sendText('gradlab --help');
        }
      }
      return shim;
    }),
  );

  return {
    /** The folder prepended to PATH, and what the collection holds for PATH now (undefined before the command). */
    binDir,
    pathMutator: (): { value: string; type: 'replace' | 'append' | 'prepend' } | undefined => {
      const m = collection.get('PATH');
      if (!m) return undefined;
      const type = m.type === vscode.EnvironmentVariableMutatorType.Prepend ? 'prepend' : m.type === vscode.EnvironmentVariableMutatorType.Append ? 'append' : 'replace';
      return { value: m.value, type };
    },
  };
}
