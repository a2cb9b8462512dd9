import * as vscode from 'vscode';
import { formatMetric } from '../../training/history';
import { Disposable } from '../disposable';
import type { LiveRun } from './liveRun';

/**
 * One status-bar item for the current run: step and loss with a stop action while it trains, the
 * outcome afterwards (click opens the Gradients view). Also keeps the `gradientLab.training`
 * context key, which shows "Stop Training" in the command palette only while something trains.
 */
export class TrainingStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('gradientLab.training', vscode.StatusBarAlignment.Left, 50));
  private training = false;

  constructor(private readonly live: LiveRun) {
    super();
    this.item.name = vscode.l10n.t('Gradient Lab Training');
    this.register(live.onDidChange(() => this.update()));
    this.register({ dispose: () => void vscode.commands.executeCommand('setContext', 'gradientLab.training', false) });
    this.update();
  }

  private update(): void {
    const live = this.live.state;
    this.setTraining(live.isRunning);
    if (live.runId === undefined) {
      this.item.hide();
      return;
    }
    const step = live.lastStep;
    const total = live.run?.totalSteps;
    const loss = live.history.latest?.loss;
    const alerts = live.alerts.length;
    switch (live.status) {
      case 'idle':
      case 'starting':
        this.show('$(loading~spin) ' + vscode.l10n.t('Starting training…'), vscode.l10n.t('Stop Training'), 'gradientLab.stopTraining');
        break;
      case 'running':
        this.show(
          `$(loading~spin) ${vscode.l10n.t('Step {0}/{1}', step, total ?? '?')} · ${vscode.l10n.t('loss {0}', loss === undefined ? '–' : formatMetric(loss))}${alerts ? ' $(warning)' : ''}`,
          vscode.l10n.t('Training {0}. Click to stop.', live.configName ?? ''),
          'gradientLab.stopTraining',
        );
        break;
      case 'completed': {
        const s = live.summary;
        const accuracy = s ? ` · ${vscode.l10n.t('test accuracy {0}', formatPercent(s.test_accuracy))}` : '';
        this.show(`$(pass) ${vscode.l10n.t('loss {0}', formatMetric(s?.final_loss ?? loss ?? NaN))}${accuracy}`, vscode.l10n.t('Training finished. Click to open the Gradients view.'), 'gradientLab.openGradientsView');
        break;
      }
      case 'diverged':
        this.show(`$(warning) ${vscode.l10n.t('Diverged at step {0}', live.alerts.find((a) => a.kind === 'nonFinite')?.step ?? step)}`, vscode.l10n.t('The loss or the gradients became NaN or infinite. Click to open the Gradients view.'), 'gradientLab.openGradientsView');
        break;
      case 'cancelled':
        this.show(`$(debug-stop) ${vscode.l10n.t('Stopped at step {0}', step)}`, vscode.l10n.t('Training was stopped. Click to open the Gradients view.'), 'gradientLab.openGradientsView');
        break;
      case 'failed':
        this.show(`$(error) ${vscode.l10n.t('Training failed')}`, live.error ?? '', 'gradientLab.openGradientsView');
        break;
    }
  }

  private show(text: string, tooltip: string, command: string): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = command;
    this.item.show();
  }

  private setTraining(training: boolean): void {
    if (training === this.training) return;
    this.training = training;
    void vscode.commands.executeCommand('setContext', 'gradientLab.training', training);
  }
}

function formatPercent(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–';
}
