// The README that goes into the .vsix (package.json "vsce".readmePath = dist/README.md), written by every build.
// Images on the extension's details page must come from https: VS Code renders the page in a webview whose CSP is
// `img-src https: data:`, and vsce refuses any image that is not https. Relative images shipped in the package
// would therefore show nowhere, and the project has no public host to link them absolutely. So, until
// package.json sets "vsce".baseImagesUrl / baseContentUrl (then vsce rewrites relative links itself and this
// copies the README unchanged), each relative image becomes its caption and each relative link its text.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// vsce's own pattern for Markdown links and images (MarkdownProcessor), so exactly what it would reject is rewritten.
// eslint-disable-next-line no-useless-escape -- kept character for character as vsce writes it
const MARKDOWN_LINK = /(!?)\[([^\]\[]*|!\[[^\]\[]*]\([^\)]+\))\]\(([^\)]+)\)/g;
const HTML_IMG = /<(?:img|video)[^>]+src=["']([^"']+)['"][^>]*>/gm;
const isRelative = (link) => !/^\w+:/.test(link) && !link.startsWith('#');

/** README text for the package: relative images -> "*Screenshot: caption*", relative links -> their text. */
export function packageReadme(markdown, { baseImagesUrl, baseContentUrl } = {}) {
  const keepImages = Boolean(baseImagesUrl || baseContentUrl);
  const keepLinks = Boolean(baseContentUrl);
  return markdown
    .replace(MARKDOWN_LINK, (all, bang, text, link) => {
      if (!isRelative(link.trim())) return all;
      if (bang) return keepImages ? all : `*Screenshot: ${text.replace(/\s+/g, ' ').trim()}*`;
      return keepLinks ? all : text;
    })
    .replace(HTML_IMG, (all, src) => (isRelative(src) && !keepImages ? '' : all));
}

/** Writes the package README where package.json's "vsce".readmePath points (dist/README.md). */
export function writePackageReadme(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const out = join(root, manifest.vsce?.readmePath ?? 'dist/README.md');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, packageReadme(readFileSync(join(root, 'README.md'), 'utf8'), manifest.vsce ?? {}));
}
