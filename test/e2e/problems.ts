// Which browser console messages fail an e2e test. The workbench itself logs noise that is not ours (an offline
// extension gallery, a missing vsda.wasm, sandbox warnings), so only these count:
//  - any Content-Security-Policy violation, in any frame (CSP is how the webviews are locked down);
//  - errors inside webviews, or about their resources (vscode-resource URLs: a missing bundle or style sheet);
//    Chromium reports console.error from a webview's inner document (which VS Code writes into the frame)
//    without a location, while the workbench's own messages always carry one;
//  - uncaught page errors;
//  - workbench errors that name the extension or its files (failed activation, unhandled rejections in the host).
import { repoRoot } from '../../scripts/code-server.mjs';

export interface ConsoleEntry { type: string; text: string; url: string }

const CSP = /content[- ]security[- ]policy/i;
const OURS = new RegExp(['gradient-lab', 'gradientLab', repoRoot.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')].join('|'));

export function isProblem(e: ConsoleEntry): boolean {
  if (CSP.test(e.text)) return true;
  if (e.type === 'pageerror') return true;
  if (e.type !== 'error') return false;
  return e.url === '' || e.url.includes('/webview/') || e.url.includes('vscode-resource') || OURS.test(e.text);
}
