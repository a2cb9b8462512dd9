import * as vscode from 'vscode';
import { checkConfig, renderMessage, type Message, type Problem } from '../../training/config';
import { Disposable, toDisposable } from '../disposable';

/** Files the training feature owns. */
export function isGradlabConfig(document: vscode.TextDocument): boolean {
  return /\.gradlab\.json$/i.test(document.uri.path);
}

/** Typing pauses this long before a file is checked again (opening and saving check at once). */
const EDIT_DEBOUNCE_MS = 150;

export const DIAGNOSTIC_SOURCE = 'gradlab';

/** A problem's message in the display language (templates in l10n/parts/diagnostics.zh-cn.json; the CLI stays English). */
export function localizedMessage(text: Message): string {
  return renderMessage(text, (template, args) => vscode.l10n.t(template, ...args));
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

  constructor() {
    super();
    this.register(toDisposable(() => {
      for (const timer of this.pending.values()) clearTimeout(timer);
      this.pending.clear();
    }));
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.check(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(vscode.workspace.onDidSaveTextDocument((d) => this.check(d)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)));
    for (const d of vscode.workspace.textDocuments) this.check(d);
  }

  /** The diagnostics currently shown for a document (for tests and the live loop). */
  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  check(document: vscode.TextDocument): void {
    if (this.isDisposed || !isGradlabConfig(document)) return;
    this.cancel(document.uri);
    const mb = vscode.workspace.getConfiguration('gradientLab.training').get<number>('memoryLimitMB');
    const { problems } = checkConfig(document.getText(), { memoryLimitBytes: typeof mb === 'number' && mb > 0 ? mb * 1e6 : undefined });
    this.collection.set(document.uri, problems.map((p) => toDiagnostic(document, p)));
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
    this.collection.delete(document.uri);
  }
}
