import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * Shade 8 of Mantine's blue (#1971c2) keeps white text at ≥ 4.5:1 (WCAG AA);
 * the default shade 6 does not.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 4 },
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '700' },
  cursorType: 'pointer',
});

/**
 * Darker "dimmed" text than Mantine's default (gray.6 fails contrast on white), and a
 * darker error red: red.8 (#e03131) is just under 4.5:1 for a field's error message.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7] ?? '#495057',
    '--mantine-color-placeholder': t.colors.gray[7] ?? '#495057',
    '--mantine-color-error': t.colors.red[9] ?? '#c92a2a',
  },
  dark: {},
});
