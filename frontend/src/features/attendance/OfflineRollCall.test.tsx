import { onlineManager } from '@tanstack/react-query';
import { act, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import type { RollCallSheet } from '../../api/types';
import { makeRollCall, makeSheet, makeSheetPupil, PAUL, teacherOfCe2B } from '../../test/attendanceFixtures';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { renderApp } from '../../test/render';
import { keepPendingCall, pendingCallsOf, type PendingCall } from './pendingCalls';

const SHEET = '/api/v1/attendance/classrooms/7/roll-call/';
const SUBMIT = '/api/v1/attendance/classrooms/7/roll-calls/';
const CORRECT = '/api/v1/attendance/roll-calls/56/';
const URL_OF_TUESDAY = '/classes/7/appel?date=2026-11-24&demi-journee=morning';
const FIRST_LOAD = { timeout: 20_000 };
const TEACHER = teacherOfCe2B.id;

const NOE = { id: 103, first_name: 'Noé', last_name: 'Bernard' };
const ANNE = { id: 30, first_name: 'Anne', last_name: 'Leroy' };

/** What fetch does without network: it throws (no answer at all). */
const unreachable: Handler = () => {
  throw new TypeError('Failed to fetch');
};

function mockRollCall(sheet: () => RollCallSheet, routes: Record<string, Handler> = {}) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, teacherOfCe2B),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    [`GET ${SHEET}`]: () => {
      const answer = sheet();
      const headers: Record<string, string> = answer.roll_call
        ? { ETag: `"roll-call-${answer.roll_call.id}-v${answer.roll_call.version}"` }
        : {};
      return json(200, answer, headers);
    },
    ...routes,
  });
}

/** The call as the teacher's tablet took it: Léa absent. */
function keptCall(overrides: Partial<PendingCall> = {}): PendingCall {
  return {
    userId: TEACHER,
    classroomId: 7,
    classroomName: 'CE2 B',
    date: '2026-11-24',
    halfDay: 'morning',
    absences: [{ pupil: 101, absence_kind: 'absent' }],
    idempotencyKey: '0b7e2a52-3c4d-4e5f-8a6b-7c8d9e0f1a2b',
    takenAt: '2026-11-24T07:40:00Z',
    state: 'pending',
    message: null,
    ...overrides,
  };
}

/** Taken meanwhile by the director, Noé absent. */
const directorsSheet = (): RollCallSheet =>
  makeSheet({
    roll_call: { id: 56, taken_at: '2026-11-24T07:45:00Z', taken_by: ANNE, version: 1, updated_at: '2026-11-24T07:45:00Z' },
    pupils: [
      makeSheetPupil(),
      makeSheetPupil({ pupil: NOE, presence: 'absent', absence_id: 902, justification_status: 'none' }),
      makeSheetPupil({ pupil: { id: 104, first_name: 'Inès', last_name: 'Petit' } }),
    ],
  });

const takenByPaul = (): RollCallSheet =>
  makeSheet({
    roll_call: { id: 55, taken_at: '2026-11-24T07:42:00Z', taken_by: PAUL, version: 1, updated_at: '2026-11-24T07:42:00Z' },
    pupils: [
      makeSheetPupil({ presence: 'absent', absence_id: 901, justification_status: 'none' }),
      makeSheetPupil({ pupil: NOE }),
      makeSheetPupil({ pupil: { id: 104, first_name: 'Inès', last_name: 'Petit' } }),
    ],
  });

async function seriousViolations(): Promise<string[]> {
  const results = await axe.run(document, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('Offline roll call', () => {
  it('keeps a call the network could not carry, « En attente d’envoi », and shows it again after a reload', async () => {
    const { requestsTo } = mockRollCall(() => makeSheet(), { [`POST ${SUBMIT}`]: unreachable });
    const first = renderApp(URL_OF_TUESDAY);

    await first.user.click(await screen.findByRole('button', { name: /^Léa Martin / }, FIRST_LOAD));
    // The browser knows it is offline: the request is still made (React Query would wait).
    onlineManager.setOnline(false);
    try {
      await first.user.click(screen.getByRole('button', { name: 'Valider l’appel' }));
      await waitFor(() => expect(requestsTo('POST', SUBMIT)).toHaveLength(1));
    } finally {
      onlineManager.setOnline(true);
    }

    const status = await screen.findByRole('status', { name: 'En attente d’envoi' });
    expect(status).toHaveTextContent(/Appel pris à \d\d:\d\d sans réseau, gardé sur cet appareil/);
    await waitFor(() => expect(status).toHaveFocus());
    expect(screen.queryByRole('alert')).not.toBeInTheDocument(); // a state, not an error
    expect(await seriousViolations()).toEqual([]);

    const [post] = requestsTo('POST', SUBMIT);
    const kept = await pendingCallsOf(TEACHER);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({
      classroomId: 7,
      classroomName: 'CE2 B',
      date: '2026-11-24',
      halfDay: 'morning',
      absences: [{ pupil: 101, absence_kind: 'absent' }],
      idempotencyKey: post?.headers.get('Idempotency-Key'),
      state: 'pending',
    });

    // The page is reloaded (still offline): the kept call comes back from IndexedDB, marks included.
    first.unmount();
    renderApp(URL_OF_TUESDAY);
    expect(await screen.findByRole('status', { name: 'En attente d’envoi' }, FIRST_LOAD)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Léa Martin / })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: /^Noé Bernard / })).toHaveAttribute('aria-pressed', 'false');
    // The reload tried to send it again (the app starting, the page opening), with its key.
    await waitFor(() => expect(requestsTo('POST', SUBMIT).length).toBeGreaterThan(1));
    for (const again of requestsTo('POST', SUBMIT)) {
      expect(again.headers.get('Idempotency-Key')).toBe(post?.headers.get('Idempotency-Key'));
    }
  });

  it('sends it once, with the same Idempotency-Key, when the network comes back, and says so', async () => {
    let online = false;
    let taken = false;
    let inFlight = 0;
    let mostInFlight = 0;
    let answer: () => void = () => undefined;
    const { requestsTo } = mockRollCall(() => (taken ? takenByPaul() : makeSheet()), {
      [`POST ${SUBMIT}`]: async (request) => {
        if (!online) return unreachable(request);
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise<void>((resolve) => {
          answer = resolve;
        });
        inFlight -= 1;
        taken = true;
        return json(201, makeRollCall({ absences: [] }));
      },
    });
    const { user } = renderApp(URL_OF_TUESDAY);

    await user.click(await screen.findByRole('button', { name: /^Léa Martin / }, FIRST_LOAD));
    await user.click(screen.getByRole('button', { name: 'Valider l’appel' }));
    await screen.findByRole('status', { name: 'En attente d’envoi' });

    // The network comes back: the browser says so twice (and the page might be opening too).
    online = true;
    act(() => {
      window.dispatchEvent(new Event('online'));
      window.dispatchEvent(new Event('online'));
    });
    await waitFor(() => expect(requestsTo('POST', SUBMIT)).toHaveLength(2));
    act(() => answer());

    const sent = await screen.findByText('Appel envoyé. Appel fait à 08:42 par Paul Durand.');
    await waitFor(() => expect(sent.closest('[role="status"]')).toHaveFocus());
    expect(screen.queryByRole('status', { name: 'En attente d’envoi' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enregistrer la correction' })).toBeInTheDocument();
    expect(await pendingCallsOf(TEACHER)).toEqual([]);

    const [lost, delivered] = requestsTo('POST', SUBMIT);
    expect(delivered?.headers.get('Idempotency-Key')).toBe(lost?.headers.get('Idempotency-Key'));
    expect(delivered?.body).toBe(lost?.body);
    expect(JSON.parse(delivered?.body ?? '')).toEqual({
      date: '2026-11-24',
      half_day: 'morning',
      absences: [{ pupil: 101, absence_kind: 'absent' }],
    });
    // Never two sends at once, never a second one after it went.
    act(() => window.dispatchEvent(new Event('online')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requestsTo('POST', SUBMIT)).toHaveLength(2);
    expect(mostInFlight).toBe(1);
  });

  it('shows a conflict with a call recorded meanwhile, both lists, and keeps the recorded one on request', async () => {
    await keepPendingCall(keptCall());
    const { requestsTo } = mockRollCall(directorsSheet, {
      [`POST ${SUBMIT}`]: () =>
        apiError(409, 'roll_call_exists', 'L’appel du 24/11/2026 matin a déjà été fait à 08:45 : corrigez-le plutôt.', {
          half_day: ['L’appel de cette demi-journée est déjà fait.'],
        }),
    });
    const { user } = renderApp(URL_OF_TUESDAY);

    const conflict = await screen.findByRole('alert', { name: 'Conflit : un autre appel a été enregistré' }, FIRST_LOAD);
    expect(conflict).toHaveTextContent(
      'Pendant que votre appel pris à 08:40 attendait l’envoi, un autre appel a été enregistré pour cette demi-journée.',
    );
    const stored = within(conflict).getByRole('heading', { name: 'Appel enregistré, fait à 08:45 par Anne Leroy' });
    const mine = within(conflict).getByRole('heading', { name: 'Votre appel, pris à 08:40' });
    expect(stored.nextElementSibling).toHaveTextContent('Noé Bernard : Absent·e');
    expect(stored.nextElementSibling).not.toHaveTextContent('Léa');
    expect(mine.nextElementSibling).toHaveTextContent('Léa Martin : Absent·e');
    expect(mine.nextElementSibling).not.toHaveTextContent('Noé');
    expect(within(conflict).getByRole('button', { name: 'Corriger avec mon appel' })).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
    expect((await pendingCallsOf(TEACHER))[0]?.state).toBe('conflict');
    // Nothing overwritten, and a conflict is not sent again on its own.
    expect(requestsTo('PUT', CORRECT)).toHaveLength(0);
    const posts = requestsTo('POST', SUBMIT).length;

    await user.click(within(conflict).getByRole('button', { name: 'Garder l’appel enregistré' }));
    expect(await screen.findByText('Votre appel a été abandonné : l’appel enregistré est gardé.')).toBeInTheDocument();
    expect(screen.getByText('Appel fait à 08:45 par Anne Leroy.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Noé Bernard / })).toHaveAttribute('aria-pressed', 'true');
    expect(await pendingCallsOf(TEACHER)).toEqual([]);
    act(() => window.dispatchEvent(new Event('online')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requestsTo('POST', SUBMIT)).toHaveLength(posts);
    expect(requestsTo('PUT', CORRECT)).toHaveLength(0);
  });

  it('corrects the recorded call with the kept one through the usual correction, with If-Match', async () => {
    await keepPendingCall(keptCall());
    let version = 1;
    const { requestsTo } = mockRollCall(
      () => {
        const sheet = directorsSheet();
        return version === 1 || !sheet.roll_call
          ? sheet
          : makeSheet({ roll_call: { ...sheet.roll_call, version }, pupils: takenByPaul().pupils });
      },
      {
        [`POST ${SUBMIT}`]: () => apiError(409, 'roll_call_exists', 'L’appel de cette demi-journée est déjà fait.'),
        [`PUT ${CORRECT}`]: () => {
          version = 2;
          return json(200, makeRollCall({ id: 56, version: 2 }));
        },
      },
    );
    const { user } = renderApp(URL_OF_TUESDAY);

    const conflict = await screen.findByRole('alert', { name: 'Conflit : un autre appel a été enregistré' }, FIRST_LOAD);
    await user.click(within(conflict).getByRole('button', { name: 'Corriger avec mon appel' }));

    // The usual form, in correction mode, with the teacher's marks: nothing is sent yet.
    expect(screen.getByText(/Votre appel est repris ci-dessous/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Léa Martin / })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: /^Noé Bernard / })).toHaveAttribute('aria-pressed', 'false');
    expect(requestsTo('PUT', CORRECT)).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Enregistrer la correction' }));

    // The kept call is done with once the correction is saved; the page shows the call corrected.
    await waitFor(async () => expect(await pendingCallsOf(TEACHER)).toEqual([]));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Appel fait à 08:45 par Anne Leroy. Corrigé 1 fois.'));
    expect(screen.queryByText(/Votre appel est repris ci-dessous/)).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    const puts = requestsTo('PUT', CORRECT);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.headers.get('If-Match')).toBe('"roll-call-56-v1"');
    expect(JSON.parse(puts[0]?.body ?? '')).toEqual({ absences: [{ pupil: 101, absence_kind: 'absent' }] });
  });

  it('keeps a call the server refuses (another 4xx) with its message, until the teacher gives it up', async () => {
    await keepPendingCall(keptCall());
    mockRollCall(() => makeSheet(), {
      [`POST ${SUBMIT}`]: () =>
        apiError(403, 'permission_denied', 'Vous ne faites pas l’appel de cette classe ce jour-là.'),
    });
    const { user } = renderApp(URL_OF_TUESDAY);

    const refused = await screen.findByRole('alert', { name: 'Appel non envoyé' }, FIRST_LOAD);
    expect(refused).toHaveTextContent(
      'Le serveur a refusé l’appel pris à 08:40 : Vous ne faites pas l’appel de cette classe ce jour-là.',
    );
    expect(await pendingCallsOf(TEACHER)).toMatchObject([{ state: 'refused' }]);

    await user.click(within(refused).getByRole('button', { name: 'Abandonner cet appel' }));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(await pendingCallsOf(TEACHER)).toEqual([]);
    expect(screen.getByRole('button', { name: /^Léa Martin / })).toHaveAttribute('aria-pressed', 'false');
  });

  it('neither sends nor shows the call another user of the tablet kept', async () => {
    const othersCall = keptCall({ userId: 99, idempotencyKey: '9f1c0d2e-1111-4222-8333-444455556666' });
    await keepPendingCall(othersCall);
    const { requestsTo } = mockRollCall(() => makeSheet(), {
      [`POST ${SUBMIT}`]: () => json(201, makeRollCall()),
    });
    renderApp(URL_OF_TUESDAY);

    expect(await screen.findByRole('button', { name: /^Léa Martin / }, FIRST_LOAD)).toHaveAttribute('aria-pressed', 'false');
    act(() => window.dispatchEvent(new Event('online')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(screen.queryByText('En attente d’envoi')).not.toBeInTheDocument();
    expect(requestsTo('POST', SUBMIT)).toHaveLength(0);
    expect(await pendingCallsOf(TEACHER)).toEqual([]);
    expect(await pendingCallsOf(99)).toEqual([othersCall]);
  });
});
