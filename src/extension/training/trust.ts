/**
 * Restricted Mode (an untrusted workspace): a config may read data only inside the workspace
 * folders, since a config received from someone else could otherwise point the trainer at any
 * file the user can read. No vscode import, so the rule is unit-tested as it is.
 */
import { getNodeValue, parseTree } from 'jsonc-parser';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/** The data folder the config at `configPath` would read, resolved, when it lies outside every folder in `roots`. */
export function dataFolderOutside(configText: string, configPath: string, roots: readonly string[]): string | undefined {
  const tree = parseTree(configText, [], { allowTrailingComma: true });
  const value = tree ? (getNodeValue(tree) as unknown) : undefined;
  const data = typeof value === 'object' && value !== null ? (value as { data?: unknown }).data : undefined;
  const folder = typeof data === 'object' && data !== null ? (data as { folder?: unknown }).folder : undefined;
  if (typeof folder !== 'string') return undefined;
  const target = isAbsolute(folder) ? resolve(folder) : resolve(dirname(configPath), folder);
  const inside = roots.some((root) => {
    const rel = relative(resolve(root), target);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  });
  return inside ? undefined : target;
}
