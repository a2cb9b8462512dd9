/**
 * One child process = one Job (see job.ts). Reads the Job from argv[2], builds the steps (loading
 * tfjs only when it is the backend under test), runs warm-up and timed steps, and prints the
 * samples on one line for the parent (bench/main.ts).
 */

import { MATMUL_BACKENDS, RESULT_PREFIX, measure, type Job, type Step } from './job';
import { W2_DEPTH } from './workloads/spec';

async function buildSteps(job: Job): Promise<Record<string, Step>> {
  if (job.kind === 'peak') {
    const { peakSteps } = await import('./workloads/peak');
    return peakSteps();
  }
  if (job.kind === 'matmul') {
    const { matmulStep } = await import('./workloads/matmul');
    return Object.fromEntries(MATMUL_BACKENDS.map((b) => [b, matmulStep(b, job.size)]));
  }
  const depth = job.depth ?? W2_DEPTH;
  if (job.backend === 'gradlab') {
    const { gradlabStep } = await import('./workloads/gradlab');
    return { gradlab: gradlabStep(job.workload, depth) };
  }
  if (job.backend !== 'tfjs-cpu' && job.backend !== 'tfjs-wasm') throw new Error(`${job.backend} runs in its own process (see main.ts)`);
  const { loadTfjs, tfjsStep } = await import('./workloads/tfjs');
  const tf = await loadTfjs(job.backend === 'tfjs-wasm' ? 'wasm' : 'cpu');
  return { [job.backend]: tfjsStep(tf, job.workload, depth) };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as Job;
  const result = measure(await buildSteps(job), job.timing);
  process.stdout.write(RESULT_PREFIX + JSON.stringify(result) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
