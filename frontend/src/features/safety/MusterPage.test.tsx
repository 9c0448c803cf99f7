import { act, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import type { MusterDetail } from '../../api/types';
import { FakeWebSocket } from '../../test/fakeWebSocket';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { renderApp } from '../../test/render';
import {
  directorOfJulesFerry,
  makeMuster,
  MUSTER_ID,
  STARTED_AT,
  teacherOfCe2B,
  withFound,
} from '../../test/safetyFixtures';
import { keepTap, pendingTapsOf, takeBatch } from './pendingTaps';

const DETAIL = `/api/v1/safety/musters/${MUSTER_ID}/`;
const MARKS = `/api/v1/safety/musters/${MUSTER_ID}/marks/`;
const URL = `/securite/rassemblement/${MUSTER_ID}`;
const FIRST_LOAD = { timeout: 20_000 };
const FOUND_AT = '2026-12-01T09:04:00Z';

/** What fetch does without network: it throws (no answer at all). */
const unreachable: Handler = () => {
  throw new TypeError('Failed to fetch');
};

async function seriousViolations(): Promise<string[]> {
  const results = await axe.run(document, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

function mockMuster(detail: () => MusterDetail, routes: Record<string, Handler> = {}, me = teacherOfCe2B) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, me),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    [`GET ${DETAIL}`]: () => json(200, detail()),
    ...routes,
  });
}

describe('MusterPage (the list of a muster)', () => {
  it('puts the viewer’s class first, its absent pupils apart, the others folded away', async () => {
    mockMuster(() => makeMuster());
    const { user } = renderApp(URL);

    expect(await screen.findByRole('heading', { level: 1, name: 'Évacuation incendie' }, FIRST_LOAD)).toBeInTheDocument();
    expect(screen.getByText('Exercice')).toBeInTheDocument();
    expect(screen.getByText('Déclenché le 1er décembre 2026 à 10 h')).toBeInTheDocument();
    expect(screen.getByText('0 retrouvé sur 3 attendus — 3 manquants')).toBeInTheDocument();

    const mine = screen.getByRole('region', { name: 'Vos classes' });
    const ce2 = within(mine).getByRole('region', { name: 'CE2 B' });
    expect(within(ce2).getByText('Sous la responsabilité de Paul Durand')).toBeInTheDocument();
    expect(within(ce2).getByText('0 retrouvé sur 2 attendus — 2 manquants')).toBeInTheDocument();
    expect(within(ce2).getByText('Manquants : Léa Martin, Noé Bernard')).toBeInTheDocument();
    const present = within(ce2).getByRole('list', { name: 'Élèves de CE2 B' });
    expect(within(present).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Léa Martin À retrouver',
      'Noé Bernard À retrouver',
    ]);
    expect(within(present).getByRole('button', { name: /^Léa Martin/ })).toHaveAttribute('aria-pressed', 'false');
    const absent = within(ce2).getByRole('list', { name: 'Absents à l’appel · CE2 B' });
    expect(within(absent).getByRole('button', { name: /^Inès Petit/ })).toHaveAttribute('aria-pressed', 'false');

    const others = screen.getByRole('region', { name: 'Autres classes' });
    const cm1 = within(others).getByRole('button', { name: 'CM1' });
    expect(cm1).toHaveAttribute('aria-expanded', 'false');
    expect(within(others).getByText('Manquants : Hugo Bernard')).toBeInTheDocument();
    await user.click(cm1);
    expect(cm1).toHaveAttribute('aria-expanded', 'true');
    expect(await within(others).findByRole('button', { name: /^Hugo Bernard/ })).toBeVisible();

    // A teacher neither reassigns nor ends a muster someone else started.
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Terminer' })).not.toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
  });

  it('sends a tap at once: {marks: [{pupil, found: true, at}]} with an Idempotency-Key', async () => {
    let found = false;
    const { requestsTo } = mockMuster(() => (found ? withFound(makeMuster(), { 101: FOUND_AT }) : makeMuster()), {
      [`POST ${MARKS}`]: () => {
        found = true;
        return json(200, withFound(makeMuster(), { 101: FOUND_AT }));
      },
    });
    const { user } = renderApp(URL);

    const before = Date.now();
    await user.click(await screen.findByRole('button', { name: /^Léa Martin/ }, FIRST_LOAD));

    // Shown at once, then as the server has it.
    expect(screen.getByRole('button', { name: /^Léa Martin/ })).toHaveAttribute('aria-pressed', 'true');
    expect(await screen.findByRole('button', { name: 'Léa Martin Retrouvé à 10\u00a0h\u00a004' })).toBeInTheDocument();
    const [post] = requestsTo('POST', MARKS);
    expect(post?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    const body = JSON.parse(post?.body ?? '') as { marks: { pupil: number; found: boolean; at: string }[] };
    expect(body).toEqual({ marks: [{ pupil: 101, found: true, at: expect.any(String) }] });
    expect(Date.parse(body.marks[0]?.at ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(screen.getByText('1 retrouvé sur 3 attendus — 2 manquants')).toBeInTheDocument();
    expect(screen.getByText('Pointages envoyés.')).toBeInTheDocument();
    expect(await pendingTapsOf(teacherOfCe2B.id)).toEqual([]);
    expect(requestsTo('POST', MARKS)).toHaveLength(1);
  });

  it('keeps a tap the network could not carry, says it waits, and sends it once when the network is back', async () => {
    let online = false;
    let found = false;
    let delivered = 0;
    const { requestsTo } = mockMuster(() => (found ? withFound(makeMuster(), { 101: FOUND_AT }) : makeMuster()), {
      [`POST ${MARKS}`]: (request) => {
        if (!online) return unreachable(request);
        found = true;
        delivered += 1;
        return json(200, withFound(makeMuster(), { 101: FOUND_AT }));
      },
    });
    const { user } = renderApp(URL);

    await user.click(await screen.findByRole('button', { name: /^Léa Martin/ }, FIRST_LOAD));

    const status = await screen.findByText('1 pointage en attente d’envoi');
    expect(status.closest('[role="status"]')).toHaveTextContent('Gardés sur ce téléphone');
    const lea = screen.getByRole('button', { name: 'Léa Martin Retrouvé, en attente d’envoi' });
    expect(lea).toHaveAttribute('aria-pressed', 'true');
    // The counts follow the taps, offline too.
    expect(screen.getByText('1 retrouvé sur 3 attendus — 2 manquants')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument(); // a state, not an error
    // Tried, and kept as the batch to send again.
    await waitFor(() => expect(requestsTo('POST', MARKS).length).toBeGreaterThan(0));
    const [kept] = await pendingTapsOf(teacherOfCe2B.id);
    expect(kept?.batch?.marks).toEqual([{ pupil: 101, found: true, at: expect.any(String) }]);
    const lost = requestsTo('POST', MARKS);
    expect(await seriousViolations()).toEqual([]);

    online = true;
    act(() => {
      window.dispatchEvent(new Event('online'));
      window.dispatchEvent(new Event('online'));
    });
    expect(await screen.findByText('Pointages envoyés.')).toBeInTheDocument();
    expect(screen.queryByText('1 pointage en attente d’envoi')).not.toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Léa Martin Retrouvé à 10\u00a0h\u00a004' })).toBeInTheDocument();
    expect(await pendingTapsOf(teacherOfCe2B.id)).toEqual([]);

    // Every attempt was the same batch with the same key; it went once.
    for (const post of requestsTo('POST', MARKS)) {
      expect(post.headers.get('Idempotency-Key')).toBe(lost[0]?.headers.get('Idempotency-Key'));
      expect(post.body).toBe(lost[0]?.body);
    }
    expect(delivered).toBe(1);
    const sent = requestsTo('POST', MARKS).length;
    act(() => window.dispatchEvent(new Event('online')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requestsTo('POST', MARKS)).toHaveLength(sent);
  });

  it('drops a tap the server refuses (named in marks.N), says so, and sends the others', async () => {
    const { requestsTo } = mockMuster(() => makeMuster(), {
      // As the server does: a tap before the start is refused, named, and none is written.
      [`POST ${MARKS}`]: async (request) => {
        const body = (await request.clone().json()) as { marks: { at: string }[] };
        const early = body.marks.findIndex((mark) => mark.at < STARTED_AT);
        return early >= 0
          ? apiError(400, 'invalid', 'Ce pointage est en dehors de l’exercice.', {
              [`marks.${early}.at`]: ['Ce pointage est en dehors de l’exercice.'],
            })
          : json(200, withFound(makeMuster(), { 103: FOUND_AT }));
      },
    });
    // Two taps kept while offline (a batch of two), one of them refused.
    await keepTap(teacherOfCe2B.id, MUSTER_ID, { pupil: 101, found: true, at: '2026-12-01T07:00:00Z' });
    await keepTap(teacherOfCe2B.id, MUSTER_ID, { pupil: 103, found: true, at: '2026-12-01T09:04:00Z' });
    await takeBatch(teacherOfCe2B.id, MUSTER_ID);
    const { user } = renderApp(URL);

    const refused = await screen.findByRole('alert', {}, FIRST_LOAD);
    expect(refused).toHaveTextContent('1 pointage refusé par le serveur');
    expect(refused).toHaveTextContent('Ce pointage est en dehors de l’exercice.');
    const noe = await screen.findByRole('button', { name: 'Noé Bernard Retrouvé à 10\u00a0h\u00a004' });
    expect(noe).toHaveAttribute('aria-pressed', 'true');
    const [first, second] = requestsTo('POST', MARKS);
    expect(JSON.parse(second?.body ?? '')).toEqual({ marks: [{ pupil: 103, found: true, at: '2026-12-01T09:04:00Z' }] });
    // Another body: another key.
    expect(second?.headers.get('Idempotency-Key')).not.toBe(first?.headers.get('Idempotency-Key'));

    await user.click(within(refused).getByRole('button', { name: 'J’ai compris' }));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(await pendingTapsOf(teacherOfCe2B.id)).toEqual([]);
  });

  it('follows the pupils found by others live (safety.muster_marked)', async () => {
    let found: Record<number, string> = {};
    const { requestsTo } = mockMuster(() => withFound(makeMuster({ may_end: true, may_assign: true }), found), {
      'GET /api/v1/schools/3/staff/': () => json(200, { count: 0, next: null, previous: null, results: [] }),
    }, directorOfJulesFerry);
    renderApp(URL);

    // The director leads no class: every class is open.
    const hugo = await screen.findByRole('button', { name: /^Hugo Bernard/ }, FIRST_LOAD);
    expect(hugo).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByRole('region', { name: 'Classes de l’école' })).toBeInTheDocument();
    const reads = requestsTo('GET', DETAIL).length;

    act(() => FakeWebSocket.latest()?.open());
    found = { 201: FOUND_AT };
    act(() =>
      FakeWebSocket.latest()?.receive({
        type: 'safety.muster_marked',
        muster_id: MUSTER_ID,
        pupil_id: 201,
        classroom_id: 8,
        found_at: FOUND_AT,
      }),
    );

    await waitFor(() => expect(screen.getByRole('button', { name: /^Hugo Bernard/ })).toHaveAttribute('aria-pressed', 'true'));
    expect(requestsTo('GET', DETAIL)).toHaveLength(reads + 1);
    expect(screen.getByText('1 retrouvé sur 3 attendus — 2 manquants')).toBeInTheDocument();
    // Another muster's event reads nothing again.
    act(() =>
      FakeWebSocket.latest()?.receive({ type: 'safety.muster_marked', muster_id: 99, pupil_id: 1, classroom_id: 1, found_at: null }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requestsTo('GET', DETAIL)).toHaveLength(reads + 1);
  });

  it('lets the director put a class in a colleague’s charge, then end it with the observations', async () => {
    let detail = makeMuster({ may_end: true, may_assign: true });
    const { requestsTo } = mockMuster(() => detail, {
      'GET /api/v1/schools/3/staff/': () =>
        json(200, {
          count: 3,
          next: null,
          previous: null,
          results: [
            { person_id: 20, first_name: 'Paul', last_name: 'Durand', role: 'teacher', classroom: { id: 7, name: 'CE2 B' } },
            { person_id: 30, first_name: 'Anne', last_name: 'Leroy', role: 'director', classroom: null },
            { person_id: 30, first_name: 'Anne', last_name: 'Leroy', role: 'teacher', classroom: { id: 9, name: 'CP' } },
          ],
        }),
      [`POST ${DETAIL}assignments/`]: () => {
        detail = makeMuster({
          may_end: true,
          may_assign: true,
          classes: detail.classes.map((group) =>
            group.classroom_id === 8 ? { ...group, responsible_id: 30, responsible_name: 'Anne Leroy' } : group,
          ),
        });
        return json(200, detail);
      },
      [`POST ${DETAIL}end/`]: () => {
        detail = {
          ...detail,
          ended_at: '2026-12-01T09:18:00Z',
          observations: 'Alarme inaudible dans le préau',
          may_end: false,
          may_assign: false,
        };
        return json(200, detail);
      },
    }, directorOfJulesFerry);
    const { user } = renderApp(URL);

    const select = await screen.findByRole('combobox', { name: 'Confier CM1 à' }, FIRST_LOAD);
    await waitFor(() => expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Paul Durand',
      'Anne Leroy',
      'Sarah Leclerc',
    ]));
    expect(select).toHaveValue('21');
    await user.selectOptions(select, '30');
    await user.click(within(select.closest('form') as HTMLElement).getByRole('button', { name: 'Confier' }));
    expect(await screen.findByText('Classe confiée à Anne Leroy.')).toBeInTheDocument();
    expect(JSON.parse(requestsTo('POST', `${DETAIL}assignments/`)[0]?.body ?? '')).toEqual({ classroom: 8, responsible: 30 });
    expect(await seriousViolations()).toEqual([]);

    const end = screen.getByRole('region', { name: 'Terminer l’exercice' });
    await user.type(within(end).getByLabelText('Observations (problèmes constatés)'), 'Alarme inaudible dans le préau');
    await user.click(within(end).getByRole('button', { name: 'Terminer' }));

    const summary = await screen.findByRole('heading', { level: 2, name: 'Terminé' });
    await waitFor(() => expect(summary).toHaveFocus());
    expect(JSON.parse(requestsTo('POST', `${DETAIL}end/`)[0]?.body ?? '')).toEqual({
      observations: 'Alarme inaudible dans le préau',
    });
    expect(screen.getByText('Terminé le 1er décembre 2026 à 10 h 18, durée 18 min')).toBeInTheDocument();
    expect(screen.getByText('Alarme inaudible dans le préau')).toBeInTheDocument();
    // Read-only now: no more toggles, the names and their state remain.
    expect(screen.queryByRole('button', { name: /^Léa Martin/ })).not.toBeInTheDocument();
    expect(screen.getAllByText('Léa Martin').length).toBeGreaterThan(0);
    expect(screen.queryByRole('region', { name: 'Terminer l’exercice' })).not.toBeInTheDocument();
  });
});
