/**
 * PyTorch as an optional backend of W1, W2 and W4 (float64 and float32), run by the system Python
 * (/usr/bin/python3, where python3-torch installs) on one thread. The parent writes the job and the
 * seeded inputs to a temporary JSON file, so PyTorch starts from the very numbers the engine does, and
 * bench/workloads/torch_step.py prints the samples in the same form as a Node child.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildResults, Timing } from '../job';
import { runForResult } from '../runChild';
import {
  BATCH, LEARNING_RATE, deepMlpInputs, mnistMlpInputs, softmaxRegressionInputs, type LayerInit, type WorkloadId,
} from './spec';

export const PYTHON = '/usr/bin/python3';
export const PYTORCH_BACKENDS = ['pytorch-f64', 'pytorch-f32'] as const;
export type PytorchBackend = (typeof PYTORCH_BACKENDS)[number];
export const PYTORCH_WORKLOADS: readonly WorkloadId[] = ['W1', 'W2', 'W4'];

/**
 * One thread everywhere, in the Python process only: OpenMP and every BLAS torch may link read these at
 * start-up; the OpenBLAS tuning overrides some machines set are removed so it picks its own kernels.
 */
function singleThreadEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** The PyTorch version when /usr/bin/python3 can import torch, else null. */
export function pytorchVersion(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { env: singleThreadEnv(), encoding: 'utf8', timeout: 120_000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

const layerJson = (l: LayerInit) => ({ fanIn: l.fanIn, fanOut: l.fanOut, weight: Array.from(l.weight) });

function inputs(workload: WorkloadId, depth: number): Record<string, unknown> {
  if (workload === 'W2') {
    const { x, target, layers } = deepMlpInputs(depth);
    return { x: Array.from(x), target: Array.from(target), layers: layers.map(layerJson) };
  }
  const { batch, layers } = workload === 'W1'
    ? (() => { const s = softmaxRegressionInputs(); return { batch: s.batch, layers: [s.layer] }; })()
    : mnistMlpInputs();
  return { x: Array.from(batch.x), labels: Array.from(batch.labels), layers: layers.map(layerJson) };
}

export function runPytorch(
  script: string, workload: WorkloadId, backend: PytorchBackend, depth: number, timing: Timing,
): Promise<ChildResults> {
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-bench-torch-'));
  const jobFile = join(dir, 'job.json');
  const dtype = backend === 'pytorch-f64' ? 'float64' : 'float32';
  writeFileSync(jobFile, JSON.stringify({ workload, dtype, timing, batch: BATCH, lr: LEARNING_RATE, ...inputs(workload, depth) }));
  return runForResult<ChildResults[string]>(PYTHON, [script, jobFile], `${workload} ${backend}`, singleThreadEnv())
    .then((result) => ({ [backend]: result }))
    .finally(() => rmSync(dir, { recursive: true, force: true }));
}
