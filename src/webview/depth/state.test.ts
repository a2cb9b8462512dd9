import { strict as assert } from 'node:assert';
import { DEFAULT_DEPTH_SETTINGS, DEFAULT_TRAINING_SETTINGS } from '../../analysis/depth/settings';
import { restoreState } from './state';

describe('depth page state', () => {
  it('starts from the defaults when nothing was saved', () => {
    const s = restoreState(undefined);
    assert.deepEqual(s.settings, DEFAULT_DEPTH_SETTINGS);
    assert.deepEqual(s.training, DEFAULT_TRAINING_SETTINGS);
    assert.deepEqual(Object.values(s.open), [false, false, false, false, false]);
  });

  it('gives back what was saved (what the serializer passes after a reload)', () => {
    const saved = {
      version: 1, settings: { ...DEFAULT_DEPTH_SETTINGS, depth: 77, residual: true }, training: { learningRate: 0.2, steps: 50 },
      sweepActivations: ['tanh', 'gelu'], open: { why: true, forward: false, sweep: true, clipping: false, help: false }, selectedLayer: 12,
    };
    assert.deepEqual(restoreState(JSON.parse(JSON.stringify(saved))), saved);
  });

  it('replaces damaged parts with defaults instead of failing', () => {
    const s = restoreState({ settings: { depth: 5000 }, training: { steps: -1 }, sweepActivations: 'relu', open: null, selectedLayer: 'x' });
    assert.deepEqual(s.settings, DEFAULT_DEPTH_SETTINGS);
    assert.deepEqual(s.training, DEFAULT_TRAINING_SETTINGS);
    assert.deepEqual(s.sweepActivations, ['relu']);
    assert.equal(s.selectedLayer, null);
  });
});
