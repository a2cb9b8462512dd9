/**
 * Hostile inputs through the CLI commands: each is refused with a clear message, in bounded time
 * and memory (bounds are asserted by counts and sizes, never by the clock).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { depthCommand } from './depth';
import { exportPytorchCommand } from './exportPytorch';
import { plotCommand } from './plot';
import { trainCommand } from './train';
import { validateCommand } from './validate';

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

  it('gradlab depth runs it as an activation', async () => {
    const r = await run(depthCommand, ['--activation', chain, '--depth', '3', '--width', '4', '--batch', '4', '--json']);
    assert.ok(r.code === 0 || r.code === 1, r.err.join('\n')); // 1 = the gradients overflowed, reported as such
    assert.doesNotMatch(r.err.join('\n'), /call stack/);
    assert.equal(JSON.parse(r.out.join('')).layers.length, 3);
  });
});
