import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, type CliIO } from '../command';
import { landscapeCommand } from './landscape';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await landscapeCommand.run(args, io);
  return { code, out, err };
}

const fixture = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'landscape', 'landscape.json'), 'utf8')) as {
  cases: { function: string; optimizer: string; lr: number; steps: number; start: number[]; clipping: { kind: string; maxNorm?: number }; path: number[][] }[];
};

describe('cli: gradlab landscape', () => {
  it('--json prints one object with the documented fields', async () => {
    const r = await run(['--function', 'quadratic', '--condition', '4', '--start', '1,2', '--direction', '3,4', '--steps', '2', '--lr', '0.1', '--json']);
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.equal(r.out.length, 1);
    const o = JSON.parse(r.out[0]);
    assert.equal(o.function, 'quadratic');
    assert.deepEqual(o.start, [1, 2]);
    assert.equal(o.value, 0.5 * (4 * 1 + 4)); // ½(k x² + y²)
    assert.deepEqual(o.gradient, [4, 2]); // (k x, y)
    assert.ok(Math.abs(o.directional_derivative - (4 * 0.6 + 2 * 0.8)) < 1e-15);
    // SGD: x ← x − lr·k·x, y ← y − lr·y.
    assert.deepEqual(o.path.map((p: number[]) => p.slice(0, 2)), [[1, 2], [1 - 0.4, 2 - 0.2], [(1 - 0.4) * 0.6, 1.8 - 0.18]]);
    assert.equal(o.path.length, 3);
    assert.equal(o.diverged_at_step, null);
  });

  it('reproduces a PyTorch path from the fixture to 1e-9 relative', async () => {
    const c = fixture.cases.find((k) => k.function === 'rosenbrock' && k.optimizer === 'nesterov' && k.clipping.kind === 'norm')!;
    const r = await run(['--function', 'rosenbrock', '--start', c.start.join(','), '--optimizer', 'nesterov', '--lr', String(c.lr),
      '--steps', String(c.steps), '--clip-norm', String(c.clipping.maxNorm), '--json']);
    assert.equal(r.code, 0);
    const path = JSON.parse(r.out[0]).path as number[][];
    assert.equal(path.length, c.path.length);
    c.path.forEach((p, i) => p.forEach((e, j) => assert.ok(Math.abs(path[i][j] - e) <= 1e-9 * Math.abs(e) + 1e-12, `${i},${j}`)));
  });

  it('takes an expression in x and y, and points at the column of an error', async () => {
    const ok = await run(['--function', 'x^2 + 3*y^2', '--start', '1,1', '--steps', '0', '--json']);
    assert.equal(ok.code, 0);
    assert.deepEqual(JSON.parse(ok.out[0]).gradient, [2, 6]);
    const bad = await run(['--function', 'x^2 + 3*z', '--start', '1,1']);
    assert.equal(bad.code, 1);
    assert.equal(bad.err[0], "gradlab landscape: Unknown name 'z' at column 9 — the variables are 'x', 'y'; constants are pi, e\nx^2 + 3*z\n        ^");
  });

  it('stops a diverging path at its last finite point and exits 1', async () => {
    const r = await run(['--function', 'rosenbrock', '--start', '-1.5,2', '--lr', '0.01', '--steps', '50', '--json']);
    assert.equal(r.code, 1);
    const o = JSON.parse(r.out[0]);
    assert.equal(o.diverged_at_step, 7);
    assert.equal(o.path.length, 7);
    assert.match(r.err[0], /diverged: step 7/);
  });

  it('prints a readable table without --json', async () => {
    const r = await run(['--function', 'saddle', '--start', '1,0.5', '--direction', '0,1', '--steps', '1', '--lr', '0.1']);
    assert.equal(r.code, 0);
    assert.equal(r.out[0], 'f(x, y) = x² − y²');
    assert.match(r.out[1], /f = 0\.75, ∇f = \(2, -1\)/);
    assert.match(r.out[2], /D_u f = ∇f·u = -1 /);
    assert.equal(r.out.at(-1), '1\t0.8\t0.6\t0.28');
  });

  it('refuses bad usage with a message naming the option', async () => {
    const usage = async (args: string[], re: RegExp) => assert.rejects(() => run(args), (e: Error) => e instanceof UsageError && re.test(e.message));
    await usage(['--start', '1,1'], /--function/);
    await usage(['--function', 'beale'], /--start X,Y is required/);
    await usage(['--function', 'beale', '--start', '1'], /two numbers/);
    await usage(['--function', 'beale', '--start', '1,nan'], /not a finite number/);
    await usage(['--function', 'beale', '--start', '1,1', '--optimizer', 'lbfgs'], /--optimizer must be one of/);
    await usage(['--function', 'beale', '--start', '1,1', '--clip-norm', '1', '--clip-value', '1'], /choose one/);
    await usage(['--function', 'beale', '--start', '1,1', '--steps', '1e9'], /--steps/);
    await usage(['--function', 'beale', '--start', '1,1', '--condition', '3'], /quadratic bowl only/);
    await usage(['--function', 'quadratic', '--start', '1,1', '--condition', '1e6'], /between 0.001 and 1000/);
    await usage(['--function', 'beale', '--start', '1,1', '--direction', '0,0'], /must not be 0,0/);
  });
});
