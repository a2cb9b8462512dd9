import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';

const SUFFIX = '.gradlab.json';
const MAX_TEMPLATE_BYTES = 1_000_000;

export interface ConfigTemplate {
  /** File name without .gradlab.json, e.g. "mnist-softmax". */
  readonly id: string;
  readonly uri: vscode.Uri;
  readonly title: string;
  readonly description: string;
}

/** Options for scripted use (tests, other commands): skip the pickers. */
export interface NewConfigOptions {
  readonly template?: string;
  readonly target?: vscode.Uri;
}

/** The ready configs shipped in the extension's examples/ folder, titled by their "name". */
export async function listTemplates(extensionUri: vscode.Uri): Promise<ConfigTemplate[]> {
  const folder = vscode.Uri.joinPath(extensionUri, 'examples');
  const entries = await vscode.workspace.fs.readDirectory(folder);
  const out: ConfigTemplate[] = [];
  for (const [file, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
    if (type !== vscode.FileType.File || !file.endsWith(SUFFIX)) continue;
    const uri = vscode.Uri.joinPath(folder, file);
    // A template is a few hundred bytes: a huge file in the folder is skipped, not read.
    if ((await vscode.workspace.fs.stat(uri)).size > MAX_TEMPLATE_BYTES) continue;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const value = parse(text) as { name?: unknown; description?: unknown } | undefined;
    const id = file.slice(0, -SUFFIX.length);
    out.push({
      id,
      uri,
      title: typeof value?.name === 'string' ? value.name : id,
      description: typeof value?.description === 'string' ? value.description : '',
    });
  }
  return out;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * `<folder>/<id>.gradlab.json`, or `<id>-2.gradlab.json`, ... if taken by a file or by an open unsaved
 * copy that will be saved there: never overwrite a file.
 */
export async function freeName(folder: vscode.Uri, id: string): Promise<vscode.Uri> {
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.path));
  for (let n = 1; ; n++) {
    const candidate = vscode.Uri.joinPath(folder, `${n === 1 ? id : `${id}-${n}`}${SUFFIX}`);
    if (!open.has(candidate.path) && !(await exists(candidate))) return candidate;
  }
}

async function pickTemplate(templates: readonly ConfigTemplate[]): Promise<ConfigTemplate | undefined> {
  const picked = await vscode.window.showQuickPick(
    templates.map((t) => ({ label: t.title, description: `${t.id}${SUFFIX}`, detail: t.description || undefined, template: t })),
    { title: vscode.l10n.t('New Training Config'), placeHolder: vscode.l10n.t('Start from which example?'), matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.template;
}

async function pickTarget(template: ConfigTemplate): Promise<vscode.Uri | undefined> {
  const folder = vscode.window.activeTextEditor
    ? vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri)?.uri
    : vscode.workspace.workspaceFolders?.[0]?.uri;
  if (folder) return freeName(folder, template.id);
  return vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save the new training config'),
    filters: { [vscode.l10n.t('Gradient Lab config')]: ['gradlab.json'] },
  });
}

/** Creates a config from a template and opens it; returns the new file, or undefined if cancelled. */
export async function newTrainingConfig(extensionUri: vscode.Uri, options: NewConfigOptions = {}): Promise<vscode.Uri | undefined> {
  const templates = await listTemplates(extensionUri);
  const template = options.template !== undefined ? templates.find((t) => t.id === options.template) : await pickTemplate(templates);
  if (!template) {
    if (options.template !== undefined) {
      void vscode.window.showErrorMessage(vscode.l10n.t('No training config template named {0}.', options.template));
    }
    return undefined;
  }
  let target = options.target ?? (await pickTarget(template));
  if (!target) return undefined;
  if (!target.path.endsWith(SUFFIX)) target = target.with({ path: target.path.replace(/(\.json)?$/, SUFFIX) });
  await vscode.workspace.fs.writeFile(target, await vscode.workspace.fs.readFile(template.uri));
  await vscode.window.showTextDocument(target, { preview: false });
  return target;
}

export function registerNewConfigCommand(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand('gradientLab.newConfig', (options?: NewConfigOptions) =>
    newTrainingConfig(extensionUri, options && typeof options === 'object' && !(options instanceof vscode.Uri) ? options : {}),
  );
}
