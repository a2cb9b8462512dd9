import { strict as assert } from 'node:assert';
import { analyzeDepth } from '../../analysis/depth/analysis';
import { toDepthReport } from '../../analysis/depth/report';
import { UsageError, type CliIO } from '../command';
import { depthCommand, parseDepthArgs } from './depth';

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [], stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

describe('gradlab depth', () => {
  it('parses every documented option into settings', () => {
    const { settings, format } = parseDepthArgs([
      '--activation', 'relu', '--init', 'he', '--gain', '1.5', '--depth', '12', '--width', '32', '--batch', '16',
      '--seed', '7', '--batchnorm', '--residual', '--clip-norm', '2', '--json',
    ]);
    assert.equal(format, 'json');
    assert.deepEqual(
      { ...settings },
      {
        ...settings, activation: 'relu', init: 'he', gain: 1.5, depth: 12, width: 32, batchSize: 16, seed: 7,
        batchNorm: true, residual: true, clip: 'norm', clipNorm: 2,
      },
    );
    assert.equal(parseDepthArgs(['--clip-value=0.5']).settings.clip, 'value');
  });

  it('reads an activation it does not know as an expression in x', () => {
    const { settings } = parseDepthArgs(['--activation', 'x / (1 + abs(x))']);
    assert.equal(settings.activation, 'custom');
    assert.equal(settings.expression, 'x / (1 + abs(x))');
    assert.equal(parseDepthArgs(['--activation', 'swish']).settings.activation, 'silu', 'aliases resolve to the registry name');
  });

  it('refuses bad usage with a message naming the option', () => {
    const bad: Array<[string[], RegExp]> = [
      [['--depth', '0'], /--depth/], [['--depth', '201'], /--depth/], [['--width', 'x'], /--width/],
      [['--batch', '1.5'], /--batch/], [['--clip-value', '1', '--clip-norm', '1'], /one of/], [['--json', '--csv'], /one of/],
      [['--frobnicate'], /unknown option/], [['--input', 'cauchy'], /--input/], [['--preset', 'nope'], /--preset/],
    ];
    for (const [args, message] of bad) assert.throws(() => parseDepthArgs(args), (e: unknown) => e instanceof UsageError && message.test(e.message), args.join(' '));
  });

  it('--json prints the report the panel shows: the same numbers as the pure analysis', async () => {
    const io = capture();
    const code = await depthCommand.run(['--activation', 'tanh', '--init', 'xavier', '--depth', '8', '--width', '16', '--batch', '8', '--seed', '3', '--json'], io);
    assert.equal(code, 0);
    assert.equal(io.stdout.length, 1);
    const printed = JSON.parse(io.stdout[0]);
    const expected = toDepthReport(analyzeDepth({ activation: 'tanh', init: 'xavier_normal', depth: 8, width: 16, batchSize: 8, seed: 3 }));
    assert.deepEqual(printed, JSON.parse(JSON.stringify(expected)));
    assert.deepEqual(Object.keys(printed.layers[0]), ['index', 'grad_norm', 'weight_grad_norm', 'mean_abs_dphi', 'chi', 'theory_grad_norm']);
    assert.equal(printed.layers[0].index, 1, 'layers run from the input side');
    assert.equal(printed.layers[7].theory_grad_norm, printed.layers[7].grad_norm, 'the theory is anchored at the last hidden layer');
    for (const key of ['chi_fixed_point', 'depth_scale', 'regime']) assert.ok(key in printed, key);
  });

  it('prints a table by default, and reports a bad expression as bad usage', async () => {
    const io = capture();
    assert.equal(await depthCommand.run(['--depth', '3', '--width', '8', '--batch', '4', '--clip-value', '0.01'], io), 0);
    const text = io.stdout.join('\n');
    assert.match(text, /chi at the fixed point/);
    assert.match(text, /clip by value/);
    assert.equal(text.split('\n').filter((l) => /^\s+\d+\s/.test(l)).length, 3);
    await assert.rejects(depthCommand.run(['--activation', 'x * ('], capture()), UsageError);
  });

  it('exits 1 and names the layer when the network overflows', async () => {
    const io = capture();
    const code = await depthCommand.run(['--activation', 'identity', '--init', 'normal', '--weight-std', '5', '--depth', '200', '--width', '64', '--batch', '4', '--json'], io);
    assert.equal(code, 1);
    assert.match(io.stderr.join('\n'), /overflow from layer \d+/);
    assert.ok(JSON.parse(io.stdout[0]).overflow.forward_layer > 100);
  });
});
