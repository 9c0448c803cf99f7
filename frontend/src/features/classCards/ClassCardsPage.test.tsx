import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import type { ClassCard, ClassDevice } from './api';
import { teacherOfCe2B } from '../../test/attendanceFixtures';
import { makeCard, makeDevice } from '../../test/classCardsFixtures';
import { apiError, json, mockFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/render';

const CLASSROOM = 7;
const CARDS = `/api/v1/class-cards/classrooms/${CLASSROOM}/cards/`;
const PDF = `/api/v1/class-cards/classrooms/${CLASSROOM}/cards/pdf/`;
const DEVICES = `/api/v1/class-cards/classrooms/${CLASSROOM}/devices/`;
const FIRST_LOAD = { timeout: 20_000 };

async function seriousViolations(): Promise<string[]> {
  const results = await axe.run(document, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A PDF as the API sends it. */
const pdf = () => new Response('%PDF-1.4', { status: 200, headers: { 'Content-Type': 'application/pdf' } });

const page = <T,>(results: T[]) => json(200, { count: results.length, next: null, previous: null, results });

const LEA = makeCard({ signed_in_now: true, last_sign_in_at: '2026-12-03T09:05:00+01:00', last_sign_in_device: 'Tablette 1' });
const HUGO = makeCard({ pupil_id: 102, first_name: 'Hugo', last_name: 'Bernard', has_card: false, pictures: [], version: null, printed_at: null });

function routes(cards: () => ClassCard[], devices: () => ClassDevice[], extra = {}) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, teacherOfCe2B),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    [`GET /api/v1/schools/classrooms/${CLASSROOM}/`]: () => json(200, { id: CLASSROOM, name: 'CE2 B' }),
    [`GET ${CARDS}`]: () => page(cards()),
    [`GET ${DEVICES}`]: () => page(devices()),
    ...extra,
  });
}

describe('ClassCardsPage (Cartes de classe)', () => {
  it('lists the pupils and their cards, prints the new cards, then all of them again', async () => {
    let printed = 0;
    const { requestsTo } = routes(
      () => [LEA, HUGO],
      () => [],
      {
        [`POST ${PDF}`]: () => {
          printed += 1;
          return printed === 1
            ? pdf()
            : apiError(400, 'cards_already_printed', 'Toutes ces cartes sont déjà imprimées.', {
                reprint: ['Toutes ces cartes sont déjà imprimées.'],
              });
        },
      },
    );
    const { user } = renderApp(`/classes/${CLASSROOM}/cartes`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Cartes de classe · CE2 B' }, FIRST_LOAD)).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Élèves et cartes' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => [...row.querySelectorAll('th, td')].slice(0, 4).map((cell) => cell.textContent))).toEqual([
      ['Léa Martin', 'Imprimée', 'Connecté', 'le 3 décembre 2026 à 9\u00a0h\u00a005 (Tablette 1)'],
      ['Hugo Bernard', 'Pas encore de carte', 'Non connecté', 'Jamais'],
    ]);
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Imprimer les cartes' }));
    expect(await screen.findByText('Cartes prêtes : le PDF est téléchargé.')).toBeInTheDocument();
    expect(JSON.parse(requestsTo('POST', PDF)[0]?.body ?? '')).toEqual({ reprint: false });

    await user.click(screen.getByRole('button', { name: 'Imprimer les cartes' }));
    const refused = await screen.findByRole('alert');
    expect(refused).toHaveTextContent('Toutes ces cartes sont déjà imprimées.');
    await user.click(within(refused).getByRole('button', { name: /^Réimprimer toutes les cartes/ }));
    await waitFor(() => expect(requestsTo('POST', PDF)).toHaveLength(3));
    expect(JSON.parse(requestsTo('POST', PDF)[2]?.body ?? '')).toEqual({ reprint: true });
  });

  it('resets a card after a confirmation, then prints that card alone', async () => {
    let reset = false;
    const { requestsTo } = routes(
      () => [reset ? makeCard({ version: 2, printed_at: null, reset_at: '2026-12-03T10:00:00+01:00' }) : LEA],
      () => [],
      {
        'POST /api/v1/class-cards/cards/101/reset/': () => {
          reset = true;
          return json(200, makeCard({ version: 2, printed_at: null }));
        },
        [`POST ${PDF}`]: () => pdf(),
      },
    );
    const { user } = renderApp(`/classes/${CLASSROOM}/cartes`);
    await user.click(await screen.findByRole('button', { name: 'Réinitialiser la carte de Léa Martin' }, FIRST_LOAD));
    const dialog = await screen.findByRole('dialog', { name: 'Réinitialiser la carte' });
    expect(dialog).toHaveTextContent('Réinitialiser la carte de Léa Martin ?');
    expect(requestsTo('POST', '/api/v1/class-cards/cards/101/reset/')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Oui, réinitialiser' }));

    expect(await screen.findByText('Carte de Léa Martin réinitialisée : imprimez la nouvelle carte.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await user.click(await screen.findByRole('button', { name: 'Imprimer la carte de Léa Martin' }));
    await waitFor(() => expect(requestsTo('POST', PDF)).toHaveLength(1));
    expect(JSON.parse(requestsTo('POST', PDF)[0]?.body ?? '')).toEqual({ pupils: [101], reprint: true });
  });

  it('enrols this device under a name, and removes another one', async () => {
    let devices: ClassDevice[] = [makeDevice({ id: 5, name: 'Ordinateur' })];
    const { requestsTo } = routes(
      () => [LEA],
      () => devices,
      {
        [`POST ${DEVICES}`]: () => {
          devices = [...devices, makeDevice({ id: 6, name: 'Tablette du coin lecture', is_this_device: true })];
          return json(201, devices[1]);
        },
        'DELETE /api/v1/class-cards/devices/5/': () => {
          devices = devices.map((d) => (d.id === 5 ? { ...d, revoked_at: '2026-12-03T10:00:00+01:00' } : d));
          return json(200, devices[0]);
        },
      },
    );
    const { user } = renderApp(`/classes/${CLASSROOM}/cartes`);
    const form = await screen.findByRole('form', { name: 'Enregistrer cette tablette pour la classe' }, FIRST_LOAD);
    const name = within(form).getByLabelText(/^Nom de l’appareil/);
    expect(name).toHaveValue('Tablette 2');
    await user.clear(name);
    await user.type(name, 'Tablette du coin lecture');
    await user.click(within(form).getByRole('button', { name: 'Enregistrer cette tablette pour la classe' }));

    expect(await screen.findByText('Cet appareil est enregistré pour la classe : « Tablette du coin lecture ».')).toBeInTheDocument();
    expect(JSON.parse(requestsTo('POST', DEVICES)[0]?.body ?? '')).toEqual({ name: 'Tablette du coin lecture' });
    const list = screen.getByRole('list', { name: 'Appareils enregistrés' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);

    await user.click(within(list).getByRole('button', { name: 'Retirer Ordinateur' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    expect(requestsTo('DELETE', '/api/v1/class-cards/devices/5/')).toHaveLength(1);
    expect(await seriousViolations()).toEqual([]);
  });
});
