import * as vscode from 'vscode';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { renderMessage, type Message, type Problem } from '../../training/config';
import type { TrainingConfig } from '../../training/config/types';
import { Disposable, toDisposable } from '../disposable';
import type { ConfigChecks } from './configChecks';

/** Files the training feature owns. */
export function isGradlabConfig(document: vscode.TextDocument): boolean {
  return /\.gradlab\.json$/i.test(document.uri.path);
}

/** Typing pauses this long before a file is checked again (opening and saving check at once). */
const EDIT_DEBOUNCE_MS = 150;

export const DIAGNOSTIC_SOURCE = 'gradlab';
/** The code of the diagnostic on a "mnist-full" config when the full set is not on this machine (its quick fix downloads it). */
export const FULL_MNIST_MISSING_CODE = 'mnist-full-missing';

/**
 * A valid "mnist-full" config on a machine without the full set: the file is right, the data is
 * missing, so a warning on the dataset's name whose quick fix runs Get Full MNIST.
 */
function fullMnistDiagnostics(document: vscode.TextDocument, config: TrainingConfig | undefined, available: () => boolean): vscode.Diagnostic[] {
  if (config?.data.kind !== 'mnist-full' || available()) return [];
  const node = findNodeAtLocation(parseTree(document.getText()) ?? { type: 'null', offset: 0, length: 0 }, ['data', 'dataset']);
  const range = node
    ? new vscode.Range(document.positionAt(node.offset), document.positionAt(node.offset + node.length))
    : new vscode.Range(0, 0, 0, 1);
  const d = new vscode.Diagnostic(range,
    vscode.l10n.t('The full MNIST is not on this machine yet: run Get Full MNIST (11.5 MB) or set gradientLab.mnistIdxFolder.'),
    vscode.DiagnosticSeverity.Warning);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = FULL_MNIST_MISSING_CODE;
  return [d];
}

/** A problem's message in the display language (templates in l10n/parts/diagnostics.zh-cn.json; the CLI stays English). */
export function localizedMessage(text: Message): string {
  return renderMessage(text, (template, args) => vscode.l10n.t(template, ...args));
}

/** Errors another service (VS Code's JSON service) shows for a document. */
function foreignErrors(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source !== DIAGNOSTIC_SOURCE && d.severity === vscode.DiagnosticSeverity.Error);
}

/**
 * The errors of a config as the Problems panel and the status bar count them (ours and the JSON
 * service's), in document order: what Train refuses with and what the live view names.
 */
export function shownErrors(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
    .sort((a, b) => a.range.start.compareTo(b.range.start));
}

export function toDiagnostic(document: vscode.TextDocument, p: Problem): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(p.start), document.positionAt(p.end));
  const d = new vscode.Diagnostic(
    range,
    localizedMessage(p.text),
    p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  d.source = DIAGNOSTIC_SOURCE;
  d.code = p.code;
  return d;
}

/**
 * The Problems-panel entries of every open *.gradlab.json: the same checks as `gradlab validate`
 * (syntax, schema, semantic), at the exact key or value. VS Code's JSON service gets a copy of the
 * schema without constraints (schemas/gradlab.editor.schema.json): it completes and explains keys and
 * values, and leaves the schema problems to these diagnostics, so none is reported twice.
 */
export class ConfigDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Per document: the other services' errors the last check took into account. */
  private readonly foreignLines = new Map<string, string>();

  /**
   * `checks`: the checked state shared with the live loop (one check per version of a file).
   * `fullMnistAvailable`: whether a "mnist-full" config's files are on this machine.
   */
  constructor(private readonly checks: ConfigChecks, private readonly fullMnistAvailable: () => boolean = () => true) {
    super();
    this.register(toDisposable(() => {
      for (const timer of this.pending.values()) clearTimeout(timer);
      this.pending.clear();
    }));
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.check(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(vscode.workspace.onDidSaveTextDocument((d) => this.check(d)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)));
    this.register(vscode.languages.onDidChangeDiagnostics((e) => this.foreignChanged(e.uris)));
    for (const d of vscode.workspace.textDocuments) this.check(d);
  }

  /** The diagnostics currently shown for a document (for tests and the live loop). */
  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  check(document: vscode.TextDocument): void {
    if (this.isDisposed || !isGradlabConfig(document)) return;
    this.cancel(document.uri);
    const { problems, config } = this.checks.get(document);
    // One message per syntax problem. VS Code's JSON service reports JSONC syntax errors in every
    // *.gradlab.json too ("Expected comma"), and an extension cannot turn those off for one file type, so
    // where it already reports an error on a line we leave that line's syntax problem to it: its wording is
    // the one users know from every other JSON file, and VS Code translates it. Ours stays wherever the JSON
    // service is silent (NaN, Infinity, a file too deep or too large) and for everything beyond syntax.
    const foreign = foreignErrors(document.uri);
    this.foreignLines.set(document.uri.toString(), foreign.map((d) => `${d.range.start.line}:${d.message}`).join('|'));
    const taken = new Set(foreign.map((d) => d.range.start.line));
    const shown = problems.filter((p) => p.code !== 'syntax' || !taken.has(document.positionAt(p.start).line));
    this.collection.set(document.uri, [...shown.map((p) => toDiagnostic(document, p)), ...fullMnistDiagnostics(document, config, this.fullMnistAvailable)]);
  }

  /** Checks every open config again (when something outside the files changed, e.g. the full MNIST arrived). */
  refresh(): void {
    for (const d of vscode.workspace.textDocuments) this.check(d);
  }

  /** The JSON service's errors changed for a config: check it again against them. */
  private foreignChanged(uris: readonly vscode.Uri[]): void {
    for (const uri of uris) {
      const key = uri.toString();
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      if (!document || !isGradlabConfig(document) || this.pending.has(key)) continue;
      const now = foreignErrors(uri).map((d) => `${d.range.start.line}:${d.message}`).join('|');
      if (now !== (this.foreignLines.get(key) ?? '')) this.check(document);
    }
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isGradlabConfig(document)) return;
    this.cancel(document.uri);
    const key = document.uri.toString();
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      if (!document.isClosed) this.check(document);
    }, EDIT_DEBOUNCE_MS));
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.pending.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.pending.delete(key);
  }

  private forget(document: vscode.TextDocument): void {
    this.cancel(document.uri);
    this.foreignLines.delete(document.uri.toString());
    this.collection.delete(document.uri);
  }
}
