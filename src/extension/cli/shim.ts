/**
 * The `gradlab` launcher that "Use gradlab in the Terminal" puts on the integrated terminal's PATH. It runs the CLI
 * bundled in the extension with the runtime of the extension host itself (VS Code's Electron in node mode, or Node
 * for a server), so a terminal needs no Node installation of its own. No vscode import: unit-tested as is.
 */
export interface ShimFile {
  readonly name: string;
  readonly text: string;
  readonly executable: boolean;
}

/** 'it''s' quoting for sh: everything literal. */
function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** cmd.exe: a quoted path with % doubled (cmd expands %VAR% even inside quotes). */
function cmdQuote(s: string): string {
  return `"${s.replace(/%/g, '%%')}"`;
}

/** The launcher for this platform: `gradlab` (sh) elsewhere, `gradlab.cmd` on Windows. */
export function cliShim(platform: NodeJS.Platform, runtime: string, cliPath: string, version: string): ShimFile {
  const note = `gradlab ${version}, the CLI of the Gradient Lab extension (written by "Gradient Lab: Use gradlab in the Terminal")`;
  if (platform === 'win32') {
    return {
      name: 'gradlab.cmd',
      executable: false,
      text: ['@echo off', `rem ${note}`, 'setlocal', 'set ELECTRON_RUN_AS_NODE=1', `${cmdQuote(runtime)} ${cmdQuote(cliPath)} %*`, ''].join('\r\n'),
    };
  }
  return {
    name: 'gradlab',
    executable: true,
    text: ['#!/bin/sh', `# ${note}`, `ELECTRON_RUN_AS_NODE=1 exec ${shQuote(runtime)} ${shQuote(cliPath)} "$@"`, ''].join('\n'),
  };
}
