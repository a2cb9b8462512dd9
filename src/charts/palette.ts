/** The chart series colours of each kind of VS Code theme (pure data: the pages draw with them, tests look for them). */

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/**
 * Curve colours, told apart by hue alone for every kind of colour vision: the Okabe-Ito palette,
 * lightened on dark backgrounds and deepened on light ones so that each keeps its contrast. The
 * theme's --vscode-charts-* colours are not colour-blind safe (its red and green differ only by hue).
 * The seventh is a violet, not Okabe-Ito's second blue, which beside the sky blue looks the same on screen.
 * Page elements that name a curve (legend keys, swatches, lesson stripes) read the same colours through
 * the CSS variables --gl-series-0 … --gl-series-7 (webview/common/theme.ts sets them).
 */
export const SERIES_COLORS: Readonly<Record<ThemeKind, readonly string[]>> = {
  dark: ['#56b4e9', '#e69f00', '#2ecc9a', '#e08cc0', '#ff7a3d', '#f0e442', '#a993ff', '#bbbbbb'],
  'high-contrast': ['#56b4e9', '#e69f00', '#2ecc9a', '#e08cc0', '#ff7a3d', '#f0e442', '#a993ff', '#ffffff'],
  light: ['#0072b2', '#c77c00', '#007a5a', '#b0588f', '#c24e00', '#8a7d00', '#6a4fc8', '#555555'],
  'high-contrast-light': ['#005a8c', '#a06000', '#006048', '#8f3f72', '#a03c00', '#6b6000', '#5a3fb0', '#000000'],
};
