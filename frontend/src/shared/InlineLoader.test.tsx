import { screen } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import { renderWithProviders } from '../test/render';
import { InlineLoader } from './InlineLoader';

describe('InlineLoader', () => {
  it('is a status that says its label, with no axe-core violation', async () => {
    const { container } = renderWithProviders(<InlineLoader label="Chargement de vos sessions" />);
    expect(screen.getByText('Chargement de vos sessions').closest('[role="status"]')).not.toBeNull();
    // A label on Mantine's Loader itself was refused (aria-prohibited-attr) on « Mon espace ».
    const results = await axe.run(container, { resultTypes: ['violations'] });
    expect(results.violations.map((violation) => violation.id)).toEqual([]);
  });
});
