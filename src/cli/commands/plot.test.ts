import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError, type CliIO } from '../command';
import { activationsCommand } from './activations';
import { parsePlotArgs, plotCommand, sourceOf } from './plot';

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', isTTY: false, out: (t: string) => void (io.stdout += t + '\n'), err: (t: string) => void (io.stderr += t + '\n') };
  return io;
}

describe('gradlab plot: arguments', () => {
  it('has the panel defaults: -6..6, 2001 points, a table', () => {
    assert.deepEqual(parsePlotArgs(['tanh']), { target: 'tanh', from: -6, to: 6, points: 2001, params: {}, format: 'table', svg: undefined, logits: undefined, temperature: undefined });
  });

  it('reads ranges, points, repeated --param k=v, formats, --opt=value spellings and an SVG file', () => {
    const a = parsePlotArgs(['leaky_relu', '--from', '-2', '--to=3', '--points', '11', '--param', 'negative_slope=0.2', '--param=x=1', '--csv', '--svg', 'out.svg']);
    assert.deepEqual([a.from, a.to, a.points, a.params, a.format, a.svg], [-2, 3, 11, { negative_slope: 0.2, x: 1 }, 'csv', 'out.svg']);
  });

  it('takes an expression that starts with a minus sign as the target', () => {
    assert.equal(parsePlotArgs(['-x * sigmoid(x)']).target, '-x * sigmoid(x)');
    assert.equal(parsePlotArgs(['-1']).target, '-1');
  });

  it('refuses absurd or malformed input with a usage error', () => {
    const bad: string[][] = [
      [],
      ['tanh', 'relu'],
      ['tanh', '--points', '5'],
      ['tanh', '--points', '1e9'],
      ['tanh', '--points', '10.5'],
      ['tanh', '--from', '3', '--to', '1'],
      ['tanh', '--from', '-1e12'],
      ['tanh', '--from', 'abc'],
      ['tanh', '--param', 'noequals'],
      ['tanh', '--json', '--csv'],
      ['tanh', '--frobnicate'],
      ['softmax', '--logits', '1'],
      ['softmax', '--temperature', '0'],
    ];
    for (const args of bad) assert.throws(() => parsePlotArgs(args), UsageError, JSON.stringify(args));
  });

  it('maps registry names and aliases to builtins, anything else to an expression', () => {
    assert.deepEqual(sourceOf('swish'), { kind: 'builtin', name: 'silu' });
    assert.deepEqual(sourceOf('x^2'), { kind: 'expression', source: 'x^2' });
  });
});

describe('gradlab plot and activations: output', () => {
  it('prints x, f, df, d2f as a table', async () => {
    const io = capture();
    assert.equal(await plotCommand.run(['sigmoid', '--from', '-1', '--to', '1', '--points', '11'], io), 0);
    const lines = io.stdout.trim().split('\n');
    assert.equal(lines[0], 'x\tf\tdf\td2f');
    assert.equal(lines.length, 12);
    assert.deepEqual(lines[6].split('\t').map(Number), [0, 0.5, 0.25, 0]);
  });

  it('--json carries parameters and encodes NaN as a string', async () => {
    const io = capture();
    assert.equal(await plotCommand.run(['log(x)', '--from', '-1', '--to', '1', '--points', '11', '--json'], io), 0);
    const out = JSON.parse(io.stdout);
    assert.equal(out.f[0], 'NaN');
    assert.equal(out.x.length, 11);
    const io2 = capture();
    await plotCommand.run(['elu', '--param', 'alpha=2', '--points', '11', '--json'], io2);
    assert.deepEqual(JSON.parse(io2.stdout).params, { alpha: 2 });
  });

  it('--csv and --svg write the same data the panel would', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradlab-plot-'));
    const io = capture();
    assert.equal(await plotCommand.run(['tanh', '--points', '21', '--csv', '--svg', join(dir, 'tanh.svg')], io), 0);
    assert.ok(io.stdout.startsWith("x,Tanh f,Tanh f',Tanh f''\n"));
    assert.equal(io.stdout.trim().split('\n').length, 22);
    const svg = readFileSync(join(dir, 'tanh.svg'), 'utf8');
    assert.ok(svg.startsWith('<svg') && svg.includes('Tanh′ ≤ 1') && (svg.match(/<path /g) ?? []).length === 3);
  });

  it('an invalid expression fails with its position marked; a wrong parameter is a usage error', async () => {
    const io = capture();
    assert.equal(await plotCommand.run(['x * sigmod(x)'], io), 1);
    assert.match(io.stderr, /sigmod/);
    assert.ok(io.stderr.includes('x * sigmod(x)\n    ^^^^^^'), io.stderr);
    await assert.rejects(plotCommand.run(['relu', '--param', 'alpha=1'], capture()), UsageError);
    await assert.rejects(plotCommand.run(['x^2', '--param', 'alpha=1'], capture()), UsageError);
  });

  it('softmax prints probabilities and a Jacobian whose rows sum to 0', async () => {
    const io = capture();
    assert.equal(await plotCommand.run(['softmax', '--logits', '1,2,3', '--json'], io), 0);
    const out = JSON.parse(io.stdout);
    assert.ok(Math.abs(out.outputs.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-15);
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(out.jacobian.slice(i * 3, i * 3 + 3).reduce((a: number, b: number) => a + b, 0)) < 1e-15);
  });

  it('activations lists every registry entry, as text and JSON', async () => {
    const io = capture();
    assert.equal(await activationsCommand.run(['--json'], io), 0);
    const list = JSON.parse(io.stdout) as { name: string; params: unknown[] }[];
    assert.ok(list.length >= 22 && list.some((a) => a.name === 'leaky_relu' && a.params.length === 1));
    const text = capture();
    await activationsCommand.run([], text);
    assert.match(text.stdout, /^sigmoid\s+logistic/m);
    await assert.rejects(activationsCommand.run(['--yaml'], capture()), UsageError);
  });
});
