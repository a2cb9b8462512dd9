import { strict as assert } from 'node:assert';
import { configChanges, describeChanges } from './configDiff';

const words = { more: (n: number) => `+${n} more`, same: 'same config' };

describe('config changes', () => {
  it('names a changed learning rate by its key', () => {
    const a = '{ "optimizer": { "name": "sgd", "lr": 0.5 }, // comment\n "epochs": 2 }';
    const b = '{\n  "optimizer": { "name": "sgd", "lr": 5 },\n  "epochs": 2,\n}';
    assert.equal(describeChanges(configChanges(a, b), words), 'lr 0.5 → 5');
  });

  it('lists added, removed and array changes, and caps the list', () => {
    const a = '{ "model": { "layers": [2, 8, 2], "activation": "tanh" }, "seed": 1, "a": 1, "b": 2 }';
    const b = '{ "model": { "layers": [2, 16, 2], "activation": "relu", "init": "he" }, "seed": 1, "a": 3, "b": 4 }';
    const changes = configChanges(a, b);
    assert.deepEqual(changes.map((c) => c.path), ['model.layers', 'model.activation', 'model.init', 'a', 'b']);
    assert.equal(describeChanges(changes, words), 'layers [2, 8, 2] → [2, 16, 2], activation tanh → relu, init — → he, +2 more');
  });

  it('formatting and comments alone are no change', () => {
    assert.equal(describeChanges(configChanges('{"a":1}', '{\n  // note\n  "a": 1\n}'), words), 'same config');
  });
});
