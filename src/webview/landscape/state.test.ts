import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { DEFAULT_LANDSCAPE_STATE, restoreState } from './state';

describe('landscape page state', () => {
  it('starts from the defaults when nothing was saved', () => {
    assert.deepEqual(restoreState(undefined), DEFAULT_LANDSCAPE_STATE);
    assert.deepEqual(restoreState('garbage'), DEFAULT_LANDSCAPE_STATE);
  });

  it('keeps a valid saved state as it was', () => {
    const saved = {
      ...DEFAULT_LANDSCAPE_STATE, surface: 'custom' as const, expression: 'x*y', condition: 50, view: { xMin: -1, xMax: 2, yMin: 0, yMax: 1 },
      pinned: [0.5, -0.25] as const, angle: 2, showArrows: false, racers: ['nesterov', 'rmsprop'] as const, lrSgd: 0.02, lrAdaptive: 0.3,
      momentum: 0.5, beta1: 0.8, beta2: 0.99, alpha: 0.9, steps: 250, clipping: { kind: 'value' as const, clipValue: 0.5 },
    };
    assert.deepEqual(restoreState(JSON.parse(JSON.stringify(saved))), saved);
  });

  it('replaces each damaged field by its default, and never throws', () => {
    const r = restoreState({ surface: 'banana', condition: 1e9, view: { xMin: 2, xMax: 1, yMin: 0, yMax: 1 }, racers: ['sgd', 'lbfgs'],
      steps: 1.5, clipping: { kind: 'norm', maxNorm: -1 }, lrSgd: 'fast', momentum: 1 });
    assert.equal(r.surface, 'quadratic');
    assert.equal(r.condition, DEFAULT_LANDSCAPE_STATE.condition);
    assert.equal(r.view, null);
    assert.deepEqual(r.racers, ['sgd']);
    assert.equal(r.steps, DEFAULT_LANDSCAPE_STATE.steps);
    assert.deepEqual(r.clipping, { kind: 'none' });
    assert.equal(r.lrSgd, null);
    assert.equal(r.momentum, DEFAULT_LANDSCAPE_STATE.momentum);
    fc.assert(fc.property(fc.anything(), (v) => restoreState(v).version === 1));
  });
});
