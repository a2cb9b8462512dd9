/** `gradlab export-pytorch FILE [--with-weights] [-o OUT.py]`: the config as a standalone PyTorch script. */
import { basename, dirname, join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { checkConfig, formatProblem, hasErrors } from '../../training/config';
import { buildDataset } from '../../training/datasets';
import { encodeState, generatePytorchScript, stateTensors } from '../../training/export';
import { buildModel } from '../../training/trainer';
import { mnistDataPackageFolder } from '../../node/fullMnist';
import { findDataDir, loadDataSources } from '../../node/loadData';
import { parseArgs, positiveInteger } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand } from '../command';
import { readConfigFile } from '../configFile';

const USAGE = `Usage: gradlab export-pytorch FILE [--with-weights] [-o OUT.py] [--steps N] [--mnist-idx-folder DIR]

Writes a standalone PyTorch script (to stdout without -o) that builds the same model,
initialization, optimizer, loss, clipping, batches and data as FILE, trains, accepts --steps N
and prints the same JSON lines as \`gradlab train --json\`.

  --with-weights   also write OUT.state.bin beside the script: our initial weights, the exact
                   training and test data and every epoch's sample order, so the PyTorch run
                   starts from exactly our state (needs -o)
  -o OUT.py        the script's path
  --steps N        write sample orders for N steps only (default: the whole run)`;

/** OUT.py -> OUT.state.bin */
export function stateFileFor(scriptPath: string): string {
  return join(dirname(scriptPath), `${basename(scriptPath).replace(/\.py$/i, '')}.state.bin`);
}

export const exportPytorchCommand: CliCommand = {
  name: 'export-pytorch',
  summary: 'write a *.gradlab.json config as a standalone PyTorch script',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, ['--with-weights'], ['-o', '--output', '--steps', '--mnist-idx-folder']);
    if (parsed.positional.length !== 1) throw new UsageError('give exactly one FILE');
    const path = parsed.positional[0];
    const out = parsed.values.get('-o') ?? parsed.values.get('--output');
    const withWeights = parsed.flags.has('--with-weights');
    if (withWeights && !out) throw new UsageError('--with-weights writes a file beside the script: give -o OUT.py');
    const maxSteps = positiveInteger('--steps', parsed.values.get('--steps'));
    const { text } = readConfigFile(path);
    const { config, problems } = checkConfig(text);
    for (const p of problems) io.err(formatProblem(path, text, p));
    if (!config || hasErrors(problems)) return EXIT_FAILURE;

    const stateFile = out && withWeights ? stateFileFor(out) : undefined;
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
      writeFileSync(stateFile, encodeState(stateTensors(config, dataset, initial, maxSteps), 255));
      io.err(`wrote ${stateFile}`);
    }
    if (out) {
      writeFileSync(out, script);
      io.err(`wrote ${out}`);
    } else {
      io.out(script);
    }
    return EXIT_OK;
  },
};
