/**
 * Translated strings for the page. The host passes a table keyed by the English text; a missing key
 * falls back to English. `{0}`-style placeholders match vscode.l10n.t's.
 */
let table: Readonly<Record<string, string>> = {};

export function setStrings(strings: Readonly<Record<string, string>>): void {
  table = strings;
}

export function t(english: string, ...args: Array<string | number>): string {
  const template = table[english] ?? english;
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}
