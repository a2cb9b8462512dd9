import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { WebviewBoot } from '../../protocol';
import { chartFontSize } from './chartText';
import { isTestMode } from '../testMode';

/**
 * Builds a webview page with a strict Content-Security-Policy: nothing by default, scripts only by a
 * fresh nonce, styles and images only from the extension's own folders. Boot data travels in a data
 * attribute (HTML-escaped), never interpolated into script.
 */
export interface WebviewPage {
  /** Bundle under dist/webview/, without extension, e.g. 'activation'. */
  readonly bundle: string;
  readonly title: string;
  readonly boot: WebviewBoot;
  /** Extra style sheets under media/ or dist/webview/, relative to the extension root. */
  readonly styles?: readonly string[];
  /** Set when the page starts web workers from blob: URLs. */
  readonly usesWorkers?: boolean;
  /**
   * Set when the page or its workers run the engine, which compiles its small WebAssembly kernels:
   * adds 'wasm-unsafe-eval', which allows WebAssembly compilation and nothing else (no eval).
   */
  readonly runsEngine?: boolean;
}

/** The folders a webview may load from: the built bundles and media. Nothing in the workspace. */
export function webviewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: webviewResourceRoots(extensionUri) };
}

export function renderWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const asUri = (relative: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...relative.split('/')));
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'${page.runsEngine ? ` 'wasm-unsafe-eval'` : ''}`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data: blob:`,
    `font-src ${webview.cspSource}`,
    page.usesWorkers ? `worker-src blob:` : '',
    page.usesWorkers ? `connect-src ${webview.cspSource}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const styles = ['media/webview.css', ...(page.styles ?? [])]
    .map((s) => `<link rel="stylesheet" href="${asUri(s)}">`)
    .join('\n    ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(page.boot.locale)}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${escapeHtml(page.title)}</title>
  </head>
  <body data-boot="${escapeHtml(JSON.stringify({ ...page.boot, testHooks: isTestMode() }))}" data-chart-font-size="${chartFontSize()}">
    <div id="app"></div>
    <script nonce="${nonce}" src="${asUri(`dist/webview/${page.bundle}.js`)}"></script>
  </body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
