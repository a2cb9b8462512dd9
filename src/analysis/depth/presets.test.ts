/** Each preset must still tell its story when run: that is what the numbers in presets.ts were chosen for. */
import { strict as assert } from 'node:assert';
import { analyzeDepth } from './analysis';
import { findDepthPreset, DEPTH_PRESETS, type DepthPresetId } from './presets';
import { clippingTrainingSteps } from './training';
import { normalizeDepthSettings, normalizeTrainingSettings } from './settings';
import type { DepthAnalysis, TrainingComparison } from './types';
import { depthVerdict, factorText, sentenceText } from './verdict';

function run(id: DepthPresetId): DepthAnalysis {
  return analyzeDepth(findDepthPreset(id)!.settings);
}

/** ||delta^1|| / ||delta^L||: how much of the last layer's gradient reaches the first. */
const reach = (a: DepthAnalysis) => a.layers[0].gradNorm / a.layers[a.layers.length - 1].gradNorm;

function train(id: DepthPresetId): TrainingComparison {
  const p = findDepthPreset(id)!;
  const steps = clippingTrainingSteps(p.settings, p.training);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

describe('depth presets', function () {
  this.timeout(120_000);

  it('are six valid settings with distinct ids', () => {
    assert.equal(DEPTH_PRESETS.length, 6);
    assert.equal(new Set(DEPTH_PRESETS.map((p) => p.id)).size, 6);
    for (const p of DEPTH_PRESETS) {
      assert.deepEqual(normalizeDepthSettings(p.settings).problems, [], p.id);
      assert.deepEqual(normalizeTrainingSettings(p.training).problems, [], p.id);
    }
  });

  it('sigmoid at depth 30 vanishes: almost nothing reaches the first layer, as the theory says', () => {
    const a = run('sigmoid-vanishes');
    assert.ok(reach(a) < 1e-12, `reach ${reach(a)}`);
    assert.equal(a.theory.regime, 'ordered');
    assert.ok(a.theory.layers.every((l) => l.bound !== null && l.bound >= l.gradNorm * (1 - 1e-9)));
  });

  it('ReLU with He initialization is critical: the gradient keeps its order of magnitude over 100 layers', () => {
    const a = run('relu-he-critical');
    assert.equal(a.theory.regime, 'critical');
    assert.ok(reach(a) > 0.1 && reach(a) < 10, `reach ${reach(a)}`);
  });

  it('large initialization explodes', () => {
    const a = run('large-init-explodes');
    assert.equal(a.theory.regime, 'chaotic');
    assert.ok(reach(a) > 1e4, `reach ${reach(a)}`);
  });

  it('batch norm rescues the vanishing sigmoid network', () => {
    const before = run('sigmoid-vanishes'), after = run('batchnorm-rescues');
    assert.ok(reach(after) > 1e-2 && reach(after) < 1e3, `reach with batch norm ${reach(after)}`);
    assert.ok(reach(after) > 1e8 * reach(before));
  });

  it('residual connections rescue the vanishing sigmoid network', () => {
    const before = run('sigmoid-vanishes'), after = run('residual-rescues');
    assert.ok(reach(after) > 1e-2, `reach with residuals ${reach(after)}`);
    assert.ok(reach(after) > 1e8 * reach(before));
  });

  it('clipping rescues: without it training diverges, with it the loss goes down', () => {
    const t = train('clipping-rescues');
    assert.notEqual(t.unclipped.divergedAt, null, 'the unclipped run should diverge');
    assert.equal(t.clipped.divergedAt, null, 'the clipped run should not diverge');
    const losses = t.clipped.losses;
    assert.ok(losses[losses.length - 1] < 0.5 * losses[0], `clipped loss ${losses[0]} -> ${losses[losses.length - 1]}`);
    assert.ok(t.clipped.clipEvents.length > 0, 'clipping acted');
  });
});

describe('depth presets are named by what they show', function () {
  this.timeout(120_000);
  const factors = (title: string) => [...title.matchAll(/(?:×|gets )(\d+(?:\.\d+)?(?:e-?\d+)?)|instead of (\d+(?:\.\d+)?(?:e-?\d+)?)/g)];

  it('every preset: the title, the verdict and the measured end-to-end factor agree', () => {
    const vanishing = depthVerdict(run('sigmoid-vanishes'));
    const rows: string[] = [];
    for (const p of DEPTH_PRESETS) {
      const v = depthVerdict(analyzeDepth(p.settings));
      rows.push(`${p.id}: ×${factorText(v.reach)} (${v.behaviour}), ${sentenceText(v.lead)}`);
      assert.equal(v.behaviour, p.shows, `${p.id}: the verdict says ${v.behaviour}`);
      assert.match(sentenceText(v.lead), new RegExp(`\\b${p.shows}\\b`), `${p.id}: the lead sentence names the behaviour`);
      assert.ok(sentenceText(v.lead).includes(factorText(v.reach)), `${p.id}: the lead sentence gives the factor`);
      if (p.id === 'clipping-rescues') continue; // its title is about training (the test above runs it)
      const [measured, ...rest] = factors(p.title);
      assert.ok(measured, `${p.id}: the title "${p.title}" names a factor`);
      assert.equal(measured[1] ?? measured[2], factorText(v.reach), `${p.id}: title "${p.title}" against the measured factor`);
      for (const m of rest) if (m[2]) assert.equal(m[2], factorText(vanishing.reach), `${p.id}: "instead of" is the vanishing sigmoid network`);
    }
    console.log(`      ${rows.join('\n      ')}`);
  });

  it('a rescue\'s chaotic regime comes with its note: batch norm and residuals grow only mildly', () => {
    for (const id of ['batchnorm-rescues', 'residual-rescues'] as const) {
      const v = depthVerdict(run(id));
      assert.equal(v.regime, 'chaotic');
      assert.equal(v.disagreement, 'slow', `${id}: the theory's note explains why "chaotic" is only ×${factorText(v.reach)}`);
    }
  });
});
