import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfig, type CheckOptions } from '../../training/config';
import { ConfigChecks, type ConfigDocument } from './configChecks';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const XOR = readFileSync(join(EXAMPLES, 'xor.gradlab.json'), 'utf8');

/** An open document as VS Code hands it to the extension: edits bump its version. */
class Doc implements ConfigDocument {
  version = 1;
  constructor(readonly uri: string, private text: string) {}
  getText(): string {
    return this.text;
  }
  edit(text: string): void {
    this.text = text;
    this.version++;
  }
}

/** The checks, with checkConfig wrapped by a counter (the product passes checkConfig itself). */
function counted(memoryLimitBytes: () => number | undefined = () => undefined) {
  const calls: { text: string; options: CheckOptions }[] = [];
  const checks = new ConfigChecks(memoryLimitBytes, (text, options) => {
    calls.push({ text, options });
    return checkConfig(text, options);
  });
  return { checks, calls };
}

/**
 * What the host reads on a save of a live config: the diagnostics check it, the live loop asks whether it
 * is valid and, when the restart policy fires, takes its config for the worker.
 */
function save(checks: ConfigChecks, document: Doc): void {
  checks.get(document); // ConfigDiagnostics: onDidSaveTextDocument
  checks.get(document); // LiveLoop.changed: valid? (and the config the restart policy keeps)
  checks.get(document); // Start Training, when the user runs it: refuses a config with errors
}

describe('extension/training: ConfigChecks (one check per version of a config)', () => {
  it('parses a saved version once, whoever asks', () => {
    const { checks, calls } = counted();
    const doc = new Doc('file:///w/xor.gradlab.json', XOR);
    save(checks, doc);
    assert.equal(calls.length, 1);
    save(checks, doc); // saved again unchanged
    assert.equal(calls.length, 1);
    doc.edit(XOR.replace(/"lr":\s*[0-9.]+/, '"lr": 0.3'));
    checks.get(doc); // the diagnostics after the typing pause
    save(checks, doc);
    assert.equal(calls.length, 2, 'one more parse for the edited version, none for its save');
    assert.equal(checks.get(doc).config?.optimizer.lr, 0.3);
  });

  it('counts N saves of N versions as N parses, for several files at once', () => {
    const { checks, calls } = counted();
    const a = new Doc('file:///w/a.gradlab.json', XOR);
    const b = new Doc('file:///w/b.gradlab.json', XOR);
    for (let i = 1; i <= 20; i++) {
      a.edit(XOR.replace(/"lr":\s*[0-9.]+/, `"lr": ${i / 100}`));
      save(checks, a);
      save(checks, b);
    }
    assert.equal(calls.length, 21);
  });

  it('checks again when the memory limit changes, and passes the limit on', () => {
    const setting: { mb?: number } = {};
    const { checks, calls } = counted(() => setting.mb && setting.mb * 1e6);
    const doc = new Doc('file:///w/xor.gradlab.json', XOR);
    save(checks, doc);
    setting.mb = 0.001; // 1 kB: no config fits
    const result = checks.get(doc);
    assert.equal(calls.length, 2);
    assert.equal(calls[1]!.options.memoryLimitBytes, 1000);
    assert.equal(result.config, undefined);
    assert.ok(result.problems.some((p) => p.severity === 'error'));
  });

  it('does not trust a version number across a close and reopen', () => {
    const { checks, calls } = counted();
    const doc = new Doc('file:///w/xor.gradlab.json', XOR);
    save(checks, doc);
    checks.forget(doc.uri);
    const reopened = new Doc(doc.uri, '{ "broken": ');
    assert.equal(checks.get(reopened).config, undefined);
    // Even without forget (a close the host did not hear about), the same version with other text is checked again.
    const again = new Doc(doc.uri, XOR);
    assert.ok(checks.get(again).config);
    assert.equal(calls.length, 3);
  });

  it('hands the worker plain data: every shipped example survives a structured clone unchanged', () => {
    const { checks } = counted();
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.gradlab.json'));
    assert.ok(files.length >= 5);
    for (const f of files) {
      const { config } = checks.get(new Doc(`file:///w/${f}`, readFileSync(join(EXAMPLES, f), 'utf8')));
      assert.ok(config, f);
      assert.deepStrictEqual(structuredClone(config), config, f);
    }
  });
});
