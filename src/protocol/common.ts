/** Messages every webview speaks, whatever its panel. */

import type { Reply } from './rpc';

/** Webview -> host: the page has loaded its script and registered its handlers; the host may post now. */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** A file a page exported: its suggested name and its bytes. */
export interface ExportContent {
  readonly suggestedName: string;
  /** 'text' for SVG/CSV/JSON/Python; 'base64' for PNG. */
  readonly encoding: 'text' | 'base64';
  readonly content: string;
}

/** Webview -> host: save a file the user exported (the webview cannot write files itself). */
export interface ExportFileMessage extends ExportContent {
  readonly type: 'exportFile';
}

/** Webview -> host: something went wrong that the user should hear about through VS Code. */
export interface ShowErrorMessage {
  readonly type: 'showError';
  readonly message: string;
}

export type CommonFromWebview = ReadyMessage | ExportFileMessage | ShowErrorMessage | Reply;

/**
 * Host -> every webview: the chart text size changed (gradientLab.chartFontSize, or the editor font
 * size it follows). Outside each panel's own protocol: the pages' theme watcher handles it.
 */
export interface ChartTextMessage {
  readonly type: 'chartText';
  /** CSS pixels. */
  readonly fontSize: number;
}

/** Boot data the host writes into the page (a data attribute) before the script runs. */
export interface WebviewBoot<State = unknown> {
  /** Translated UI strings keyed by their English text (see src/webview/common/l10n.ts). */
  readonly strings: Readonly<Record<string, string>>;
  readonly locale: string;
  /** State restored by the panel serializer after a window reload, if any. */
  readonly restoredState?: State;
  /** Panel-specific settings (e.g. default number of points). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** The extension runs in test mode: the page answers the test hooks (testHooks.ts). */
  readonly testHooks?: boolean;
}
