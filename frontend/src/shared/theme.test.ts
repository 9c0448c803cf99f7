import { mergeMantineTheme, DEFAULT_THEME, type MantineColor } from '@mantine/core';
import { describe, expect, it } from 'vitest';

import { contrastRatio, cssVariablesResolver, MIN_CONTRAST, theme } from './theme';

const full = mergeMantineTheme(DEFAULT_THEME, theme);
const WHITE = '#ffffff';
const VARIANTS = ['filled', 'light', 'outline', 'subtle', 'transparent', 'white'] as const;
/** The colours the app gives to badges, buttons and alerts, and every palette without a shade. */
const COLORS = [
  ...Object.keys(full.colors),
  'red.9',
  'red.8',
  'blue.9',
  'teal.9',
  'orange.9',
  'gray.8',
  'grape.9',
];

/** What a variant draws: the text colour on its (opaque) background. */
function drawn(color: string, variant: (typeof VARIANTS)[number]) {
  const resolver = full.variantColorResolver;
  const colors = resolver({ color: color as MantineColor, theme: full, variant });
  const background = colors.background === 'transparent' || colors.background.startsWith('var(') ? WHITE : colors.background;
  const text = colors.color === 'var(--mantine-color-white)' ? WHITE : colors.color;
  return { text, background, hover: colors.hover.startsWith('var(') || colors.hover === 'transparent' ? background : colors.hover };
}

describe('theme colours', () => {
  it.each(COLORS.flatMap((color) => VARIANTS.map((variant) => [color, variant] as const)))(
    '%s %s: text at ≥ 4.5:1 on its background and its hover',
    (color, variant) => {
      const { text, background, hover } = drawn(color, variant);
      expect(text.startsWith('var(')).toBe(false);
      expect(contrastRatio(text, background)).toBeGreaterThanOrEqual(MIN_CONTRAST);
      expect(contrastRatio(text, hover)).toBeGreaterThanOrEqual(MIN_CONTRAST);
    },
  );

  it('a light badge of a dark shade is not drawn in its own colour (the families’ status badges)', () => {
    const { text, background } = drawn('red.9', 'light');
    expect(background).toBe(full.colors.red[0]);
    expect(contrastRatio(text, background)).toBeGreaterThanOrEqual(MIN_CONTRAST);
  });

  it.each(['red', 'orange', 'teal', 'green', 'blue', 'gray'])(
    'the CSS variables of %s read at ≥ 4.5:1 (alerts and components that read them directly)',
    (name) => {
      const light = cssVariablesResolver(full).light;
      const filled = light[`--mantine-color-${name}-filled`]!;
      expect(contrastRatio(WHITE, filled)).toBeGreaterThanOrEqual(MIN_CONTRAST);
      const lightColor = light[`--mantine-color-${name}-light-color`]!;
      expect(contrastRatio(lightColor, light[`--mantine-color-${name}-light`]!)).toBeGreaterThanOrEqual(MIN_CONTRAST);
      expect(contrastRatio(light[`--mantine-color-${name}-outline`]!, WHITE)).toBeGreaterThanOrEqual(MIN_CONTRAST);
    },
  );

  it.each(['red.8', 'red.9', 'blue.9', 'teal.9', 'orange.9', 'gray.7'])('text of %s (c=…) reads at ≥ 4.5:1 on white', (color) => {
    const [name, shade] = color.split('.') as [string, string];
    expect(contrastRatio(full.colors[name]![Number(shade)]!, WHITE)).toBeGreaterThanOrEqual(MIN_CONTRAST);
  });
});
