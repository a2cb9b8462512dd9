/**
 * Canvas charts cannot use CSS variables directly: read the --vscode-* colours with getComputedStyle,
 * and read them again whenever VS Code switches theme (it changes the body's class).
 */
import type { ChartPalette } from '../../charts/chartModel';

/** The chart palette plus which kind of theme it came from. */
export interface ThemeColors extends ChartPalette {
  readonly kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

export function readTheme(): ThemeColors {
  const s = getComputedStyle(document.body);
  const cls = document.body.classList;
  const kind = cls.contains('vscode-high-contrast-light')
    ? 'high-contrast-light'
    : cls.contains('vscode-high-contrast')
      ? 'high-contrast'
      : cls.contains('vscode-light')
        ? 'light'
        : 'dark';
  const fg = cssVar(s, '--vscode-editor-foreground', kind === 'light' ? '#333333' : '#cccccc');
  return {
    foreground: fg,
    background: cssVar(s, '--vscode-editor-background', kind === 'light' ? '#ffffff' : '#1e1e1e'),
    grid: cssVar(s, '--vscode-editorIndentGuide-background1', cssVar(s, '--vscode-panel-border', '#80808040')),
    muted: cssVar(s, '--vscode-descriptionForeground', fg),
    accent: cssVar(s, '--vscode-focusBorder', '#007fd4'),
    error: cssVar(s, '--vscode-errorForeground', '#f14c4c'),
    warning: cssVar(s, '--vscode-editorWarning-foreground', '#cca700'),
    series: [
      cssVar(s, '--vscode-charts-blue', '#3794ff'),
      cssVar(s, '--vscode-charts-orange', '#d18616'),
      cssVar(s, '--vscode-charts-green', '#89d185'),
      cssVar(s, '--vscode-charts-purple', '#b180d7'),
      cssVar(s, '--vscode-charts-red', '#f14c4c'),
      cssVar(s, '--vscode-charts-yellow', '#cca700'),
      cssVar(s, '--vscode-terminal-ansiCyan', '#11a8cd'),
      cssVar(s, '--vscode-terminal-ansiMagenta', '#bc3fbc'),
    ],
    fontFamily: cssVar(s, '--vscode-font-family', 'sans-serif'),
    fontSize: parseFloat(cssVar(s, '--vscode-font-size', '13')) || 13,
    kind,
  };
}

/** Calls `onChange` with fresh colours after each theme switch. Returns a function that stops watching. */
export function watchTheme(onChange: (theme: ThemeColors) => void): () => void {
  const observer = new MutationObserver(() => onChange(readTheme()));
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
