import {
  createTheme,
  darken,
  DEFAULT_THEME,
  defaultVariantColorsResolver,
  parseThemeColor,
  toRgba,
  type CSSVariablesResolver,
  type MantineColorsTuple,
  type MantineTheme,
  type VariantColorsResolver,
} from '@mantine/core';

/** WCAG 2.1 AA for normal text (1.4.3). */
export const MIN_CONTRAST = 4.5;
const WHITE = '#ffffff';

function linear(channel: number): number {
  const value = channel / 255;
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of an opaque colour (hex or rgb[a]()). */
function luminance(color: string): number {
  const { r, g, b } = toRgba(color);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The WCAG contrast ratio of two opaque colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** `color`, darkened by steps until it reads at ≥ 4.5:1 on `background`. */
export function readableOn(color: string, background: string): string {
  let current = color;
  for (let step = 0; step < 40 && contrastRatio(current, background) < MIN_CONTRAST; step += 1) {
    current = darken(current, 0.05);
  }
  return current;
}

/**
 * Mantine's oranges are too light for text on white (orange.9 #d9480f is 4.3:1): shades 8
 * and 9 are darker here, so that `c="orange.9"` reads at ≥ 4.5:1 on white and on orange.0.
 */
const orange: MantineColorsTuple = [
  ...(DEFAULT_THEME.colors.orange.slice(0, 8) as string[]),
  '#c2410c',
  '#9c3d00',
] as unknown as MantineColorsTuple;

/**
 * Every variant's text at ≥ 4.5:1 on its own background, whatever the colour given.
 * Mantine's default resolver does not ensure it: a `light` badge of `red.9` gets red.9 as
 * its background and red.8 as its text (1.1:1), a `subtle` button of `red.9` is drawn in
 * red.6 (3.3:1), and shade 8 of orange, teal or green fails on white. Here the text colour
 * starts from the colour asked for (the primary shade when none is given) and is darkened
 * until it passes on the background it is drawn on; light backgrounds are shade 0 of the
 * colour (hover: shade 1), filled backgrounds are darkened until white text passes.
 */
export const variantColorResolver: VariantColorsResolver = (input) => {
  const base = defaultVariantColorsResolver(input);
  const { theme, variant } = input;
  const parsed = parseThemeColor({ color: input.color, theme });
  if (!parsed.isThemeColor) return base;
  const palette = theme.colors[parsed.color];
  if (!Array.isArray(palette) || palette.length < 10) return base;
  const shade = parsed.shade ?? (typeof theme.primaryShade === 'number' ? theme.primaryShade : theme.primaryShade.light);
  const color = palette[shade] ?? parsed.value;
  const tint = palette[0];
  const tintHover = palette[1];
  const border = (value: string) => `${base.border?.split(' ')[0] ?? '1px'} solid ${value}`;
  switch (variant) {
    case 'filled': {
      const background = readableOn(color, WHITE);
      return { ...base, background, hover: darken(background, 0.1), color: 'var(--mantine-color-white)' };
    }
    case 'light': {
      const text = readableOn(color, tintHover);
      return { ...base, background: tint, hover: tintHover, color: text };
    }
    case 'outline': {
      const text = readableOn(color, tint);
      return { ...base, background: 'transparent', hover: tint, color: text, border: border(text) };
    }
    case 'subtle':
      return { ...base, background: 'transparent', hover: tint, color: readableOn(color, tint) };
    case 'transparent':
      return { ...base, color: readableOn(color, WHITE) };
    case 'white':
      // Its hover is white darkened by 1 %.
      return { ...base, color: readableOn(color, darken(WHITE, 0.01)) };
    default:
      return base;
  }
};

/**
 * Shade 8 of Mantine's blue (#1971c2) keeps white text at ≥ 4.5:1 (WCAG AA);
 * the default shade 6 does not.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 4 },
  colors: { orange },
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '700' },
  cursorType: 'pointer',
  // Dialogs open without their slide and fade under prefers-reduced-motion (WCAG 2.3.3).
  respectReducedMotion: true,
  variantColorResolver,
  components: {
    // A dialog's header is a <header> outside any sectioning element: a second "banner"
    // landmark beside the page's own. A plain <div> keeps one banner per page.
    ModalHeader: { defaultProps: { component: 'div' } },
    DrawerHeader: { defaultProps: { component: 'div' } },
  },
});

/**
 * The colour variables some components read directly (`--mantine-color-red-light-color`,
 * `-filled`, `-outline`…), made to agree with the resolver above.
 */
function colorVariables(t: MantineTheme): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const name of Object.keys(t.colors)) {
    const palette = t.colors[name];
    if (!palette || palette.length < 10) continue;
    for (const variant of ['filled', 'light', 'outline'] as const) {
      const colors = variantColorResolver({ color: name, theme: t, variant });
      if (variant === 'filled') {
        variables[`--mantine-color-${name}-filled`] = colors.background;
        variables[`--mantine-color-${name}-filled-hover`] = colors.hover;
      } else if (variant === 'light') {
        variables[`--mantine-color-${name}-light`] = colors.background;
        variables[`--mantine-color-${name}-light-hover`] = colors.hover;
        variables[`--mantine-color-${name}-light-color`] = colors.color;
      } else {
        variables[`--mantine-color-${name}-outline`] = colors.color;
        variables[`--mantine-color-${name}-outline-hover`] = colors.hover;
      }
    }
  }
  return variables;
}

/**
 * Darker "dimmed" text than Mantine's default (gray.6 fails contrast on white), and a
 * darker error red: red.8 (#e03131) is just under 4.5:1 for a field's error message.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    ...colorVariables(t),
    '--mantine-color-dimmed': t.colors.gray[7] ?? '#495057',
    '--mantine-color-placeholder': t.colors.gray[7] ?? '#495057',
    '--mantine-color-error': t.colors.red[9] ?? '#c92a2a',
  },
  dark: {},
});
