import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { directorOfJulesFerry } from '../../test/attendanceFixtures';
import { json, mockFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/render';

describe('ClassCardsIndexPage (the director’s « Cartes de classe »)', () => {
  it('lists the classes of the school, each with a link to its cards', async () => {
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, directorOfJulesFerry),
      'GET /api/v1/schools/classrooms/': () =>
        json(200, {
          count: 2,
          next: null,
          previous: null,
          results: [
            { id: 12, name: 'CP A' },
            { id: 7, name: 'CE2 B' },
          ],
        }),
    });
    renderApp('/cartes-de-classe');

    expect(await screen.findByRole('heading', { level: 1, name: 'Cartes de classe' }, { timeout: 20_000 })).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Cartes de classe' });
    expect(within(list).getAllByRole('link').map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Cartes de classe · CP A', '/classes/12/cartes'],
      ['Cartes de classe · CE2 B', '/classes/7/cartes'],
    ]);
    expect(requestsTo('GET', '/api/v1/schools/classrooms/')).toHaveLength(1);
  });
});
