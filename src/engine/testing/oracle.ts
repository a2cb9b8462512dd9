/**
 * Test support for the PyTorch oracle (test/fixtures/oracle, format in its README.md): loading,
 * decoding tensors, the two comparison rules, and a per-file tally of passed cases.
 *
 * This file runs only under mocha in Node (it reads files), so src/engine/tsconfig.json leaves
 * the testing/ folder out of the purity fence; nothing in the engine imports it.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Tensor } from '../tensor';

/** Numbers as the oracle writes them: finite floats, or the strings for non-finite values. */
export type OracleNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export interface OracleTensor {
  shape: number[];
  data: OracleNumber[];
}

/** The oracle folder: $GRADLAB_ORACLE_DIR when set, else test/fixtures/oracle (tests run from the repo root). */
export function oracleDir(): string {
  return resolve(process.env.GRADLAB_ORACLE_DIR ?? join(process.cwd(), 'test', 'fixtures', 'oracle'));
}

/** Parses one oracle file, or returns null when the folder (which must exist) has no such file. */
export function loadOracle<T = unknown>(fileName: string): T | null {
  const dir = oracleDir();
  // A folder may hold only some of the files, but a folder that is not there is a mistake.
  if (!existsSync(dir)) throw new Error(`oracle folder ${dir} does not exist (GRADLAB_ORACLE_DIR=${process.env.GRADLAB_ORACLE_DIR ?? ''})`);
  const path = join(dir, fileName);
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function decodeNumber(v: OracleNumber): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new Error(`not an oracle number: ${JSON.stringify(v)}`);
}

export function decodeArray(values: readonly OracleNumber[]): Float64Array {
  return Float64Array.from(values, decodeNumber);
}

export function toTensor(t: OracleTensor, requiresGrad = false): Tensor {
  return new Tensor(decodeArray(t.data), t.shape, requiresGrad);
}

// ---------------------------------------------------------------------------------------------
// Comparison rules (README "How to compare"). Each returns null on success, else a message
// naming the worst element, for assertion output.

/** Equal including NaN = NaN and same-signed infinities. */
function sameSpecial(a: number, e: number): boolean {
  return (Number.isNaN(a) && Number.isNaN(e)) || a === e;
}

/** |actual - expected| <= rtol·|expected| + atol for every element. */
export function compareElementwise(
  actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number,
): string | null {
  if (actual.length !== expected.length) return `length ${actual.length}, expected ${expected.length}`;
  let worst = -1, worstRatio = 1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (!Number.isFinite(e) || !Number.isFinite(a)) {
      if (!sameSpecial(a, e)) return `element ${i}: ${a}, expected ${e}`;
      continue;
    }
    const err = Math.abs(a - e);
    if (err === 0) continue; // exact (also when the tolerance is 0: atol 0 with expected 0)
    const ratio = err / (rtol * Math.abs(e) + atol);
    if (ratio > worstRatio) { worstRatio = ratio; worst = i; }
  }
  if (worst < 0) return null;
  return `element ${worst}: ${actual[worst]}, expected ${expected[worst]} ` +
    `(error ${Math.abs(actual[worst] - expected[worst]).toExponential(2)} is ${worstRatio.toFixed(1)}× the tolerance)`;
}

/** max|actual - expected| <= rtol · max|expected| over the tensor; all-zero expected must match exactly. */
export function compareNormwise(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number): string | null {
  if (actual.length !== expected.length) return `length ${actual.length}, expected ${expected.length}`;
  let scale = 0, maxErr = 0, at = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (!Number.isFinite(e) || !Number.isFinite(a)) {
      if (!sameSpecial(a, e)) return `element ${i}: ${a}, expected ${e}`;
      continue;
    }
    scale = Math.max(scale, Math.abs(e));
    const err = Math.abs(a - e);
    if (!(err <= maxErr)) { maxErr = err; at = i; }
  }
  if (maxErr <= rtol * scale) return null;
  return `max error ${maxErr.toExponential(3)} at element ${at} (${actual[at]} vs ${expected[at]}) ` +
    `exceeds ${rtol} × max|expected| = ${(rtol * scale).toExponential(3)}`;
}

/** Collects comparison failures of one case, so a case reports every quantity that failed. */
export class CaseCheck {
  readonly failures: string[] = [];

  elementwise(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number): void {
    const m = compareElementwise(actual, expected, rtol, atol);
    if (m !== null) this.failures.push(`${what}: ${m}`);
  }

  normwise(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number): void {
    const m = compareNormwise(actual, expected, rtol);
    if (m !== null) this.failures.push(`${what}: ${m}`);
  }

  exact(what: string, ok: boolean, detail: string): void {
    if (!ok) this.failures.push(`${what}: ${detail}`);
  }

  /** Throws one error listing every failure (call at the end of the case). */
  assertAll(): void {
    if (this.failures.length > 0) throw new Error(this.failures.join('\n'));
  }
}

/**
 * Counts passed and failed tests in the enclosing describe and prints one summary line for the
 * file, e.g. "oracle activations.json: 80/80 cases passed". Call inside a describe block.
 */
export function tallyOracleCases(fileName: string): void {
  let passed = 0, total = 0;
  afterEach(function () {
    total++;
    if (this.currentTest?.state === 'passed') passed++;
  });
  after(() => {
    console.log(`    oracle ${fileName} (${oracleDir()}): ${passed}/${total} cases passed`);
  });
}

/**
 * describe(`oracle: <file>`) with the file loaded, its cases tallied, and a skip (not a failure)
 * when the oracle folder has no such file. `body` declares one `it` per case.
 */
export function describeOracle<T>(fileName: string, body: (oracle: T) => void): void {
  const oracle = loadOracle<T>(fileName);
  describe(`oracle: ${fileName}`, () => {
    if (oracle === null) {
      it.skip(`${fileName} is not in ${oracleDir()}`);
      return;
    }
    tallyOracleCases(fileName);
    body(oracle);
  });
}
