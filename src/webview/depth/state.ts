/**
 * The page's saved state (getState/setState, and the panel serializer after a window reload), read back
 * defensively: a state from an older or damaged page falls back to defaults field by field. Pure.
 */
import {
  DEFAULT_DEPTH_SETTINGS,
  DEFAULT_TRAINING_SETTINGS,
  normalizeDepthSettings,
  normalizeTrainingSettings,
} from '../../analysis/depth/settings';
import type { DepthPanelState, DepthSection } from '../../protocol';

export const SECTIONS: readonly DepthSection[] = ['why', 'forward', 'sweep', 'clipping', 'help'];

/** The panel state to start from, given whatever was saved (or nothing). */
export function restoreState(saved: unknown): DepthPanelState {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<DepthPanelState>;
  const settings = normalizeDepthSettings(s.settings ?? {});
  const training = normalizeTrainingSettings(s.training ?? {});
  const open = Object.fromEntries(SECTIONS.map((k) => [k, Boolean(s.open?.[k])])) as Record<DepthSection, boolean>;
  return {
    version: 1,
    settings: settings.problems.length === 0 ? settings.settings : DEFAULT_DEPTH_SETTINGS,
    training: training.problems.length === 0 ? training.settings : DEFAULT_TRAINING_SETTINGS,
    sweepActivations: Array.isArray(s.sweepActivations) ? s.sweepActivations.filter((a) => typeof a === 'string') : ['relu'],
    open,
    selectedLayer: typeof s.selectedLayer === 'number' ? s.selectedLayer : null,
  };
}

