import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import { json, mockFetch } from '../../test/fetchMock';
import { guardianWithTwoChildren, makeMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { makeClassroom, makeDays, makeEvent, makeOccurrence, makePupilWeek } from '../../test/timetableFixtures';

const leaWeek = makePupilWeek({
  days: makeDays({
    '2026-11-30': {
      occurrences: [
        makeOccurrence({ subject: 'francais', room: 'Salle 12' }),
        makeOccurrence({
          slot_id: 12,
          subject: 'recreation',
          is_teaching: false,
          start_time: '10:00:00',
          end_time: '10:15:00',
        }),
        makeOccurrence({
          slot_id: 13,
          subject: 'mathematiques',
          start_time: '10:15:00',
          end_time: '11:30:00',
          status: 'cancelled',
          reason: 'Enseignante absente, non remplacée',
          exception_id: 70,
        }),
      ],
    },
    '2026-12-01': {
      occurrences: [
        makeOccurrence({
          date: '2026-12-01',
          slot_id: 14,
          subject: 'eps',
          status: 'replaced',
          teacher: null,
          replacement_name: 'M. Petit',
          exception_id: 71,
        }),
        makeOccurrence({
          date: '2026-12-01',
          slot_id: 15,
          subject: 'histoire_geographie',
          start_time: '13:30:00',
          end_time: '15:00:00',
          status: 'moved_away',
          moved_to: '2026-12-03',
          moved_to_time: '14:00:00',
          exception_id: 72,
        }),
      ],
    },
    '2026-12-03': {
      occurrences: [
        makeOccurrence({
          date: '2026-12-03',
          slot_id: 15,
          subject: 'histoire_geographie',
          start_time: '14:00:00',
          end_time: '15:30:00',
          status: 'moved_in',
          moved_from: '2026-12-01',
          exception_id: 72,
        }),
        makeOccurrence({
          date: '2026-12-03',
          slot_id: null,
          uid: 'extra-73@preau',
          subject: '',
          status: 'extra',
          title: 'Sortie au musée',
          activity: 'sortie',
          room: 'Musée du Louvre',
          start_time: '09:00:00',
          end_time: '16:00:00',
          exception_id: 73,
        }),
      ],
    },
    '2026-12-04': { off: { kind: 'bank_holiday', label: '11 novembre' }, half_days: [] },
  }),
  events: [makeEvent()],
});

const hugoWeek = makePupilWeek({
  pupil: { id: 102, first_name: 'Hugo', last_name: 'Martin' },
  classroom: makeClassroom({ id: 8, name: 'CP A', levels: ['CP'] }),
  days: makeDays({
    '2026-11-30': { occurrences: [makeOccurrence({ classroom_id: 8, slot_id: 21, subject: 'arts_plastiques' })] },
  }),
});

function mockWeek(weeks = [leaWeek, hugoWeek]) {
  const starts: string[] = [];
  const mocks = mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
    'GET /api/v1/timetable/children/week/': (request) => {
      const start = new URL(request.url).searchParams.get('start') ?? '';
      starts.push(start);
      // Other weeks than the fixtures' are empty weeks.
      return json(
        200,
        weeks.map((week) => (week.start === start ? week : { ...week, start, days: makeDays({}, start), events: [] })),
      );
    },
  });
  return { ...mocks, starts };
}

function day(name: string) {
  return screen.getByRole('region', { name });
}

describe('WeekPage (Emploi du temps)', () => {
  it('shows the week of each child through the switcher, in one call', async () => {
    const { starts } = mockWeek();
    const { user, currentPath } = renderApp('/emploi-du-temps?semaine=2026-12-02');

    expect(await screen.findByRole('heading', { level: 1, name: 'Emploi du temps' })).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Semaine du lundi 30 novembre au vendredi 4 décembre' })).toBeInTheDocument();
    expect(starts).toEqual(['2026-11-30']); // any day of the week → its Monday
    expect(document.title).toBe('Emploi du temps · Préau');

    const switcher = screen.getByRole('radiogroup', { name: 'Enfant affiché' });
    expect(within(switcher).getByRole('radio', { name: 'Léa' })).toBeChecked();
    expect(screen.getByText(/CE2 B · École Jules Ferry/)).toBeInTheDocument();
    expect(within(day('lundi 30 novembre')).getByText('Français')).toBeInTheDocument();
    expect(screen.queryByText('Arts plastiques')).not.toBeInTheDocument();

    await user.click(within(switcher).getByText('Hugo'));

    expect(await screen.findByText('Arts plastiques')).toBeInTheDocument();
    expect(within(switcher).getByRole('radio', { name: 'Hugo' })).toBeChecked();
    expect(screen.getByText(/CP A · École Jules Ferry/)).toBeInTheDocument();
    expect(screen.queryByText('Français')).not.toBeInTheDocument();
    expect(currentPath()).toBe('/emploi-du-temps');
    expect(starts).toEqual(['2026-11-30']);
  });

  it('shows a cancelled lesson with "Annulé", its reason, struck through', async () => {
    mockWeek();
    renderApp('/emploi-du-temps?semaine=2026-11-30');

    const monday = await screen.findByRole('region', { name: 'lundi 30 novembre' });
    const lesson = within(monday).getByText('Mathématiques').closest('article');
    expect(lesson).not.toBeNull();
    const card = within(lesson as HTMLElement);
    expect(card.getByText('Annulé')).toBeInTheDocument();
    expect(card.getByText('Motif : Enseignante absente, non remplacée')).toBeInTheDocument();
    expect(card.getByText('Mathématiques')).toHaveStyle({ textDecoration: 'line-through' });
    expect(card.getByText('de 10 h 15 à 11 h 30')).toBeInTheDocument();
  });

  it('says who replaces, where a lesson moved, and names extra activities', async () => {
    mockWeek();
    renderApp('/emploi-du-temps?semaine=2026-11-30');

    const tuesday = await screen.findByRole('region', { name: 'mardi 1er décembre' });
    expect(within(tuesday).getByText('Remplacé par M. Petit')).toBeInTheDocument();
    expect(within(tuesday).getByText('Déplacé au jeudi 3 décembre à 14 h')).toBeInTheDocument();
    const thursday = day('jeudi 3 décembre');
    expect(within(thursday).getByText('Déplacé depuis le mardi 1er décembre')).toBeInTheDocument();
    expect(within(thursday).getByText('Sortie au musée')).toBeInTheDocument();
    expect(within(thursday).getByText('Sortie scolaire')).toBeInTheDocument();
    expect(within(thursday).getByText('Lieu : Musée du Louvre')).toBeInTheDocument();
    expect(within(day('lundi 30 novembre')).getByText('Salle : Salle 12')).toBeInTheDocument();
    expect(within(day('lundi 30 novembre')).getAllByText('Enseignant·e : Paul Durand')).toHaveLength(2);
  });

  it('labels days without class: holidays, bank holidays, Wednesday', async () => {
    const holidays = makePupilWeek({
      start: '2026-12-21',
      end: '2026-12-27',
      days: makeDays(
        Object.fromEntries(
          ['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24', '2026-12-25'].map((date) => [
            date,
            { off: { kind: 'holiday' as const, label: 'Vacances de Noël' }, half_days: [] },
          ]),
        ),
        '2026-12-21',
      ),
    });
    mockWeek([holidays]);
    renderApp('/emploi-du-temps?semaine=2026-12-21');

    const monday = await screen.findByRole('region', { name: 'lundi 21 décembre' });
    expect(within(monday).getByText('Vacances de Noël')).toBeInTheDocument();
    expect(screen.getAllByText('Vacances de Noël')).toHaveLength(5);
    // A single child: no switcher.
    expect(screen.queryByRole('radiogroup', { name: 'Enfant affiché' })).not.toBeInTheDocument();
  });

  it('shows the notice of a school year whose calendar is not published yet', async () => {
    const unknown = makePupilWeek({
      start: '2029-10-29',
      end: '2029-11-04',
      calendar_notices: ['Calendrier scolaire non publié pour 2029-2030'],
      days: makeDays(
        Object.fromEntries(
          ['2029-10-29', '2029-10-30', '2029-11-02'].map((date) => [
            date,
            { off: { kind: 'unknown' as const, label: 'calendrier scolaire non publié pour 2029-2030' }, half_days: [] },
          ]),
        ),
        '2029-10-29',
      ),
    });
    mockWeek([unknown]);
    renderApp('/emploi-du-temps?semaine=2029-10-29');

    const notice = await screen.findByRole('status', { name: 'Calendrier scolaire non publié pour 2029-2030' });
    expect(notice).toHaveTextContent('Le DASEN peut saisir les vacances du département');
    const monday = screen.getByRole('region', { name: 'lundi 29 octobre' });
    expect(within(monday).getByText('Calendrier scolaire non publié')).toBeInTheDocument();
    const results = await axe.run(document, { resultTypes: ['violations'] });
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  it('shows bank holidays, days without class and the week agenda', async () => {
    mockWeek();
    renderApp('/emploi-du-temps?semaine=2026-11-30');

    expect(await screen.findByText('Jour férié : 11 novembre')).toBeInTheDocument();
    expect(within(day('mercredi 2 décembre')).getByText('Pas de classe')).toBeInTheDocument();
    // No weekend columns.
    expect(screen.queryByRole('region', { name: 'samedi 5 décembre' })).not.toBeInTheDocument();
    const agenda = screen.getByRole('region', { name: 'Agenda de la semaine' });
    expect(within(agenda).getByText('Réunion de rentrée')).toBeInTheDocument();
    expect(within(agenda).getByText('jeudi 3 décembre, 18 h – 19 h 30')).toBeInTheDocument();
    expect(within(agenda).getByText('Réunion de parents')).toBeInTheDocument();
  });

  it('moves between weeks with the week navigation (dates, never week numbers)', async () => {
    const { starts } = mockWeek();
    const { user } = renderApp('/emploi-du-temps?semaine=2026-11-30&enfant=102');

    await screen.findByText('Arts plastiques');
    const nav = screen.getByRole('navigation', { name: 'Changer de semaine' });
    await user.click(within(nav).getByRole('link', { name: 'Semaine suivante' }));
    await waitFor(() => expect(starts).toEqual(['2026-11-30', '2026-12-07']));
    expect(await screen.findByRole('heading', { name: 'Semaine du lundi 7 décembre au vendredi 11 décembre' })).toBeInTheDocument();

    await user.click(within(nav).getByRole('link', { name: 'Semaine précédente' }));
    await user.click(within(nav).getByRole('link', { name: 'Semaine précédente' }));
    await waitFor(() => expect(starts.at(-1)).toBe('2026-11-23'));
    // The chosen child stays selected.
    expect(screen.getByRole('radio', { name: 'Hugo' })).toBeChecked();
  });

  it('tells a guardian without enrolled children there is nothing to show', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, makeMe()),
      'GET /api/v1/timetable/children/week/': () => json(200, []),
    });
    renderApp('/emploi-du-temps?semaine=2026-11-30');
    expect(await screen.findByText(/aucun élève n’est rattaché à votre compte/)).toBeInTheDocument();
  });

  it('has no serious or critical axe-core violations', async () => {
    mockWeek();
    renderApp('/emploi-du-temps?semaine=2026-11-30');
    await screen.findByText('Jour férié : 11 novembre');

    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
