import { screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders } from '../../test/render';
import { PictureGrid, toggled } from './PictureGrid';
import { PICTURES } from '../../test/classCardsFixtures';

function Grid() {
  const [chosen, setChosen] = useState<string[]>([]);
  return (
    <PictureGrid
      pictures={PICTURES}
      chosen={chosen}
      onToggle={(key) => setChosen((was) => toggled(was, key))}
      label="Les images de Léa"
    />
  );
}

describe('PictureGrid', () => {
  it('shows the nine pictures as buttons named by their word; two at most are chosen', async () => {
    const { user } = renderWithProviders(<Grid />);
    const grid = screen.getByRole('list', { name: 'Les images de Léa' });
    expect(grid).toBeInTheDocument();
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((button) => button.textContent)).toEqual([
      'Chat', 'Soleil', 'Arbre', 'Bateau', 'Pomme', 'Étoile', 'Poisson', 'Maison', 'Fleur',
    ]);

    await user.click(screen.getByRole('button', { name: 'Chat' }));
    await user.click(screen.getByRole('button', { name: 'Fleur' }));
    await user.click(screen.getByRole('button', { name: 'Pomme' }));
    expect(screen.getByRole('button', { name: 'Chat' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Fleur' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Pomme' })).toHaveAttribute('aria-pressed', 'false');

    // A second tap takes a picture back.
    await user.click(screen.getByRole('button', { name: 'Chat' }));
    expect(screen.getByRole('button', { name: 'Chat' })).toHaveAttribute('aria-pressed', 'false');
  });

  it('toggled keeps two pictures at most', () => {
    expect(toggled([], 'chat')).toEqual(['chat']);
    expect(toggled(['chat'], 'chat')).toEqual([]);
    expect(toggled(['chat', 'fleur'], 'pomme')).toEqual(['chat', 'fleur']);
  });
});
