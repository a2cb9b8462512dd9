/**
 * The English strings every chart may show by itself (whatever page it is on). Each page's string
 * table includes CHART_STRING_LIST, so the host translates them with the page's own strings.
 */
export const CHART_STRINGS = {
  drawFailed: 'This chart could not be drawn: {0}',
} as const;

export const CHART_STRING_LIST: readonly string[] = Object.values(CHART_STRINGS);
