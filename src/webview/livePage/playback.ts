/**
 * The playback row of a live page: Pause / Resume, Step (one batch, then stay paused), the speed in
 * optimizer steps per second with "as fast as possible" one click away, and where the run is
 * ("step 120 of 960 · epoch 3 of 40").
 */

import { PLAYBACK_SPEEDS, type FromLivePage } from '../../protocol';
import type { LiveState } from '../../training/liveState';
import { el } from '../common/dom';
import { t } from '../common/l10n';

export class PlaybackControls {
  readonly element = el('div', 'live-playback');
  private readonly pause = el('button', 'secondary');
  private readonly step = el('button', 'secondary', t('Step'));
  private readonly speed = el('select');
  private readonly fastest = el('button', 'secondary', t('Fastest'));
  readonly progress = el('span', 'live-progress');
  private paused = false;

  constructor(post: (m: FromLivePage) => void) {
    this.pause.addEventListener('click', () => post({ type: 'playback', playback: { paused: !this.paused } }));
    this.step.title = t('Run one batch, then stay paused');
    this.step.addEventListener('click', () => post({ type: 'stepOnce' }));
    for (const sps of PLAYBACK_SPEEDS) this.speed.append(new Option(sps === 0 ? t('as fast as possible') : t('{0} steps/s', sps), String(sps)));
    this.speed.title = t('Speed: optimizer steps per second');
    this.speed.setAttribute('aria-label', t('Speed: optimizer steps per second'));
    this.speed.addEventListener('change', () => post({ type: 'playback', playback: { stepsPerSecond: Number(this.speed.value) } }));
    this.fastest.title = t('as fast as possible');
    this.fastest.addEventListener('click', () => post({ type: 'playback', playback: { stepsPerSecond: 0 } }));
    this.element.append(this.pause, this.step, this.speed, this.fastest, this.progress);
  }

  update(s: LiveState): void {
    const running = s.status === 'starting' || s.status === 'running';
    const { stepsPerSecond, paused } = s.playback;
    this.paused = paused;
    this.element.hidden = s.runId === undefined;
    this.pause.hidden = !running;
    this.step.hidden = !running;
    this.pause.textContent = paused ? t('Resume') : t('Pause');
    this.pause.setAttribute('aria-pressed', String(paused));
    if (!PLAYBACK_SPEEDS.includes(stepsPerSecond) && ![...this.speed.options].some((o) => o.value === String(stepsPerSecond))) {
      this.speed.append(new Option(t('{0} steps/s', stepsPerSecond), String(stepsPerSecond))); // a value from the settings
    }
    this.speed.value = String(stepsPerSecond);
    this.fastest.hidden = stepsPerSecond === 0;
    const total = s.run?.totalSteps;
    const epochs = s.run?.epochs;
    const where = total !== undefined && epochs !== undefined
      ? t('step {0} of {1} · epoch {2} of {3}', s.lastStep, total, Math.max(1, s.lastEpoch), epochs)
      : t('step {0}', s.lastStep);
    // A finished run's header already says where it ended.
    this.progress.hidden = !running;
    this.progress.textContent = running && paused ? `${t('Paused')} · ${where}` : where;
  }
}
