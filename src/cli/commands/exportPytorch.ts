/** `gradlab export-pytorch FILE [--with-weights] [-o OUT.py]`: the config as a standalone PyTorch script. */
import { basename, dirname, join } from 'node:path';
import { statSync, writeFileSync, type Stats } from 'node:fs';
import { checkConfig, formatBytes, formatProblem, hasErrors } from '../../training/config';
import { buildDataset } from '../../training/datasets';
import { encodeState, estimateStateBytes, generatePytorchScript, MAX_STATE_BYTES, stateTensors } from '../../training/export';
import { buildModel } from '../../training/trainer';
import { mnistDataPackageFolder } from '../../node/fullMnist';
import { findDataDir, loadDataSources } from '../../node/loadData';
import { parseArgs, positiveInteger } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand } from '../command';
import { readConfigFile } from '../configFile';

const USAGE = `Usage: gradlab export-pytorch FILE [--with-weights] [-o OUT.py] [--force] [--steps N] [--mnist-idx-folder DIR]

Writes a standalone PyTorch script (to stdout without -o) that builds the same model,
initialization, optimizer, loss, clipping, batches and data as FILE, trains, accepts --steps N
and prints the same JSON lines as \`gradlab train --json\`.

  --with-weights   also write OUT.state.bin beside the script: our initial weights, the exact
                   training and test data and every epoch's sample order, so the PyTorch run
                   starts from exactly our state (needs -o); at most ${formatBytes(MAX_STATE_BYTES)}
  -o OUT.py        the script's path; an existing file is never replaced without --force,
                   and FILE itself never
  --force          replace OUT.py (and OUT.state.bin) if they exist
  --steps N        write sample orders for N steps only (default: the whole run)`;

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Refuses to write over the config itself (not even with --force), or over any file without --force. */
function checkTarget(target: string, input: Stats, inputPath: string, force: boolean): void {
  const existing = statOrUndefined(target);
  if (!existing) return;
  if (existing.dev === input.dev && existing.ino === input.ino) {
    throw new Error(`${target} is the config being exported (${inputPath}): choose another output file`);
  }
  if (!force) throw new Error(`${target} already exists: give --force to replace it`);
}

/** Writes a file; without --force only a new one ('wx' fails if it appeared since the check). */
function writeNew(path: string, content: string | Uint8Array, force: boolean): void {
  try {
    writeFileSync(path, content, { flag: force ? 'w' : 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${path} already exists: give --force to replace it`);
    throw e;
  }
}

/** OUT.py -> OUT.state.bin */
export function stateFileFor(scriptPath: string): string {
  return join(dirname(scriptPath), `${basename(scriptPath).replace(/\.py$/i, '')}.state.bin`);
}

export const exportPytorchCommand: CliCommand = {
  name: 'export-pytorch',
  summary: 'write a *.gradlab.json config as a standalone PyTorch script',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, ['--with-weights', '--force'], ['-o', '--output', '--steps', '--mnist-idx-folder']);
    if (parsed.positional.length !== 1) throw new UsageError('give exactly one FILE');
    const path = parsed.positional[0];
    const out = parsed.values.get('-o') ?? parsed.values.get('--output');
    const withWeights = parsed.flags.has('--with-weights');
    const force = parsed.flags.has('--force');
    if (withWeights && !out) throw new UsageError('--with-weights writes a file beside the script: give -o OUT.py');
    const maxSteps = positiveInteger('--steps', parsed.values.get('--steps'));
    const { text } = readConfigFile(path);
    const { config, problems } = checkConfig(text);
    for (const p of problems) io.err(formatProblem(path, text, p));
    if (!config || hasErrors(problems)) return EXIT_FAILURE;

    const stateFile = out && withWeights ? stateFileFor(out) : undefined;
    const input = statSync(path);
    if (out) checkTarget(out, input, path, force);
    if (stateFile) checkTarget(stateFile, input, path, force);
    if (stateFile) {
      const size = estimateStateBytes(config, maxSteps);
      if (size.totalBytes > MAX_STATE_BYTES) {
        throw new Error(`the state file would take about ${formatBytes(size.totalBytes)} (weights ${formatBytes(size.weightBytes)}, data ${formatBytes(size.dataBytes)}, ` +
          `sample orders for ${size.epochs} epochs ${formatBytes(size.orderBytes)}), more than ${formatBytes(MAX_STATE_BYTES)}: export fewer steps with --steps N, or without --with-weights`);
      }
    }
    const script = generatePytorchScript(config, { configPath: path, stateFile: stateFile ? basename(stateFile) : undefined, maxSteps });
    if (stateFile) {
      const sources = await loadDataSources(config.data, {
        dataDir: process.env.GRADLAB_DATA_DIR ?? findDataDir(__dirname),
        configPath: path,
        mnistIdxFolder: parsed.values.get('--mnist-idx-folder'),
        fullMnistFolders: [mnistDataPackageFolder(__dirname)],
      });
      const dataset = buildDataset(config.data, config.seed, sources);
      const model = buildModel(config);
      const initial = {
        weights: model.layers.map((l) => l.weight.data),
        biases: model.layers.map((l) => l.bias?.data ?? new Float64Array(l.outFeatures)),
      };
      const bytes = encodeState(stateTensors(config, dataset, initial, maxSteps), 255);
      writeNew(stateFile, bytes, force);
      io.err(`wrote ${stateFile} (${formatBytes(bytes.length)})`);
    }
    if (out) {
      writeNew(out, script, force);
      io.err(`wrote ${out}`);
    } else {
      io.out(script);
    }
    return EXIT_OK;
  },
};
