import { act, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import type { Absence } from '../../api/types';
import { guardianWithTwoChildren, makeAbsence } from '../../test/attendanceFixtures';
import { FakeWebSocket } from '../../test/fakeWebSocket';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { renderApp } from '../../test/render';

const TITLE = 'Absence · lundi 23 novembre, matin';

function mockAbsences(absences: () => Absence[], routes: Record<string, Handler> = {}) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    'GET /api/v1/attendance/absences/': () =>
      json(200, { count: absences().length, next: null, previous: null, results: absences() }),
    'GET /api/v1/attendance/pupils/101/notices/': () => json(200, { count: 0, next: null, previous: null, results: [] }),
    'GET /api/v1/attendance/pupils/102/notices/': () => json(200, { count: 0, next: null, previous: null, results: [] }),
    'GET /api/v1/attendance/preferences/': () => json(200, { notify_absence_by_email: false }),
    ...routes,
  });
}

const refused = makeAbsence({
  id: 902,
  date: '2026-11-20',
  half_day: 'afternoon',
  absence_kind: 'late',
  minutes_late: 15,
  justification_status: 'refused',
  absence_reason: 'autre',
  comment: 'Panne de réveil',
  refusal_reason: 'Ce motif n’excuse pas un retard.',
});
const hugoAccepted = makeAbsence({
  id: 903,
  pupil: { id: 102, first_name: 'Hugo', last_name: 'Martin' },
  classroom: { id: 8, name: 'CP A', school_id: 3 },
  justification_status: 'accepted',
  is_justified: true,
  absence_reason: 'maladie_enfant',
});

/** The first screen waits for the lazily loaded page (slow on a busy machine). */
const FIRST_LOAD = { timeout: 20_000 };

// Pages of the whole app under load (parallel workers on two cores): more than the default 5 s.
describe('AbsencesPage (families)', () => {
  it('lists each child’s absences and lateness with their status and the refusal reason', async () => {
    mockAbsences(() => [makeAbsence(), refused, hugoAccepted]);
    renderApp('/absences');

    const lea = await screen.findByRole('region', { name: 'Léa Martin' }, FIRST_LOAD);
    const absence = within(lea).getByRole('article', { name: TITLE });
    expect(within(absence).getByText('À justifier')).toBeInTheDocument();
    expect(within(absence).getByRole('button', { name: `Justifier : ${TITLE}` })).toBeInTheDocument();

    const late = within(lea).getByRole('article', { name: 'Retard de 15 min · vendredi 20 novembre, après-midi' });
    expect(within(late).getByText('Refusée')).toBeInTheDocument();
    expect(within(late).getByText('Refusée par la direction : Ce motif n’excuse pas un retard.')).toBeInTheDocument();
    expect(within(late).getByText('Motif : Autre motif — Panne de réveil')).toBeInTheDocument();
    // A refused justification may be given again.
    expect(within(late).getByRole('button', { name: /^Justifier/ })).toBeInTheDocument();

    const hugo = screen.getByRole('region', { name: 'Hugo Martin' });
    const justified = within(hugo).getByRole('article', { name: TITLE });
    expect(within(justified).getByText('Justifiée')).toBeInTheDocument();
    expect(within(justified).queryByRole('button', { name: /^Justifier/ })).not.toBeInTheDocument();
  });

  it('lets the guardian ask for an e-mail when a child is marked absent, and stop it', async () => {
    let byEmail = false;
    const { requestsTo } = mockAbsences(() => [], {
      'GET /api/v1/attendance/preferences/': () => json(200, { notify_absence_by_email: byEmail }),
      'PUT /api/v1/attendance/preferences/': async (request) => {
        byEmail = ((await request.json()) as { notify_absence_by_email: boolean }).notify_absence_by_email;
        return json(200, { notify_absence_by_email: byEmail });
      },
    });
    const { user } = renderApp('/absences');

    const choice = await screen.findByRole(
      'checkbox',
      { name: 'Recevoir un courriel quand un de mes enfants est noté absent' },
      FIRST_LOAD,
    );
    expect(choice).not.toBeChecked();
    await user.click(choice);
    expect(await screen.findByText('Préférence enregistrée.')).toBeInTheDocument();
    expect(choice).toBeChecked();
    await user.click(choice);
    await waitFor(() => expect(choice).not.toBeChecked());

    const puts = requestsTo('PUT', '/api/v1/attendance/preferences/');
    expect(puts.map((put) => JSON.parse(put.body))).toEqual([
      { notify_absence_by_email: true },
      { notify_absence_by_email: false },
    ]);
  });

  it('checks the justification form before sending, then sends the reason with an Idempotency-Key', async () => {
    let absences = [makeAbsence()];
    const { requestsTo } = mockAbsences(() => absences, {
      'POST /api/v1/attendance/absences/901/justification/': () => {
        absences = [makeAbsence({ justification_status: 'pending', absence_reason: 'autre', comment: 'Rendez-vous' })];
        return json(200, absences[0]);
      },
    });
    const { user } = renderApp('/absences');

    await user.click(await screen.findByRole('button', { name: `Justifier : ${TITLE}` }, FIRST_LOAD));
    const form = screen.getByRole('form', { name: 'Justifier l’absence' });
    await user.click(within(form).getByRole('button', { name: 'Envoyer la justification' }));
    expect(within(form).getByText('Choisissez un motif.')).toBeInTheDocument();

    await user.selectOptions(within(form).getByRole('combobox', { name: /Motif/ }), 'Autre motif');
    await user.click(within(form).getByRole('button', { name: 'Envoyer la justification' }));
    expect(
      within(form).getByText('Précisez le motif : un commentaire est obligatoire pour « Autre motif ».'),
    ).toBeInTheDocument();
    expect(requestsTo('POST', '/api/v1/attendance/absences/901/justification/')).toHaveLength(0);

    await user.type(within(form).getByRole('textbox', { name: /Précisez le motif/ }), 'Rendez-vous');
    await user.click(within(form).getByRole('button', { name: 'Envoyer la justification' }));

    await waitFor(() => expect(requestsTo('POST', '/api/v1/attendance/absences/901/justification/')).toHaveLength(1));
    const [post] = requestsTo('POST', '/api/v1/attendance/absences/901/justification/');
    expect(JSON.parse(post?.body ?? '')).toEqual({ absence_reason: 'autre', comment: 'Rendez-vous' });
    expect(post?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    const confirmation = await screen.findByText('Justification envoyée : la direction va l’examiner.');
    // The form is gone: focus goes to the confirmation, not to the page body.
    await waitFor(() => expect(confirmation.closest('[role="status"]')).toHaveFocus());
    expect(screen.getByText('Justification envoyée')).toBeInTheDocument();
  });

  it('shows the server’s refusal of a document under the field', async () => {
    mockAbsences(() => [makeAbsence()], {
      'POST /api/v1/attendance/absences/901/justification/': () =>
        apiError(400, 'invalid', 'Fichier refusé.', { file: ['Types acceptés : PDF, PNG, JPEG.'] }),
    });
    const { user } = renderApp('/absences');

    await user.click(await screen.findByRole('button', { name: `Justifier : ${TITLE}` }, FIRST_LOAD));
    const form = screen.getByRole('form', { name: 'Justifier l’absence' });
    await user.selectOptions(within(form).getByRole('combobox', { name: /Motif/ }), 'Maladie de l’enfant');
    await user.upload(
      within(form).getByLabelText('Justificatif (facultatif)'),
      new File(['<html></html>'], 'mot.html', { type: 'text/html' }),
    );
    await user.click(within(form).getByRole('button', { name: 'Envoyer la justification' }));

    expect(await within(form).findByText('Types acceptés : PDF, PNG, JPEG.')).toBeInTheDocument();
  });

  it('shows an absence live when the child is marked absent (attendance.absence_recorded)', async () => {
    let absences: Absence[] = [];
    mockAbsences(() => absences);
    renderApp('/absences');

    const lea = await screen.findByRole('region', { name: 'Léa Martin' }, FIRST_LOAD);
    expect(within(lea).getByText('Aucune absence ni retard.')).toBeInTheDocument();
    act(() => FakeWebSocket.latest()?.open());

    absences = [makeAbsence()];
    act(() =>
      FakeWebSocket.latest()?.receive({
        type: 'attendance.absence_recorded',
        absence_id: 901,
        pupil_id: 101,
        date: '2026-11-23',
        half_day: 'morning',
        absence_kind: 'absent',
      }),
    );

    expect(await within(lea).findByRole('article', { name: TITLE })).toBeInTheDocument();
  });

  it('announces an absence to come', async () => {
    const { requestsTo } = mockAbsences(() => [], {
      'POST /api/v1/attendance/pupils/101/notices/': () =>
        json(201, {
          id: 4,
          pupil_id: 101,
          start_date: '2030-01-07',
          end_date: '2030-01-08',
          half_day: '',
          absence_reason: 'reunion_famille',
          comment: '',
          declared_by: { id: 10, first_name: 'Claire', last_name: 'Martin' },
          created_at: '2029-12-20T10:00:00Z',
          cancelled_at: null,
        }),
    });
    const { user } = renderApp('/absences');

    await user.click(await screen.findByRole('button', { name: 'Signaler une absence à venir de Léa' }, FIRST_LOAD));
    const form = screen.getByRole('form', { name: 'Signaler une absence à venir de Léa' });
    const start = within(form).getByLabelText(/^Premier jour/);
    await user.clear(start);
    await user.type(start, '2030-01-07');
    await user.type(within(form).getByLabelText('Dernier jour (facultatif)'), '2030-01-08');
    await user.selectOptions(within(form).getByRole('combobox', { name: /Motif/ }), 'Réunion solennelle de famille');
    await user.click(within(form).getByRole('button', { name: 'Signaler l’absence' }));

    await waitFor(() => expect(requestsTo('POST', '/api/v1/attendance/pupils/101/notices/')).toHaveLength(1));
    const [post] = requestsTo('POST', '/api/v1/attendance/pupils/101/notices/');
    expect(JSON.parse(post?.body ?? '')).toEqual({
      start_date: '2030-01-07',
      end_date: '2030-01-08',
      half_day: '',
      absence_reason: 'reunion_famille',
      comment: '',
    });
    expect(post?.headers.get('Idempotency-Key')).toBeTruthy();
  });

  it('has no serious or critical axe-core violations (justification form open)', async () => {
    mockAbsences(() => [makeAbsence(), refused]);
    const { user } = renderApp('/absences');
    await user.click(await screen.findByRole('button', { name: `Justifier : ${TITLE}` }, FIRST_LOAD));

    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
