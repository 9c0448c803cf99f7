import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { Today, TodayChild, TodayDay, TodayLesson } from '../../api/types';
import { FakeWebSocket } from '../../test/fakeWebSocket';
import { json, mockFetch } from '../../test/fetchMock';
import { guardianWithTwoChildren, makeMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const FIRST_LOAD = { timeout: 20_000 };
const SCHOOL = { id: 3, uai: '0940123A', name: 'École Jules Ferry' };

function lesson(overrides: Partial<TodayLesson> = {}): TodayLesson {
  return {
    classroom_id: 7,
    classroom_name: 'CE2 B',
    start_time: '08:30:00',
    end_time: '10:00:00',
    subject: 'francais',
    title: '',
    is_teaching: true,
    status: 'scheduled',
    teacher: { id: 5, first_name: 'Inès', last_name: 'Loiseau' },
    replacement_name: '',
    reason: '',
    room: '',
    moved_to: null,
    moved_from: null,
    ...overrides,
  };
}

function day(date: string, lessons: TodayLesson[]): TodayDay {
  return { date, is_school_day: true, off: null, lessons };
}

function child(overrides: Partial<TodayChild> = {}): TodayChild {
  return {
    pupil: { id: 101, first_name: 'Léa', last_name: 'Martin' },
    classroom: { id: 7, name: 'CE2 B', school: SCHOOL },
    today: day('2026-11-24', [lesson(), lesson({ start_time: '10:15:00', end_time: '11:30:00', subject: 'mathematiques' })]),
    next_day: day('2026-11-26', [lesson({ status: 'cancelled', reason: 'Sortie au musée' })]),
    homework: [
      { id: 40, subject: 'francais', summary: 'Lire la page 12', due_date: '2026-11-26', estimated_minutes: 15, to_bring_back: '' },
    ],
    notes_to_sign: [{ id: 8, title: 'Piscine jeudi', created_at: '2026-11-23T17:00:00+01:00' }],
    absences_to_justify: [],
    ...overrides,
  };
}

function today(overrides: Partial<Today> = {}): Today {
  return {
    date: '2026-11-24',
    roles: ['guardian'],
    unread_messages: 0,
    guardian: null,
    pupil: null,
    teacher: null,
    director: null,
    authority: null,
    ...overrides,
  };
}

describe('TodayPage (the home page)', () => {
  it('shows a guardian each child’s day, the change of the next day, homework and notes to sign', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
      'GET /api/v1/today/': () => json(200, today({ unread_messages: 2, guardian: { children: [child()] } })),
    });
    renderApp('/');

    expect(await screen.findByRole('heading', { level: 1, name: 'Aujourd’hui' })).toBeInTheDocument();
    const lea = await screen.findByRole('region', { name: 'Léa Martin · CE2 B' }, FIRST_LOAD);
    const todayRegion = within(lea).getByRole('region', { name: 'Aujourd’hui, mardi 24 novembre' });
    expect(within(todayRegion).getByText('8 h 30 – 10 h · Français')).toBeInTheDocument();
    const next = within(lea).getByRole('region', { name: 'Prochain jour de classe : jeudi 26 novembre' });
    expect(within(next).getByText('Annulé')).toBeInTheDocument();
    expect(within(next).getByText('Motif : Sortie au musée')).toBeInTheDocument();
    const homework = within(lea).getByRole('region', { name: 'Devoirs à faire' });
    expect(within(homework).getByText('Lire la page 12')).toBeInTheDocument();
    const notes = within(lea).getByRole('region', { name: 'Mots à signer' });
    expect(within(notes).getByText('Piscine jeudi')).toBeInTheDocument();
    expect(within(notes).getByRole('link', { name: 'Lire et signer' })).toHaveAttribute('href', '/cahier-de-liaison');
    expect(screen.getByText('2 messages non lus')).toBeInTheDocument();
  });

  it('shows a new absence live (attendance.absence_recorded) with a link to justify it', async () => {
    let body = today({ guardian: { children: [child()] } });
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
      'GET /api/v1/today/': () => json(200, body),
    });
    renderApp('/');
    const lea = await screen.findByRole('region', { name: 'Léa Martin · CE2 B' }, FIRST_LOAD);
    expect(within(lea).queryByRole('region', { name: 'Absences à justifier' })).not.toBeInTheDocument();
    act(() => FakeWebSocket.latest()?.open());

    body = today({
      guardian: {
        children: [
          child({
            absences_to_justify: [
              { id: 901, date: '2026-11-24', half_day: 'morning', absence_kind: 'absent', minutes_late: null, justification_status: 'none' },
            ],
          }),
        ],
      },
    });
    act(() =>
      FakeWebSocket.latest()?.receive({
        type: 'attendance.absence_recorded',
        absence_id: 901,
        pupil_id: 101,
        date: '2026-11-24',
        half_day: 'morning',
        absence_kind: 'absent',
      }),
    );

    const absences = await within(lea).findByRole('region', { name: 'Absences à justifier' });
    expect(within(absences).getByText('Absence le mardi 24 novembre (matin)')).toBeInTheDocument();
    expect(within(absences).getByRole('link', { name: 'Justifier' })).toHaveAttribute('href', '/absences');
    // A screen reader hears that the page changed.
    expect(screen.getByRole('status')).toHaveTextContent(/^Page mise à jour à \d+ h/);
  });

  it('gives a teacher the call to take now in one tap, the cahier de textes state and the notes awaiting', async () => {
    let body = today({
      roles: ['teacher'],
      unread_messages: 1,
      teacher: {
        calls: [{ classroom: { id: 7, name: 'CE2 B' }, date: '2026-11-24', half_day: 'morning', is_school_half_day: true, to_take: true }],
        off: null,
        lessons: [
          { occurrence: lesson(), lesson_entry_id: 55 },
          { occurrence: lesson({ start_time: '10:15:00', end_time: '11:30:00', subject: 'mathematiques' }), lesson_entry_id: null },
        ],
        notes_awaiting: [
          { id: 8, title: 'Piscine jeudi', created_at: '2026-11-23T17:00:00+01:00', delivery_count: 24, acknowledged_count: 10 },
        ],
      },
    });
    mockFetch({
      'GET /api/v1/accounts/me/': () =>
        json(200, makeMe({ roles: ['teacher'], classrooms: [{ id: 7, name: 'CE2 B', levels: ['CE2'], school: SCHOOL, school_year: '2026-2027' }] })),
      'GET /api/v1/today/': () => json(200, body),
    });
    renderApp('/');

    const calls = await screen.findByRole('region', { name: 'L’appel' }, FIRST_LOAD);
    expect(within(calls).getByText('CE2 B : appel du matin à faire')).toBeInTheDocument();
    expect(within(calls).getByRole('link', { name: 'Faire l’appel · CE2 B' })).toHaveAttribute(
      'href',
      '/classes/7/appel?date=2026-11-24&demi-journee=morning',
    );
    const lessons = screen.getByRole('region', { name: 'Mes cours aujourd’hui' });
    expect(within(lessons).getByRole('link', { name: 'Cahier de textes rempli' })).toHaveAttribute(
      'href',
      '/classes/7/cahier-de-textes',
    );
    expect(within(lessons).getByRole('link', { name: 'Cahier de textes à remplir' })).toBeInTheDocument();
    const notes = screen.getByRole('region', { name: 'Mots en attente de signatures' });
    expect(within(notes).getByText('10 signatures sur 24')).toBeInTheDocument();

    // A guardian signs: the count moves without a reload.
    act(() => FakeWebSocket.latest()?.open());
    body = {
      ...body,
      teacher: { ...body.teacher!, notes_awaiting: [{ ...body.teacher!.notes_awaiting[0]!, acknowledged_count: 11 }] },
    };
    act(() => FakeWebSocket.latest()?.receive({ type: 'liaison_note.acknowledged', note_id: 8, acknowledged_count: 11 }));
    expect(await within(notes).findByText('11 signatures sur 24')).toBeInTheDocument();
  });

  it('gives a director the calls not taken, justifications, L131-8 cases and the registers to sign', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, makeMe({ roles: ['director'] })),
      'GET /api/v1/today/': () =>
        json(
          200,
          today({
            roles: ['director'],
            director: {
              calls_not_taken: [
                { school: SCHOOL, date: '2026-11-24', half_day: 'morning', is_school_half_day: true, classrooms: [{ id: 7, name: 'CE2 B' }] },
              ],
              justifications_waiting: 3,
              open_cases: [
                { id: 2, pupil: { id: 102, first_name: 'Hugo', last_name: 'Martin' }, classroom: { id: 9, name: 'CM1' }, month: '2026-11-01', unjustified_half_days: 4 },
              ],
              open_case_count: 1,
              registers_to_sign: { month: '2026-10-01', classrooms: [{ id: 7, name: 'CE2 B' }] },
            },
          }),
        ),
    });
    renderApp('/');

    const director = await screen.findByRole('region', { name: 'Direction' }, FIRST_LOAD);
    expect(within(director).getByText('École Jules Ferry, matin : CE2 B')).toBeInTheDocument();
    expect(within(director).getByText('3 justifications à examiner')).toBeInTheDocument();
    expect(within(director).getByText('1 dossier L131-8 ouvert')).toBeInTheDocument();
    expect(within(director).getByText('Hugo Martin (CM1) : 4 demi-journées sans motif en novembre 2026')).toBeInTheDocument();
    expect(within(director).getByText('À signer pour octobre 2026 : CE2 B')).toBeInTheDocument();
    expect(within(director).getByRole('link', { name: 'Voir les appels' })).toHaveAttribute('href', '/direction/appels');
  });

  it('tells a pupil the day in plain words, the homework and the last message', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, makeMe({ roles: ['pupil'] })),
      'GET /api/v1/today/': () =>
        json(
          200,
          today({
            roles: ['pupil'],
            pupil: {
              classroom: { id: 7, name: 'CE2 B', school: SCHOOL },
              today: day('2026-11-24', [lesson(), lesson({ start_time: '10:00:00', end_time: '10:15:00', subject: 'recreation', is_teaching: false })]),
              next_day: null,
              homework: [
                { id: 40, subject: 'francais', summary: 'Lire la page 12', due_date: '2026-11-26', estimated_minutes: 15, to_bring_back: '' },
              ],
              last_message: {
                conversation_id: 3,
                author_name: 'Inès Loiseau',
                body_html: '<p>Bravo pour ton exposé !</p>',
                created_at: '2026-11-23T16:00:00+01:00',
              },
              may_write_messages: false,
            },
          }),
        ),
    });
    renderApp('/');

    const dayRegion = await screen.findByRole('region', { name: 'Ma journée' }, FIRST_LOAD);
    expect(within(dayRegion).getByText('À 8 h 30 : Français')).toBeInTheDocument();
    expect(within(dayRegion).getByText('À 10 h : Récréation')).toBeInTheDocument();
    expect(screen.getByText('Pour jeudi 26 novembre : Français')).toBeInTheDocument();
    expect(screen.getByText('Bravo pour ton exposé !')).toBeInTheDocument();
    expect(screen.queryByText(/messages? non lus?/)).not.toBeInTheDocument();
  });

  it('gives an authority the week’s figures with their coverage and what changed since last week', async () => {
    const coverage = {
      calls_due: 40,
      calls_taken: 36,
      coverage: 0.9,
      threshold: 0.8,
      schools: 3,
      schools_covered: 2,
      schools_left_out: 1,
      schools_without_calls: 1,
    };
    const authority = {
      this_week: { start: '2026-11-23', attendance_rate: 0.942, coverage, suppressed: [] },
      last_week: {
        start: '2026-11-16',
        attendance_rate: null,
        coverage: { ...coverage, calls_due: 48, calls_taken: 30, coverage: 0.625, schools_covered: 0, schools_without_calls: 0 },
        suppressed: [],
      },
      open_l1318_cases: 2,
      new_l1318_cases: 1,
    };
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, makeMe({ roles: ['inspector'] })),
      'GET /api/v1/today/': () => json(200, today({ roles: ['inspector'], authority })),
    });
    renderApp('/');

    const week = await screen.findByRole('region', { name: 'Semaine du lundi 23 novembre' }, FIRST_LOAD);
    expect(within(week).getByText('Présence : 94,2 %')).toBeInTheDocument();
    expect(within(week).getByText('Appels faits : 36 sur 40 dus (90 %)')).toBeInTheDocument();
    expect(within(week).getByText('1 école sans aucun appel')).toBeInTheDocument();
    expect(within(week).getByText('2 dossiers L131-8 ouverts')).toBeInTheDocument();
    const changes = screen.getByRole('region', { name: 'Depuis la semaine dernière' });
    expect(
      within(changes).getByText('Présence : couverture insuffisante la semaine dernière, 94,2 % cette semaine'),
    ).toBeInTheDocument();
    expect(within(changes).getByText('Écoles sans aucun appel : 0 la semaine dernière, 1 cette semaine')).toBeInTheDocument();
    expect(within(changes).getByText('1 nouveau dossier L131-8 ces 7 derniers jours')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ouvrir le tableau de bord' })).toHaveAttribute('href', '/tableau-de-bord');
  });

  it('never gives a commune a rate about fewer than 5 pupils, nor cases', async () => {
    const coverage = {
      calls_due: 6,
      calls_taken: 6,
      coverage: 1,
      threshold: 0.8,
      schools: 1,
      schools_covered: 1,
      schools_left_out: 0,
      schools_without_calls: 0,
    };
    const masked = { attendance_rate: null, coverage, suppressed: ['pupils', 'attendance_rate'] };
    const authority = {
      this_week: { start: '2026-11-23', ...masked },
      last_week: { start: '2026-11-16', ...masked },
      open_l1318_cases: null,
      new_l1318_cases: null,
    };
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, makeMe({ roles: ['commune'] })),
      'GET /api/v1/today/': () => json(200, today({ roles: ['commune'], authority })),
    });
    renderApp('/');

    const week = await screen.findByRole('region', { name: 'Semaine du lundi 23 novembre' }, FIRST_LOAD);
    expect(within(week).getByText('Présence : moins de 5 élèves')).toBeInTheDocument();
    expect(within(week).getByText('Les chiffres qui concernent moins de 5 élèves sont masqués.')).toBeInTheDocument();
    expect(screen.queryByText(/L131-8/)).not.toBeInTheDocument();
  });
});
