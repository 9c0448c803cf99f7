import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import type { RollCallSheet } from '../../api/types';
import {
  makeRollCall,
  makeSheet,
  makeSheetPupil,
  PAUL,
  teacherOfCe2B,
} from '../../test/attendanceFixtures';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { renderApp } from '../../test/render';

const SHEET = '/api/v1/attendance/classrooms/7/roll-call/';
const SUBMIT = '/api/v1/attendance/classrooms/7/roll-calls/';
const URL_OF_TUESDAY = '/classes/7/appel?date=2026-11-24&demi-journee=morning';

function mockRollCall(sheet: () => RollCallSheet | Response, routes: Record<string, Handler> = {}) {
  const sheetQueries: string[] = [];
  const mocks = mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, teacherOfCe2B),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    [`GET ${SHEET}`]: (request) => {
      sheetQueries.push(new URL(request.url).search);
      const answer = sheet();
      if (answer instanceof Response) return answer;
      const headers: Record<string, string> = answer.roll_call
        ? { ETag: `"roll-call-${answer.roll_call.id}-v${answer.roll_call.version}"` }
        : {};
      return json(200, answer, headers);
    },
    ...routes,
  });
  return { ...mocks, sheetQueries };
}

const takenSheet = (version = 1): RollCallSheet =>
  makeSheet({
    roll_call: { id: 55, taken_at: '2026-11-24T07:42:00Z', taken_by: PAUL, version, updated_at: '2026-11-24T07:42:00Z' },
    pupils: [
      makeSheetPupil({ presence: 'absent', absence_id: 901, justification_status: 'none' }),
      makeSheetPupil({ pupil: { id: 103, first_name: 'Noé', last_name: 'Bernard' } }),
    ],
  });

/** The first screen waits for the lazily loaded page (slow on a busy machine). */
const FIRST_LOAD = { timeout: 20_000 };

// Pages of the whole app under load (parallel workers on two cores): more than the default 5 s.
describe('RollCallPage (Appel)', () => {
  it('shows the class with initials; one tap toggles absent, the second control sets late and minutes', async () => {
    const { sheetQueries } = mockRollCall(() => makeSheet());
    const { user } = renderApp(URL_OF_TUESDAY);

    expect(await screen.findByRole('heading', { level: 1, name: 'Appel : CE2 B' }, FIRST_LOAD)).toBeInTheDocument();
    expect(screen.getByText('mardi 24 novembre, matin')).toBeInTheDocument();
    expect(sheetQueries).toEqual(['?date=2026-11-24&half_day=morning']);
    expect(screen.getByText('LM')).toBeInTheDocument(); // initials, never photos
    expect(screen.getByText('Absents : 0 · Retards : 0 · Présents : 3')).toBeInTheDocument();

    // The toggle is named by what it shows (WCAG 2.5.3): the pupil and the state, pressed = absent.
    const lea = screen.getByRole('button', { name: 'Léa Martin Présent·e' });
    expect(lea).toHaveAttribute('aria-pressed', 'false');
    await user.click(lea);
    expect(lea).toHaveAttribute('aria-pressed', 'true');
    expect(lea).toHaveTextContent('Absent·e');
    expect(lea).toHaveAccessibleName('Léa Martin Absent·e');
    await user.click(lea);
    expect(lea).toHaveAttribute('aria-pressed', 'false');
    expect(lea).toHaveTextContent('Présent·e');

    await user.click(screen.getByRole('button', { name: 'En retard : Noé Bernard' }));
    const minutes = screen.getByRole('textbox', { name: 'Minutes de retard de Noé Bernard' });
    expect(minutes).toHaveValue('10');
    await user.clear(minutes);
    await user.type(minutes, '25');
    expect(screen.getByRole('button', { name: /^Noé Bernard / })).toHaveTextContent('En retard (25 min)');
    expect(screen.getByText('Absents : 0 · Retards : 1 · Présents : 2')).toBeInTheDocument();

    // A tap on the name turns a late pupil into an absent one.
    await user.click(screen.getByRole('button', { name: /^Noé Bernard / }));
    expect(screen.queryByRole('textbox', { name: 'Minutes de retard de Noé Bernard' })).not.toBeInTheDocument();
    expect(screen.getByText('Absents : 1 · Retards : 0 · Présents : 2')).toBeInTheDocument();
  });

  it('marks late with a long press on the name, without toggling absent', async () => {
    mockRollCall(() => makeSheet());
    const { user } = renderApp(URL_OF_TUESDAY);

    const lea = await screen.findByRole('button', { name: /^Léa Martin / }, FIRST_LOAD);
    expect(lea).toHaveAccessibleDescription(/un appui long ou « Retard » le marque en retard/);
    await user.pointer({ keys: '[MouseLeft>]', target: lea });
    await new Promise((resolve) => setTimeout(resolve, 700));
    await user.pointer({ keys: '[/MouseLeft]', target: lea });

    expect(lea).toHaveAttribute('aria-pressed', 'false');
    expect(lea).toHaveTextContent('En retard (10 min)');
    expect(screen.getByRole('button', { name: 'En retard : Léa Martin' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('textbox', { name: 'Minutes de retard de Léa Martin' })).toHaveValue('10');
    // A short tap still toggles absent.
    await user.click(lea);
    expect(lea).toHaveAttribute('aria-pressed', 'true');
  });

  it('submits once with an Idempotency-Key, reuses it for a retry, and shows "Appel fait à 08:42"', async () => {
    let taken = false;
    let attempts = 0;
    const { requestsTo } = mockRollCall(() => (taken ? takenSheet() : makeSheet()), {
      [`POST ${SUBMIT}`]: () => {
        attempts += 1;
        // The first answer is lost (network); the resend is taken.
        if (attempts === 1) return apiError(503, 'unavailable', 'Service momentanément indisponible.');
        taken = true;
        return json(201, makeRollCall({ absences: [] }));
      },
    });
    const { user } = renderApp(URL_OF_TUESDAY);

    await user.click(await screen.findByRole('button', { name: /^Léa Martin / }, FIRST_LOAD));
    await user.click(screen.getByRole('button', { name: 'En retard : Inès Petit' }));
    await user.click(screen.getByRole('button', { name: 'Valider l’appel' }));

    const failure = await screen.findByRole('alert');
    expect(failure).toHaveTextContent('Service momentanément indisponible.');
    await waitFor(() => expect(failure).toHaveFocus()); // focus goes to the error, not the page body
    await user.click(screen.getByRole('button', { name: 'Valider l’appel' }));

    const result = await screen.findByText('Appel fait à 08:42 par Paul Durand.');
    // Focus lands on the result message, not on the page body.
    await waitFor(() => expect(result.closest('[role="status"]')).toHaveFocus());
    const posts = requestsTo('POST', SUBMIT);
    expect(posts).toHaveLength(2);
    const [first, second] = posts;
    expect(JSON.parse(first?.body ?? '')).toEqual({
      date: '2026-11-24',
      half_day: 'morning',
      absences: [
        { pupil: 101, absence_kind: 'absent' },
        { pupil: 104, absence_kind: 'late', minutes_late: 10 },
      ],
    });
    const key = first?.headers.get('Idempotency-Key');
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second?.headers.get('Idempotency-Key')).toBe(key);
    expect(second?.body).toBe(first?.body);
    expect(first?.headers.get('X-CSRFToken')).toBe('token');
    // Now a correction, not a second call.
    expect(screen.getByRole('button', { name: 'Enregistrer la correction' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Valider l’appel' })).not.toBeInTheDocument();
  });

  it('refuses a late pupil without minutes before sending anything', async () => {
    const { requestsTo } = mockRollCall(() => makeSheet());
    const { user } = renderApp(URL_OF_TUESDAY);

    await user.click(await screen.findByRole('button', { name: 'En retard : Léa Martin' }, FIRST_LOAD));
    await user.clear(screen.getByRole('textbox', { name: 'Minutes de retard de Léa Martin' }));
    await user.click(screen.getByRole('button', { name: 'Valider l’appel' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Indiquez les minutes de retard de Léa Martin (de 1 à 300).',
    );
    expect(requestsTo('POST', SUBMIT)).toHaveLength(0);
  });

  it('is pre-filled with the absences the families announced', async () => {
    mockRollCall(() =>
      makeSheet({
        pupils: [
          makeSheetPupil({
            presence: 'absent',
            notice: {
              id: 4,
              absence_reason: 'maladie_enfant',
              comment: '',
              start_date: '2026-11-24',
              end_date: '2026-11-25',
            },
          }),
        ],
      }),
    );
    renderApp(URL_OF_TUESDAY);

    expect(await screen.findByRole('button', { name: /^Léa Martin / }, FIRST_LOAD)).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByText('Absence annoncée : Maladie de l’enfant')).toBeInTheDocument();
  });

  it('says clearly when the day has no class (the server answers 400)', async () => {
    mockRollCall(() =>
      apiError(400, 'invalid', 'Pas de classe le samedi 28 novembre 2026.', {
        date: ['Pas de classe le samedi 28 novembre 2026.'],
      }),
    );
    renderApp('/classes/7/appel?date=2026-11-28&demi-journee=morning');

    const alert = await screen.findByRole('alert', {}, FIRST_LOAD);
    expect(alert).toHaveTextContent('Pas d’appel pour cette demi-journée');
    expect(alert).toHaveTextContent('Pas de classe le samedi 28 novembre 2026.');
    expect(screen.queryByRole('button', { name: 'Valider l’appel' })).not.toBeInTheDocument();
    // The pickers stay usable to move to another day.
    expect(screen.getByLabelText('Jour')).toHaveValue('2026-11-28');
    expect(within(screen.getByRole('radiogroup', { name: 'Demi-journée' })).getByRole('radio', { name: 'Matin' })).toBeChecked();
  });

  it('corrects a taken call with If-Match, and on 412 tells to reload', async () => {
    let version = 1;
    const { requestsTo, sheetQueries } = mockRollCall(() => takenSheet(version), {
      'PUT /api/v1/attendance/roll-calls/55/': () =>
        apiError(412, 'precondition_failed', 'L’appel a changé depuis votre lecture.'),
    });
    const { user } = renderApp(URL_OF_TUESDAY);

    expect(await screen.findByText('Appel fait à 08:42 par Paul Durand.', {}, FIRST_LOAD)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Léa Martin / })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: /^Léa Martin / }));
    await user.click(screen.getByRole('button', { name: 'Enregistrer la correction' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('L’appel a changé entre-temps');
    expect(alert).toHaveTextContent('Rechargez l’appel');
    const [put] = requestsTo('PUT', '/api/v1/attendance/roll-calls/55/');
    expect(put?.headers.get('If-Match')).toBe('"roll-call-55-v1"');
    expect(put?.headers.get('Idempotency-Key')).toBeTruthy();
    expect(JSON.parse(put?.body ?? '')).toEqual({ absences: [] });

    version = 2;
    await user.click(within(alert).getByRole('button', { name: 'Recharger l’appel' }));
    await waitFor(() => expect(sheetQueries).toHaveLength(2));
    expect(await screen.findByText(/Corrigé 1 fois\./)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('has no serious or critical axe-core violations', async () => {
    mockRollCall(() => makeSheet());
    const { user } = renderApp(URL_OF_TUESDAY);
    await user.click(await screen.findByRole('button', { name: 'En retard : Léa Martin' }, FIRST_LOAD));

    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
