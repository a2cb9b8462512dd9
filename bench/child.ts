/**
 * One child process = one (workload, backend) measurement. Reads the Job from argv[2], builds the
 * step (loading tfjs only when it is the backend under test), runs warm-up and timed steps, and
 * prints the samples on one line for the parent (bench/main.ts).
 */

import { RESULT_PREFIX, measure, type Job, type Step } from './job';
import { W2_DEPTH } from './workloads/spec';

async function buildStep(job: Job): Promise<Step> {
  if (job.kind === 'matmul') {
    const { matmulStep } = await import('./workloads/matmul');
    return matmulStep(job.backend, job.size);
  }
  const depth = job.depth ?? W2_DEPTH;
  if (job.backend === 'gradlab') {
    const { gradlabStep } = await import('./workloads/gradlab');
    return gradlabStep(job.workload, depth);
  }
  const { loadTfjs, tfjsStep } = await import('./workloads/tfjs');
  const tf = await loadTfjs(job.backend === 'tfjs-wasm' ? 'wasm' : 'cpu');
  return tfjsStep(tf, job.workload, depth);
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as Job;
  const step = await buildStep(job);
  const result = measure(step, job.timing);
  process.stdout.write(RESULT_PREFIX + JSON.stringify(result) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
