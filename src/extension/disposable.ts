import * as vscode from 'vscode';

/**
 * Owns disposables and releases them once, in reverse order of registration. Panels, views and
 * sessions extend it so that nothing they create (listeners, timers, workers) outlives them.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposedFlag = false;

  get isDisposed(): boolean {
    return this.disposedFlag;
  }

  protected register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposedFlag) {
      disposable.dispose();
    } else {
      this.owned.push(disposable);
    }
    return disposable;
  }

  dispose(): void {
    if (this.disposedFlag) return; // idempotent: VS Code and our own code may both dispose
    this.disposedFlag = true;
    disposeAll(this.owned.splice(0).reverse());
  }
}

export function disposeAll(disposables: Iterable<vscode.Disposable>): void {
  const errors: unknown[] = [];
  for (const d of disposables) {
    try {
      d.dispose();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, 'Several disposables failed');
}

/** A vscode.Disposable from a plain function (timers, worker termination). */
export function toDisposable(dispose: () => void): vscode.Disposable {
  return { dispose };
}
