import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { MAX_TEXT_LENGTH } from '../training/config/syntax';
import type { CliCommand, CliIO } from './command';
import { depthCommand } from './commands/depth';
import { exportPytorchCommand } from './commands/exportPytorch';
import { plotCommand } from './commands/plot';
import { trainCommand } from './commands/train';
import { validateCommand } from './commands/validate';
import { readStreamBounded } from './stdin';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const BAD = join(ROOT, 'test', 'fixtures', 'bad-configs');

async function run(command: CliCommand, args: string[], stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false, stdin: stdin === undefined ? undefined : Readable.from([Buffer.from(stdin)]) };
  const code = await command.run(args, io);
  return { code, out, err };
}

describe('cli: - reads standard input', () => {
  it('validate -: problems are reported against <stdin>, with line:column', async () => {
    const text = readFileSync(join(BAD, 'schema-lr-zero.gradlab.json'), 'utf8');
    const r = await run(validateCommand, ['-'], text);
    assert.equal(r.code, 1);
    assert.match(r.out[0], /^<stdin>:4:39: error: optimizer\.lr must be a number greater than 0/);
    const json = await run(validateCommand, ['--json', '-'], text);
    assert.equal(JSON.parse(json.out[0]).file, '<stdin>');
    const ok = await run(validateCommand, ['-'], readFileSync(join(EXAMPLES, 'xor.gradlab.json'), 'utf8'));
    assert.equal(ok.code, 0);
  });

  it('validate reads standard input once: two dashes are bad usage', async () => {
    await assert.rejects(run(validateCommand, ['-', '-'], '{}'), /standard input \(-\) can be read only once/);
  });

  it('train -: trains the config from standard input; its problems name <stdin>', async () => {
    const r = await run(trainCommand, ['-', '--json', '--steps', '3'], readFileSync(join(EXAMPLES, 'moons.gradlab.json'), 'utf8'));
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.equal(JSON.parse(r.out[r.out.length - 1]).summary.steps, 3);
    const bad = await run(trainCommand, ['-'], '{ "model": ');
    assert.equal(bad.code, 1);
    assert.match(bad.err[0], /^<stdin>:1:\d+: error: /);
  });

  it('a stream is read up to the limit and no further (a huge input is then reported as too large)', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 65536;
        this.push(Buffer.alloc(65536, 0x20));
      },
    });
    const bytes = await readStreamBounded(endless, 200_000);
    assert.equal(bytes.length, 200_000);
    assert.ok(produced < 1_000_000, `read ${produced} bytes for a 200 kB limit`);
    const big = await run(validateCommand, ['-'], ' '.repeat(MAX_TEXT_LENGTH * 4 + 10));
    assert.equal(big.code, 1);
    assert.match(big.out[0], /^<stdin>:1:1: error: the file has 4,000,000 characters/);
  });
});

describe('cli: stdout carries only data', () => {
  it('train without --json: progress and status lines on stderr, only the summary on stdout', async () => {
    const r = await run(trainCommand, [join(EXAMPLES, 'moons.gradlab.json'), '--steps', '20']);
    assert.equal(r.code, 0);
    assert.deepEqual(r.out.length, 1, r.out.join('\n'));
    assert.match(r.out[0], /^completed: 20 steps/);
    assert.match(r.err[0], /moons\.gradlab\.json: \d+ steps on /);
  });

  it('export-pytorch -o: the "wrote" notices go to stderr, stdout stays empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradlab-stdio-'));
    const r = await run(exportPytorchCommand, [join(EXAMPLES, 'xor.gradlab.json'), '-o', join(dir, 'xor.py')]);
    assert.equal(r.code, 0);
    assert.deepEqual(r.out, []);
    assert.match(r.err.join('\n'), /wrote .*xor\.py/);
  });
});

describe('cli: an option that takes a value refuses an option name as that value', () => {
  const cases: Array<[CliCommand, string[], RegExp]> = [
    [plotCommand, ['sigmoid', '--svg', '--json'], /--svg needs a value, but --json is an option/],
    [plotCommand, ['sigmoid', '--from', '--to', '3'], /--from needs a value, but --to is an option/],
    [trainCommand, ['x.gradlab.json', '--steps', '--json'], /--steps needs a value, but --json is an option/],
    [exportPytorchCommand, ['x.gradlab.json', '-o', '--with-weights'], /-o needs a value, but --with-weights is an option/],
    [depthCommand, ['--activation', '--json'], /--activation needs a value, but --json is an option/],
  ];
  for (const [command, args, message] of cases) {
    it(`gradlab ${command.name} ${args.join(' ')}`, async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'gradlab-flag-'));
      const before = process.cwd();
      process.chdir(cwd); // had it been accepted, the file would land here
      try {
        await assert.rejects(run(command, args), message);
        assert.deepEqual(readdirSync(cwd), []);
      } finally {
        process.chdir(before);
      }
    });
  }

  it('negative numbers, expressions and the inline form are still values', async () => {
    const r = await run(plotCommand, ['-x * sigmoid(x)', '--from', '-2', '--to', '2', '--points', '11', '--json']);
    assert.equal(r.code, 0);
    const { x } = JSON.parse(r.out[0]);
    assert.deepEqual([x[0], x[10]], [-2, 2]);
    const dir = mkdtempSync(join(tmpdir(), 'gradlab-flag-'));
    const svg = join(dir, '--odd.svg');
    assert.equal((await run(plotCommand, ['tanh', `--svg=${svg}`])).code, 0);
    assert.ok(existsSync(svg));
  });
});

describe('cli: the built gradlab, as a process', () => {
  const cli = join(ROOT, 'dist', 'cli.js');
  before(function () {
    if (!existsSync(cli)) this.skip();
  });

  it('validate - and train - read a pipe; train puts nothing but JSON lines on stdout', () => {
    const config = readFileSync(join(EXAMPLES, 'gaussians.gradlab.json'));
    const v = spawnSync(process.execPath, [cli, 'validate', '-'], { input: '{ "seed": }', encoding: 'utf8' });
    assert.equal(v.status, 1);
    assert.match(v.stdout, /^<stdin>:1:\d+: error: /);
    const t = spawnSync(process.execPath, [cli, 'train', '-', '--json', '--steps', '7'], { input: config, encoding: 'utf8' });
    assert.equal(t.status, 0, t.stderr);
    const lines = t.stdout.trim().split('\n');
    for (const line of lines) JSON.parse(line);
    assert.equal(JSON.parse(lines[lines.length - 1]).summary.steps, 7);
  });

  it('train without --json: stdout is the summary alone; the status line is on stderr', () => {
    const t = spawnSync(process.execPath, [cli, 'train', join(EXAMPLES, 'xor.gradlab.json'), '--steps', '30'], { encoding: 'utf8' });
    assert.equal(t.status, 0, t.stderr);
    assert.equal(t.stdout.trim().split('\n').length, 1, t.stdout);
    assert.match(t.stdout, /^completed: 30 steps/);
    assert.match(t.stderr, /xor\.gradlab\.json: \d+ steps on /);
  });

  it('no command: the help goes to stderr with exit 2; --help to stdout with exit 0', () => {
    const none = spawnSync(process.execPath, [cli], { encoding: 'utf8' });
    assert.equal(none.status, 2);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /Usage: gradlab <command>/);
    const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: gradlab <command>/);
  });
});
