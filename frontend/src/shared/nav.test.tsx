import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { Role } from '../api/types';
import { renderWithProviders } from '../test/render';
import { MainNav } from './MainNav';
import { NAV_ITEMS, navItemsForRoles, type NavItem } from './nav';

const ALL_ROLES: Role[] = ['pupil', 'guardian', 'teacher', 'director', 'commune', 'inspector', 'dasen', 'operator'];

// A config with role-restricted entries, as later features will add.
const config: NavItem[] = [
  { id: 'me', to: '/', labelKey: 'nav.me', audience: 'everyone' },
  { id: 'teaching', to: '/classes', labelKey: 'nav.me', audience: ['teacher', 'director'] },
  { id: 'territory', to: '/territoire', labelKey: 'nav.me', audience: ['inspector', 'dasen'] },
];

describe('navigation config', () => {
  it('filters items by role', () => {
    expect(navItemsForRoles(['guardian'], config).map((i) => i.id)).toEqual(['me']);
    expect(navItemsForRoles(['teacher'], config).map((i) => i.id)).toEqual(['me', 'teaching']);
    expect(navItemsForRoles(['director', 'dasen'], config).map((i) => i.id)).toEqual([
      'me',
      'teaching',
      'territory',
    ]);
    expect(navItemsForRoles([], config).map((i) => i.id)).toEqual(['me']);
  });

  it('gives "Mon espace" to every role and only links to existing pages', () => {
    for (const role of ALL_ROLES) {
      expect(navItemsForRoles([role]).map((i) => i.to)).toContain('/');
    }
    expect(NAV_ITEMS.map((i) => i.to)).toEqual(['/']);
  });

  it('renders only the links the roles allow', () => {
    renderWithProviders(
      <nav aria-label="test">
        <MainNav roles={['teacher']} items={config} />
      </nav>,
    );
    const nav = screen.getByRole('navigation', { name: 'test' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/', '/classes']);
    expect(links[0]).toHaveAccessibleName('Mon espace');
    expect(links[0]).toHaveAttribute('aria-current', 'page');
  });
});
