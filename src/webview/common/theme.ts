/**
 * Canvas charts cannot use CSS variables directly: read the --vscode-* colours with getComputedStyle,
 * and read them again whenever VS Code switches theme (it changes the body's class) or the host sends
 * a new chart text size.
 */
import type { ChartPalette } from '../../charts/chartModel';
import { SERIES_COLORS, type ThemeKind } from '../../charts/palette';

/** The chart palette plus which kind of theme it came from. */
export interface ThemeColors extends ChartPalette {
  readonly kind: ThemeKind;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}


/** The chart text size the host sent last (gradientLab.chartFontSize); before that, the one in the page's HTML. */
let chartFontSize: number | undefined;

function currentChartFontSize(): number | undefined {
  if (chartFontSize !== undefined) return chartFontSize;
  const fromHtml = Number(document.body.dataset.chartFontSize);
  return fromHtml > 0 ? fromHtml : undefined;
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
    series: [...SERIES_COLORS[kind]],
    fontFamily: cssVar(s, '--vscode-font-family', 'sans-serif'),
    fontSize: currentChartFontSize() ?? (parseFloat(cssVar(s, '--vscode-font-size', '13')) || 13),
    kind,
  };
}

/** Calls `onChange` with fresh colours after each theme switch. Returns a function that stops watching. */
export function watchTheme(onChange: (theme: ThemeColors) => void): () => void {
  const observer = new MutationObserver(() => {
    const theme = readTheme();
    applySeriesColors(theme);
    onChange(theme);
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  // The host's chartText message (ChartTextMessage) is not part of any panel's protocol: read it here.
  const onMessage = (event: MessageEvent<unknown>) => {
    const m = event.data as { type?: unknown; fontSize?: unknown } | null;
    if (m?.type !== 'chartText' || typeof m.fontSize !== 'number' || !(m.fontSize > 0)) return;
    chartFontSize = m.fontSize;
    applyChartFontSize();
    onChange(readTheme());
  };
  window.addEventListener('message', onMessage);
  applyChartFontSize();
  applySeriesColors(readTheme());
  return () => {
    observer.disconnect();
    window.removeEventListener('message', onMessage);
  };
}

/** Legend keys, swatches and lesson stripes take the very colours the canvas draws the curves with. */
function applySeriesColors(theme: ThemeColors): void {
  theme.series.forEach((color, i) => document.documentElement.style.setProperty(`--gl-series-${i}`, color));
}

/** Page text that belongs to the charts (legends, readouts) follows the same size, through a CSS variable. */
function applyChartFontSize(): void {
  const size = currentChartFontSize();
  if (size !== undefined) document.documentElement.style.setProperty('--gl-chart-font-size', `${size}px`);
}
