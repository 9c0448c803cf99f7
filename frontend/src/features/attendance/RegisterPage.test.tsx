import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { directorOfJulesFerry, makeRegister } from '../../test/attendanceFixtures';
import { json, mockFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/render';

const page = <T,>(results: T[]) => ({ count: results.length, next: null, previous: null, results });
const PRESENT = { mark: 'present', minutes_late: null, absence_id: null, justification_status: null, absence_reason: '' } as const;

describe('The register never accuses the future', () => {
  beforeEach(() => {
    // Tuesday 24 November 2026, 10:00 at the school: the morning is under way.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T09:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('shows the half-days not over yet blank under "à venir", never "NF"', async () => {
    const register = makeRegister({
      half_days: [
        { date: '2026-11-23', half_day: 'afternoon', roll_call_taken: false, is_over: true },
        { date: '2026-11-24', half_day: 'morning', roll_call_taken: false, is_over: false },
        { date: '2026-11-26', half_day: 'morning', roll_call_taken: false, is_over: false },
      ],
      rows: [
        {
          pupil: { id: 101, first_name: 'Léa', last_name: 'Martin' },
          level: 'CE2',
          cells: [
            { ...PRESENT, mark: 'not_taken' },
            { ...PRESENT, mark: 'upcoming' },
            { ...PRESENT, mark: 'upcoming' },
          ],
          totals: { absent: 0, absent_justified: 0, absent_unjustified: 0, late: 0, minutes_late: 0 },
        },
      ],
    });
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, directorOfJulesFerry),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
      'GET /api/v1/schools/classrooms/': () =>
        json(200, page([{ id: 7, name: 'CE2 B', levels: ['CE2'], school: { id: 3, uai: '0940123A', name: 'École Jules Ferry' } }])),
      'GET /api/v1/attendance/classrooms/7/register/': () => json(200, register),
    });
    renderApp('/direction/registre?classe=7&mois=2026-11');

    const table = await screen.findByRole('table', { name: 'Registre d’appel : CE2 B, novembre 2026' }, { timeout: 20_000 });
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Élève', 'lun. 23 AM', 'mar. 24 Mà venir', 'jeu. 26 Mà venir', 'Absences', 'dont justifiées', 'non justifiées', 'Retards'],
      ['Léa Martin', 'NF', '', '', '0', '0', '0', '0'],
    ]);
    expect(within(table).getByTitle('24 novembre 2026, Matin : à venir (demi-journée pas encore terminée)')).toBeInTheDocument();
  });
});
