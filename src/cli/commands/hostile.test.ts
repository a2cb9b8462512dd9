/**
 * Hostile inputs through the CLI commands: each is refused with a clear message, in bounded time
 * and memory (bounds are asserted by counts and sizes, never by the clock).
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { depthCommand, parseDepthArgs } from './depth';
import { exportPytorchCommand } from './exportPytorch';
import { plotCommand } from './plot';
import { trainCommand } from './train';
import { validateCommand } from './validate';

/** Debian's python3, which has python3-torch (the python3 on PATH may be another one). */
const SYSTEM_PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

async function run(command: CliCommand, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  let code: number;
  try {
    code = await command.run(args, io);
  } catch (e) {
    // main() prints a thrown error as "gradlab <name>: message" and exits 1.
    err.push(`gradlab ${command.name}: ${(e as Error).message}`);
    code = 1;
  }
  return { code, out, err };
}

describe('cli: hostile files are refused before reading', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gradlab-hostile-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, command] of [['validate', validateCommand], ['train', trainCommand], ['export-pytorch', exportPytorchCommand]] as const) {
    it(`gradlab ${name} refuses /dev/zero, /dev/urandom and a FIFO with a clear message`, async () => {
      const fifo = join(dir, `${name}.gradlab.json`);
      execFileSync('mkfifo', [fifo]);
      for (const [path, kind] of [['/dev/zero', 'character device'], ['/dev/urandom', 'character device'], [fifo, 'named pipe']]) {
        const r = await run(command, [path]);
        assert.equal(r.code, 1, path);
        assert.equal(r.err.length, 1, r.err.join('\n'));
        assert.ok(r.err[0].startsWith(`gradlab ${name}: ${path} is a ${kind}`), r.err[0]);
      }
    });
  }
});

describe('cli: a flat chain of 3,000 terms overflows no stack', () => {
  const chain = Array.from({ length: 3000 }, () => 'x').join('+');

  it('gradlab plot gives f = 3000 x, f\' = 3000, f\'\' = 0', async () => {
    const r = await run(plotCommand, [chain, '--points', '11', '--json']);
    assert.equal(r.code, 0, r.err.join('\n'));
    const plot = JSON.parse(r.out.join(''));
    plot.x.forEach((x: number, i: number) => assert.ok(Math.abs(plot.f[i] - 3000 * x) < 1e-6, `f(${x}) = ${plot.f[i]}`));
    assert.ok(plot.df.every((v: number) => Math.abs(v - 3000) < 1e-9));
    assert.ok(plot.d2f.every((v: number) => v === 0));
  });
});

describe('cli: gradlab export-pytorch never destroys a file', () => {
  let dir: string;
  const config = (extra: Record<string, unknown> = {}) => JSON.stringify({
    data: { dataset: 'moons', train: 64, test: 32 }, model: { layers: [2, 8, 2] }, optimizer: { name: 'sgd', lr: 0.1 }, epochs: 1, ...extra,
  });
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gradlab-export-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to write over its input, even with --force (also through a symlink)', async () => {
    const input = join(dir, 'a.gradlab.json');
    writeFileSync(input, config());
    symlinkSync(input, join(dir, 'link.py'));
    for (const args of [['-o', input], ['-o', input, '--force'], ['-o', join(dir, 'link.py'), '--force']]) {
      const r = await run(exportPytorchCommand, [input, ...args]);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.err.join('\n'), /is the config being exported .*: choose another output file/);
      assert.equal(readFileSync(input, 'utf8'), config(), 'the config is unchanged');
    }
  });

  it('refuses to replace an existing file without --force, and replaces it with --force', async () => {
    const input = join(dir, 'b.gradlab.json');
    const out = join(dir, 'b.py');
    writeFileSync(input, config());
    writeFileSync(out, 'precious');
    const refused = await run(exportPytorchCommand, [input, '-o', out]);
    assert.equal(refused.code, 1);
    assert.deepEqual(refused.err, [`gradlab export-pytorch: ${out} already exists: give --force to replace it`]);
    assert.equal(readFileSync(out, 'utf8'), 'precious');
    const forced = await run(exportPytorchCommand, [input, '-o', out, '--force']);
    assert.equal(forced.code, 0, forced.err.join('\n'));
    assert.match(readFileSync(out, 'utf8'), /^#!\/usr\/bin\/env python3/);
  });

  it('refuses --with-weights past the state-file cap with the estimate, before building anything', async () => {
    const input = join(dir, 'big.gradlab.json');
    writeFileSync(input, config({ data: { dataset: 'moons', train: 1_000_000, test: 1000 }, epochs: 50 }));
    const r = await run(exportPytorchCommand, [input, '--with-weights', '-o', join(dir, 'big.py')]);
    assert.equal(r.code, 1);
    assert.match(r.err.join('\n'), /the state file would take about 217 MB \(.*sample orders for 50 epochs 200 MB\), more than 100 MB: export fewer steps with --steps N/);
    assert.ok(!existsSync(join(dir, 'big.py')) && !existsSync(join(dir, 'big.state.bin')), 'nothing was written');
  });

  it('a NUL, a control character or a lone surrogate in "name" still gives a script Python compiles and runs --help on', async function () {
    const input = join(dir, 'name.gradlab.json');
    const out = join(dir, 'name.py');
    writeFileSync(input, config({ name: 'a\u0000b\u001bc\ud800d\udc00"""e\\' }));
    const r = await run(exportPytorchCommand, [input, '-o', out]);
    assert.equal(r.code, 0, r.err.join('\n'));
    const script = readFileSync(out, 'utf8');
    assert.ok(!script.includes('\u0000'));
    const compiled = spawnSync(SYSTEM_PYTHON, ['-c', 'import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read())', out], { encoding: 'utf8' });
    assert.equal(compiled.status, 0, compiled.stderr);
    if (spawnSync(SYSTEM_PYTHON, ['-c', 'import torch']).status !== 0) this.skip();
    const help = spawnSync(SYSTEM_PYTHON, [out, '--help'], { encoding: 'utf8', env: { ...process.env, PYTHONIOENCODING: 'utf-8' } });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /Gradient Lab experiment: a\ufffdb\ufffdc\ufffdd\ufffd/);
  });
});

describe('cli: gradlab train explains a tiny clip.norm_type honestly', () => {
  it('norm_type 1e-300: the norm is infinite because of p, not because gradients are large', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradlab-norm-'));
    const input = join(dir, 'p.gradlab.json');
    writeFileSync(input, JSON.stringify({
      data: { dataset: 'moons', train: 64, test: 32 }, model: { layers: [2, 8, 2] }, optimizer: { name: 'sgd', lr: 0.1 },
      clip: { mode: 'norm', max_norm: 1, norm_type: 1e-300 }, steps: 3,
    }));
    const r = await run(trainCommand, [input]);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(r.code, 1);
    const text = r.out.join('\n');
    assert.match(text, /clip\.norm_type 1e-300 makes the global gradient norm infinite although every gradient is at most \d/);
    assert.match(text, /use norm_type 1 or more/);
    assert.doesNotMatch(text, /grew so large/);
  });
});

describe('cli: runs past the memory limit are refused before allocating', () => {
  it('gradlab depth --depth 200 --width 256 --batch 256 --batchnorm --residual --clip-norm 1 gives its estimate; --memory-limit raises the limit', async () => {
    const args = ['--depth', '200', '--width', '256', '--batch', '256', '--batchnorm', '--residual', '--clip-norm', '1', '--json'];
    await assert.rejects(() => depthCommand.run(args, { out: () => undefined, err: () => undefined, isTTY: false }),
      /these settings would need about 1\.\d GB of memory, more than the limit of 1\.0 GB: use a smaller depth, width or batch, or raise --memory-limit/);
    assert.throws(() => parseDepthArgs([...args, '--memory-limit', '0']), /--memory-limit must be a positive number/);
    assert.equal(parseDepthArgs([...args, '--memory-limit', '2000']).memoryLimitBytes, 2e9);
  });

  it('gradlab train --memory-limit refuses a config estimated above it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradlab-limit-'));
    const input = join(dir, 'w.gradlab.json');
    writeFileSync(input, JSON.stringify({ data: { dataset: 'moons' }, model: { layers: [2, 512, 512, 2] }, optimizer: { name: 'sgd', lr: 0.1 }, steps: 1 }));
    const r = await run(trainCommand, [input, '--memory-limit', '5']);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(r.code, 1);
    assert.match(r.err.join('\n'), /this run would need about [\d.]+ MB of memory .* more than the 5\.0 MB a training run may use/);
  });
});
