/**
 * A file name a page suggested, made safe for a save dialog: no folder separators or characters
 * Windows forbids, no control characters, not empty, not absurdly long (the extension is kept).
 */
export function safeFileName(suggested: string, fallback = 'export'): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  let name = suggested.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  if (name.length > 120) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, 120 - ext.length) + ext;
  }
  return name || fallback;
}
