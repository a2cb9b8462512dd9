import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { ConfigChecks } from './configChecks';
import { isGradlabConfig } from './diagnostics';
import type { LiveRun } from './liveRun';
import { PendingTimers } from './resources';
import { RestartPolicy, type RestartTrigger } from './restartPolicy';
import type { ConfigToRun, TrainingSession } from './session';

export interface LiveLoopOptions {
  readonly session: TrainingSession;
  readonly live: LiveRun;
  /** Each version of a file checked once, shared with the diagnostics (which show why a file does not train). */
  readonly checks: ConfigChecks;
  /** True while the Gradients view or a training panel is on screen. */
  readonly pagesVisible: () => boolean;
}

/**
 * Save (and, when the setting is on, edit) a config and the training restarts; see RestartPolicy for
 * the timing. Which files are live: the one being trained (or last trained), and any config while
 * a live page is on screen, so that merely saving some config elsewhere does not spin up a worker.
 * Closing the trained file stops its run.
 */
export class LiveLoop extends Disposable {
  private readonly policy: RestartPolicy<ConfigToRun>;
  private readonly timers = new PendingTimers();

  constructor(private readonly options: LiveLoopOptions) {
    super();
    const settings = () => vscode.workspace.getConfiguration('gradientLab.liveRetrain');
    this.policy = new RestartPolicy(this.timers, () => settings().get<number>('debounceMs', 300), (run) => this.restart(run));
    this.register({ dispose: () => this.policy.cancel() });
    this.register(
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (settings().get<boolean>('onSave', true)) this.changed(d, 'save');
      }),
    );
    this.register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && settings().get<boolean>('onEdit', false)) this.changed(e.document, 'edit');
      }),
    );
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.closed(d.uri)));
    this.register(
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.closed) {
          if (tab.input instanceof vscode.TabInputText && !this.hasTab(tab.input.uri)) this.closed(tab.input.uri);
        }
      }),
    );
  }

  /** Timers pending (the burst's pause). */
  get pendingTimers(): number {
    return this.timers.count;
  }

  /** Starts `document` now (the Start Training command, which checked it), whatever is pending; undefined if it has errors. */
  startNow(document: vscode.TextDocument): number | undefined {
    const run = this.toRun(document);
    if (!run) return undefined;
    this.policy.cancel();
    return this.options.session.start(run);
  }

  stop(): void {
    this.policy.cancel();
    this.options.session.stop();
  }

  private isLive(document: vscode.TextDocument): boolean {
    return document.uri.fsPath === this.options.live.configPath || this.options.pagesVisible();
  }

  /** The document as it is now with its checked config, or undefined when it has errors. */
  private toRun(document: vscode.TextDocument): ConfigToRun | undefined {
    const { config } = this.options.checks.get(document);
    return config && { uri: document.uri, text: document.getText(), config };
  }

  private changed(document: vscode.TextDocument, trigger: RestartTrigger): void {
    if (!isGradlabConfig(document) || !this.isLive(document)) return;
    const run = this.toRun(document);
    this.policy.handle({ key: document.uri.toString(), text: run?.text ?? document.getText(), run, trigger });
  }

  private restart(run: ConfigToRun): void {
    const { live } = this.options;
    // The same text already ran or runs: restarting would redraw identical charts (training is deterministic).
    const same = live.configPath === run.uri.fsPath && live.configText === run.text;
    if (same && (live.state.isRunning || live.state.status === 'completed')) return;
    this.options.session.start(run);
  }

  private closed(uri: vscode.Uri): void {
    // A language switch also "closes" a document; only the last tab going away ends the run.
    if (uri.fsPath !== this.options.live.configPath || this.hasTab(uri)) return;
    this.policy.cancel();
    this.options.session.stop(); // its run, if it still trains, and the worker kept warm for it
  }

  /** By path, not URI: an example copy saved for the first time goes from untitled: to file: with the same path. */
  private hasTab(uri: vscode.Uri): boolean {
    const target = uri.fsPath;
    return vscode.window.tabGroups.all.some((g) =>
      g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === target),
    );
  }
}
