import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { DefaultDays, Me } from '../../api/types';
import { makeRegister, makeSheet, teacherOfCe2B } from '../../test/attendanceFixtures';
import { guardianWithTwoChildren, makeMe } from '../../test/fixtures';
import { makeChildHomework } from '../../test/homeworkFixtures';
import { json, mockFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/render';

const SCHOOL = { id: 3, uai: '0940123A', name: 'École Jules Ferry' };
const FIRST_LOAD = { timeout: 20_000 };

/** One account that opens every page: teacher of CE2 B, director, and a parent there. */
const everyone: Me = makeMe({
  roles: ['guardian', 'teacher', 'director'],
  children: guardianWithTwoChildren.children,
  classrooms: teacherOfCe2B.classrooms,
  schools: [{ ...SCHOOL, commune_name: 'Vitry-sur-Seine', role: 'director' }],
});

interface Scenario {
  name: string;
  now: string;
  defaults: DefaultDays;
  records: { heading: string; month: string };
  homeworkWeek: string;
}

// What the server's one rule (schools.calendar.default_half_day) answers on those days.
const SCENARIOS: Scenario[] = [
  {
    name: 'a Saturday',
    now: '2026-11-28T09:00:00Z',
    defaults: { records: { date: '2026-11-27', half_day: 'afternoon' }, homework: { date: '2026-11-30', half_day: 'morning' } },
    records: { heading: 'vendredi 27 novembre, après-midi', month: '2026-11' },
    homeworkWeek: '2026-11-30/2026-12-06',
  },
  {
    name: 'a Wednesday without class',
    now: '2026-11-25T09:00:00Z',
    defaults: { records: { date: '2026-11-24', half_day: 'afternoon' }, homework: { date: '2026-11-26', half_day: 'morning' } },
    records: { heading: 'mardi 24 novembre, après-midi', month: '2026-11' },
    homeworkWeek: '2026-11-23/2026-11-29',
  },
  {
    name: 'the last day of the autumn holidays',
    now: '2026-11-01T09:00:00Z',
    defaults: { records: { date: '2026-10-16', half_day: 'afternoon' }, homework: { date: '2026-11-02', half_day: 'morning' } },
    records: { heading: 'vendredi 16 octobre, après-midi', month: '2026-10' },
    homeworkWeek: '2026-11-02/2026-11-08',
  },
  {
    name: 'the first Saturday of the Christmas holidays',
    now: '2026-12-19T09:00:00Z',
    defaults: { records: { date: '2026-12-18', half_day: 'afternoon' }, homework: { date: '2027-01-04', half_day: 'morning' } },
    records: { heading: 'vendredi 18 décembre, après-midi', month: '2026-12' },
    homeworkWeek: '2027-01-04/2027-01-10',
  },
];

function mockSchool(scenario: Scenario) {
  const { records } = scenario.defaults;
  const week = records ? [{ date: records.date, half_day: records.half_day, classrooms: [] }] : [];
  const asked: Record<string, string[]> = { sheet: [], register: [], homework: [] };
  const mocks = mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, everyone),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    'GET /api/v1/timetable/schools/3/calendar/': (request) => {
      const start = new URL(request.url).searchParams.get('start') ?? '';
      return json(200, { school: SCHOOL, start, end: start, days: [], calendar_notices: [], default_days: scenario.defaults });
    },
    // The server opens the roll call and the calls not taken on the same default itself.
    'GET /api/v1/attendance/classrooms/7/roll-call/': (request) => {
      asked.sheet?.push(new URL(request.url).search);
      return json(200, makeSheet({ date: records?.date ?? '', half_day: records?.half_day ?? 'morning' }));
    },
    'GET /api/v1/attendance/schools/3/calls-not-taken/': () =>
      json(200, { school_id: 3, date: records?.date, week_start: '2026-11-23', half_days: week }),
    'GET /api/v1/schools/classrooms/': () =>
      json(200, { count: 1, next: null, previous: null, results: [{ id: 7, name: 'CE2 B', levels: ['CE2'], school: SCHOOL }] }),
    'GET /api/v1/attendance/classrooms/7/register/': (request) => {
      const month = new URL(request.url).searchParams.get('month') ?? '';
      asked.register?.push(month);
      return json(200, makeRegister({ month }));
    },
    'GET /api/v1/homework/children/': (request) => {
      const query = new URL(request.url).searchParams;
      asked.homework?.push(`${query.get('start')}/${query.get('end')}`);
      return json(200, [makeChildHomework()]);
    },
  });
  return { ...mocks, asked };
}

describe.each(SCENARIOS)('On $name every page opens on the same day', (scenario) => {
  afterEach(() => vi.useRealTimers());

  const at = () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(scenario.now));
  };

  it('the roll call: the last school half-day, asked of the server (no 400)', async () => {
    at();
    const { asked } = mockSchool(scenario);
    renderApp('/classes/7/appel');
    expect(await screen.findByText(new RegExp(scenario.records.heading), {}, FIRST_LOAD)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(asked.sheet).toEqual(['']);
  });

  it('the calls not taken: the week of that half-day', async () => {
    at();
    mockSchool(scenario);
    renderApp('/direction/appels');
    expect(await screen.findByRole('region', { name: scenario.records.heading }, FIRST_LOAD)).toBeInTheDocument();
  });

  it('the register: the month of that half-day, and no "Aucune classe." while it loads', async () => {
    at();
    const { asked } = mockSchool(scenario);
    renderApp('/direction/registre');
    await screen.findByRole('heading', { level: 1, name: 'Registre d’appel' }, FIRST_LOAD);
    expect(screen.queryByText('Aucune classe.')).not.toBeInTheDocument();
    expect(await screen.findByRole('table', {}, FIRST_LOAD)).toBeInTheDocument();
    expect(screen.queryByText('Aucune classe.')).not.toBeInTheDocument();
    expect(asked.register).toEqual([scenario.records.month]);
  });

  it('homework: the week of the next school half-day', async () => {
    at();
    const { asked } = mockSchool(scenario);
    renderApp('/devoirs');
    await screen.findByRole('heading', { name: /^Semaine du/ }, FIRST_LOAD);
    expect(asked.homework).toEqual([scenario.homeworkWeek]);
  });
});
