/** Alert and status sentences for the live pages (translated through the host's string table). */

import type { GradientAlert, RunStatus } from '../../protocol';
import { formatNumber } from '../../charts/chartModel';
import { t } from '../common/l10n';

const num = (v: number) => formatNumber(v, 3);

export function alertText(a: GradientAlert): string {
  switch (a.kind) {
    case 'vanishing':
      return t('Vanishing gradients at step {0}: {1} has norm {2}, under {3}.', a.step, a.layer, num(a.value), num(a.reference));
    case 'exploding':
      return a.basis === 'depth'
        ? t('Exploding gradients at step {0}: {1} is {2}× larger than at the output layer (norm {3}).', a.step, a.layer, num(a.reference), num(a.value))
        : t('Exploding gradients at step {0}: {1} grew {2}× since the first step (norm {3}).', a.step, a.layer, num(a.reference), num(a.value));
    case 'nonFinite':
      return a.layer === 'loss'
        ? t('Training diverged at step {0}: the loss became NaN or infinite.', a.step)
        : t('Training diverged at step {0}: the gradients of {1} became NaN or infinite.', a.step, a.layer);
  }
}

export function statusText(status: RunStatus, step: number, total: number | undefined, loss: number | undefined): string {
  const progress = total ? t('step {0} of {1}', step, total) : t('step {0}', step);
  const lossText = loss === undefined ? '' : ` · ${t('loss {0}', num(loss))}`;
  switch (status) {
    case 'idle':
      return '';
    case 'starting':
      return t('Starting…');
    case 'running':
      return t('Training: {0}', progress) + lossText;
    case 'completed':
      return t('Finished: {0}', progress) + lossText;
    case 'cancelled':
      return t('Stopped: {0}', progress) + lossText;
    case 'diverged':
      return t('Diverged: {0}', progress);
    case 'failed':
      return t('Failed');
  }
}
