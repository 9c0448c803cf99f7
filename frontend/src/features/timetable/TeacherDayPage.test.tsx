import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { Me } from '../../api/types';
import { json, mockFetch } from '../../test/fetchMock';
import { makeMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { makeDays, makeOccurrence, page, SCHOOL } from '../../test/timetableFixtures';

const teacher: Me = makeMe({
  display_name: 'Paul Durand',
  roles: ['teacher', 'director'],
  classrooms: [
    { id: 7, name: 'CE2 B', levels: ['CE2'], school: SCHOOL, school_year: '2026-2027' },
    { id: 9, name: 'CM1', levels: ['CM1'], school: SCHOOL, school_year: '2026-2027' },
  ],
  schools: [{ ...SCHOOL, commune_name: 'Vitry-sur-Seine', role: 'director' }],
});

describe('TeacherDayPage (Ma journée)', () => {
  it('lists the day’s lessons across classrooms and links to each class week', async () => {
    const dates: string[] = [];
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, teacher),
      'GET /api/v1/timetable/teacher/day/': (request) => {
        const date = new URL(request.url).searchParams.get('date') ?? '';
        dates.push(date);
        return json(200, {
          date,
          occurrences:
            date === '2026-12-01'
              ? [
                  makeOccurrence({ date, subject: 'francais' }),
                  makeOccurrence({
                    date,
                    classroom_id: 9,
                    slot_id: 31,
                    subject: 'eps',
                    start_time: '13:30:00',
                    end_time: '15:00:00',
                    status: 'cancelled',
                    reason: 'Gymnase fermé',
                  }),
                ]
              : [],
        });
      },
    });
    const { user } = renderApp('/ma-journee?jour=2026-12-01');

    expect(await screen.findByRole('heading', { level: 1, name: 'Ma journée' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'mardi 1er décembre' })).toBeInTheDocument();
    expect(await screen.findByText('Classe : CE2 B')).toBeInTheDocument();
    expect(screen.getByText('Classe : CM1')).toBeInTheDocument();
    expect(screen.getByText('Annulé')).toBeInTheDocument();
    expect(screen.getByText('Motif : Gymnase fermé')).toBeInTheDocument();

    const classes = screen.getByRole('region', { name: 'Mes classes' });
    expect(within(classes).getByRole('link', { name: 'Emploi du temps de la classe CE2 B' })).toHaveAttribute(
      'href',
      '/classes/7/emploi-du-temps',
    );

    // The next weekday (Friday → Monday: see dates.test.ts).
    await user.click(screen.getByRole('link', { name: 'Jour suivant' }));
    await waitFor(() => expect(dates).toEqual(['2026-12-01', '2026-12-02']));
  });

  it('says why a day has no lesson (the school calendar)', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, teacher),
      'GET /api/v1/timetable/teacher/day/': () => json(200, { date: '2026-12-21', occurrences: [] }),
      'GET /api/v1/timetable/schools/3/calendar/': () =>
        json(200, {
          school: SCHOOL,
          start: '2026-12-21',
          end: '2026-12-21',
          days: makeDays(
            { '2026-12-21': { off: { kind: 'holiday', label: 'Vacances de Noël' }, half_days: [] } },
            '2026-12-21',
          ).slice(0, 1),
        }),
      'GET /api/v1/schools/classrooms/': () => json(200, page([])),
    });
    renderApp('/ma-journee?jour=2026-12-21');

    expect(await screen.findByText('Vacances de Noël')).toBeInTheDocument();
    expect(screen.getByText('Aucun cours ce jour-là.')).toBeInTheDocument();
  });
});
