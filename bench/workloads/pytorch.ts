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

/** The PyTorch a run measures: its version, and the BLAS library its process loaded (which sets its products' speed). */
export interface PytorchInfo {
  readonly version: string;
  /** The BLAS shared object torch mapped (Debian's libblas.so.3 alternative), or null when none showed. */
  readonly blas: string | null;
}

/**
 * Debian's reference BLAS (netlib, what libblas.so.3 points to unless an optimized one is installed): its products
 * run at ~3.5 GFLOP/s here, ~20× below OpenBLAS on one thread, so PyTorch timed with it is no yardstick.
 */
export function isReferenceBlas(path: string | null): boolean {
  return path !== null && /\/blas\/libblas\.so/.test(path);
}

const PROBE = [
  'import torch',
  'print(torch.__version__)',
  "print(next((l.split()[-1] for l in open('/proc/self/maps') if 'libblas' in l), ''))",
].join('\n');

/** PyTorch's version and BLAS when /usr/bin/python3 can import torch, else null. */
export function pytorchInfo(): PytorchInfo | null {
  const r = spawnSync(PYTHON, ['-c', PROBE], { env: singleThreadEnv(), encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) return null;
  const [version = '', blas = ''] = r.stdout.trim().split('\n');
  return { version: version.trim(), blas: blas.trim() || null };
}

/** The report's line on PyTorch: what ran, and a warning when its BLAS makes it no yardstick. */
export function pytorchHeader(info: PytorchInfo | null): string {
  if (info === null) return 'PyTorch: skipped: no PyTorch (/usr/bin/python3 cannot import torch).';
  const line = `PyTorch ${info.version} on CPU, one thread (OMP/OPENBLAS/MKL_NUM_THREADS=1 and torch.set_num_threads(1) in its process only), BLAS ${info.blas ?? 'unknown'}.`;
  return isReferenceBlas(info.blas)
    ? `${line}\nWARNING: that is the reference BLAS, ~20× slower than OpenBLAS: install libopenblas0 (the BLAS libtorch recommends; npm test's set-up installs it) before reading PyTorch's rows.`
    : line;
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
