/**
 * The checked state of each open config, one check per document version: the diagnostics, the live
 * loop, Start Training and Export all read it, so a save parses and validates the file once, and
 * the training worker gets the validated config rather than text to parse again. No vscode import
 * (a document is read through the few members used), so the counting is unit-tested as it is.
 */
import { checkConfig, type CheckOptions, type CheckResult } from '../../training/config';

/** What a check reads of a vscode.TextDocument. */
export interface ConfigDocument {
  readonly uri: { toString(): string };
  readonly version: number;
  getText(): string;
}

export type CheckFunction = (text: string, options: CheckOptions) => CheckResult;

interface Checked {
  readonly version: number;
  readonly text: string;
  readonly memoryLimitBytes: number | undefined;
  readonly result: CheckResult;
}

export class ConfigChecks {
  /** Per document URI: its latest version checked (older versions are never asked for again). */
  private readonly latest = new Map<string, Checked>();

  /**
   * `memoryLimitBytes`: the setting, read at each check (a changed limit checks the file again).
   * `check`: checkConfig; a test passes one that counts.
   */
  constructor(
    private readonly memoryLimitBytes: () => number | undefined,
    private readonly check: CheckFunction = checkConfig,
  ) {}

  /** The syntax, schema and semantic problems of the document as it is now, and its config when it has no errors. */
  get(document: ConfigDocument): CheckResult {
    const key = document.uri.toString();
    const memoryLimitBytes = this.memoryLimitBytes();
    const known = this.latest.get(key);
    const text = document.getText();
    // The text is compared too (a cheap string compare): a version number alone would be trusted across a close and reopen.
    if (known && known.version === document.version && known.text === text && known.memoryLimitBytes === memoryLimitBytes) return known.result;
    const result = this.check(text, { memoryLimitBytes });
    this.latest.set(key, { version: document.version, text, memoryLimitBytes, result });
    return result;
  }

  /** The document was closed: its version numbers start afresh if it is opened again. */
  forget(uri: { toString(): string }): void {
    this.latest.delete(uri.toString());
  }
}
