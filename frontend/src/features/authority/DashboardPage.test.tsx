import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import {
  attendanceRow,
  canteenRow,
  caseRow,
  circonscriptionRow,
  communeMe,
  fullCoverage,
  communeOverview,
  inspectorMe,
  inspectorOverview,
  JAURES,
  JAURES_COMMUNE,
  jauresClassrooms,
  LANGEVIN,
  maskedAttendance,
  notTakenRow,
  page,
  schoolRow,
} from '../../test/authorityFixtures';
import { json, mockFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/render';
import { parisToday } from './format';
import { AUTHORITY_QUERY_KEY, circonscriptionQueries, dashboardQueries, schoolQueries } from './hooks';

const A = '/api/v1/authority';
// The dashboards load the charts library: on a busy machine the first render takes a while.
const SLOW = { timeout: 20_000 };

function inspectorApi() {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, inspectorMe),
    [`GET ${A}/overview/`]: () => json(200, inspectorOverview),
    [`GET ${A}/schools/`]: (request) => {
      const search = new URL(request.url).searchParams.get('search') ?? '';
      const rows = [schoolRow(JAURES), schoolRow(LANGEVIN, { pupils: 67, open_l1318_cases: 0 })];
      return json(200, page(rows.filter((row) => row.school.name.includes(search))));
    },
    [`GET ${A}/attendance/`]: (request) => {
      const from = new URL(request.url).searchParams.get('date_from') ?? '';
      // The trend asks from 1 September; the per-school chart and the table, this month.
      return json(
        200,
        page(
          from.endsWith('-09-01')
            ? [
                attendanceRow(JAURES, '2026-10-01', { expected_half_days: 1000, absent_half_days: 50, late_arrivals: 10 }),
                attendanceRow(LANGEVIN, '2026-10-01', { expected_half_days: 1000, absent_half_days: 30, late_arrivals: 10 }),
                attendanceRow(JAURES, '2026-11-01'),
              ]
            : [attendanceRow(JAURES, '2026-11-01'), attendanceRow(LANGEVIN, '2026-11-01', { attendance_rate: 0.9 })],
        ),
      );
    },
    [`GET ${A}/roll-calls-not-taken/`]: () => json(200, page([notTakenRow])),
    [`GET ${A}/l1318-cases/`]: () => json(200, page([caseRow])),
    [`GET ${A}/timetable-volume/`]: () =>
      json(
        200,
        page([
          {
            classroom: { id: 70, name: 'CE2 A' },
            school: JAURES,
            weekly_minutes: 1380,
            national_weekly_minutes: 1440,
            difference_minutes: -60,
            cancelled_without_replacement: 2,
          },
        ]),
      ),
    [`GET ${A}/schools/12/`]: () => json(200, schoolRow(JAURES)),
    [`GET ${A}/schools/12/classrooms/`]: () => json(200, jauresClassrooms),
  });
}

describe('DashboardPage (Tableau de bord)', () => {
  it('shows an inspector the key figures, the charts with their figures, and drill-down links', async () => {
    inspectorApi();
    renderApp('/tableau-de-bord');

    expect(await screen.findByRole('heading', { level: 1, name: 'Tableau de bord' }, SLOW)).toBeInTheDocument();
    const figures = await screen.findByRole('region', { name: 'Chiffres clés' }, SLOW);
    expect(within(figures).getByTestId('figure-schools')).toHaveTextContent('Écoles2');
    expect(within(figures).getByTestId('figure-pupils')).toHaveTextContent('Élèves inscrits163');
    expect(within(figures).getByTestId('figure-attendance')).toHaveTextContent(/Assiduité ce mois-ci96,1\s%/);
    expect(within(figures).getByTestId('figure-cases')).toHaveTextContent('Signalements L131-8 en cours1');

    // The trend sums the half-days of the schools month by month: 1 − 80 / 2000 = 96 %.
    const trend = await screen.findByRole('figure', { name: /^Taux d’assiduité \(en %\), mois par mois/ });
    const october = within(trend).getByRole('row', { name: /octobre 2026/ });
    expect(october).toHaveTextContent(/96\s%/);
    expect(within(trend).getByRole('row', { name: /novembre 2026/ })).toBeInTheDocument();
    const perSchool = await screen.findByRole('figure', { name: /^Taux d’assiduité de chaque école/ });
    expect(within(perSchool).getByRole('row', { name: /École Paul Langevin/ })).toHaveTextContent(/90\s%/);

    // Drill-down: each school opens its page; the table downloads as CSV.
    const schools = screen.getByRole('region', { name: 'Écoles' });
    expect(await within(schools).findByRole('link', { name: 'Ouvrir l’école École Jean Jaurès' })).toHaveAttribute(
      'href',
      '/tableau-de-bord/ecoles/12',
    );
    expect(within(schools).getByRole('link', { name: 'Télécharger en CSV : Écoles' })).toHaveAttribute(
      'href',
      '/api/v1/authority/schools/?format=csv',
    );

    // Inspection views: calls not taken (with the classroom), L131-8 cases, timetable volume.
    const notTaken = screen.getByRole('region', { name: 'Appels non faits' });
    expect(await within(notTaken).findByRole('link', { name: 'CE2 A : 1 appel' })).toHaveAttribute(
      'href',
      '/tableau-de-bord/classes/70',
    );
    expect(within(notTaken).getByRole('link', { name: 'Télécharger en CSV : Appels non faits' })).toHaveAttribute(
      'href',
      '/api/v1/authority/roll-calls-not-taken/?period=today&format=csv',
    );
    const cases = screen.getByRole('region', { name: 'Signalements L131-8' });
    expect(await within(cases).findByRole('row', { name: /Hugo Bernard/ })).toHaveTextContent('Ouvert');
    const volume = screen.getByRole('region', { name: 'Volume horaire et séances annulées' });
    expect(await within(volume).findByRole('row', { name: /CE2 A/ })).toHaveTextContent('23 h-1 h2');
    // Commune views are not an inspector's.
    expect(screen.queryByRole('region', { name: 'Prévision de cantine' })).not.toBeInTheDocument();
  });

  it('puts the filters in the queries and in the CSV links', async () => {
    inspectorApi();
    const { user } = renderApp('/tableau-de-bord');

    await user.type(await screen.findByLabelText('Rechercher une école', {}, SLOW), 'Jaur');

    const schools = screen.getByRole('region', { name: 'Écoles' });
    await waitFor(() =>
      expect(within(schools).getByRole('link', { name: 'Télécharger en CSV : Écoles' })).toHaveAttribute(
        'href',
        '/api/v1/authority/schools/?search=Jaur&format=csv',
      ),
    );
    await waitFor(() =>
      expect(within(schools).queryByRole('link', { name: 'Ouvrir l’école École Paul Langevin' })).not.toBeInTheDocument(),
    );
    expect(within(schools).getByRole('link', { name: 'Ouvrir l’école École Jean Jaurès' })).toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'Appels non faits' })).getByRole('link', {
        name: 'Télécharger en CSV : Appels non faits',
      }),
    ).toHaveAttribute('href', '/api/v1/authority/roll-calls-not-taken/?search=Jaur&period=today&format=csv');
  });

  it('shows a commune officer "moins de 5 élèves" for masked figures and the canteen forecast', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, communeMe),
      [`GET ${A}/overview/`]: () => json(200, communeOverview),
      [`GET ${A}/schools/`]: () => json(200, page([schoolRow(JAURES_COMMUNE)])),
      [`GET ${A}/attendance/`]: () => json(200, page([maskedAttendance(JAURES_COMMUNE, '2026-11-01')])),
      [`GET ${A}/canteen/`]: () => json(200, page([canteenRow])),
      [`GET ${A}/headcounts/`]: () =>
        json(
          200,
          page([
            {
              school: JAURES_COMMUNE,
              date: '2026-11-24',
              pupils: 96,
              levels: [
                { level: 'CP', pupils: 24, suppressed: [] },
                { level: 'CM2', pupils: null, suppressed: ['pupils'] },
              ],
              classrooms: [],
              suppressed: [],
            },
          ]),
        ),
      [`GET ${A}/movements/`]: () =>
        json(200, page([{ school: JAURES_COMMUNE, month: '2026-11', arrivals: null, departures: 6, suppressed: ['arrivals'] }])),
    });
    renderApp('/tableau-de-bord');

    const figures = await screen.findByRole('region', { name: 'Chiffres clés' }, SLOW);
    expect(within(figures).getByTestId('figure-pupils')).toHaveTextContent('Élèves inscrits96');
    expect(within(figures).getByTestId('figure-attendance')).toHaveTextContent('Assiduité ce mois-cimoins de 5 élèves');
    expect(within(figures).queryByTestId('figure-cases')).not.toBeInTheDocument();

    const attendance = screen.getByRole('region', { name: 'Assiduité' });
    const row = await within(attendance).findByRole('row', { name: /École Jean Jaurès/ });
    expect(within(row).getAllByRole('cell', { name: 'moins de 5 élèves' })).toHaveLength(5);
    expect(row).not.toHaveTextContent('<5');
    expect(await screen.findByText(/Les chiffres de ce mois concernent moins de 5 élèves/)).toBeInTheDocument();

    const canteen = screen.getByRole('region', { name: 'Prévision de cantine' });
    const canteenRowEl = await within(canteen).findByRole('row', { name: /École Jean Jaurès/ });
    expect(canteenRowEl).toHaveTextContent('94');
    expect(canteenRowEl).toHaveTextContent('Appel du matin fait dans 3 classes sur 4');
    expect(canteenRowEl).toHaveTextContent('Inscrits : 96 · absences signalées : 6');
    expect(canteenRowEl).toHaveTextContent('Inscrits : 96 · absences signalées : moins de 5 élèves');
    expect(within(canteen).getByRole('link', { name: 'Télécharger en CSV : Prévision de cantine' })).toHaveAttribute(
      'href',
      '/api/v1/authority/canteen/?format=csv',
    );

    const headcounts = screen.getByRole('region', { name: 'Effectifs' });
    expect(await within(headcounts).findByRole('row', { name: /École Jean Jaurès/ })).toHaveTextContent('CP : 24 · CM2 : moins de 5 élèves');
    const movements = screen.getByRole('region', { name: 'Mouvements du mois' });
    expect(await within(movements).findByRole('row', { name: /École Jean Jaurès/ })).toHaveTextContent('moins de 5 élèves6');

    // No inspection views for a commune.
    expect(screen.queryByRole('region', { name: 'Signalements L131-8' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Appels non faits' })).not.toBeInTheDocument();
  });
});

describe('DashboardPage coverage', () => {
  it('says what the headline rate covers and shows a school with too few calls as such', async () => {
    const shortRow = attendanceRow(LANGEVIN, '2026-11-01', {
      roll_calls: 1,
      calls_due: 27,
      coverage: 0.037,
      coverage_sufficient: false,
      attendance_rate: null,
      lateness_rate: null,
    });
    const noCall = attendanceRow({ ...LANGEVIN, id: 14, name: 'École Sans Appel' }, '2026-11-01', {
      roll_calls: 0,
      calls_due: 27,
      coverage: 0,
      coverage_sufficient: false,
      pupils: null,
      expected_half_days: null,
      absent_half_days: null,
      unjustified_half_days: null,
      late_arrivals: null,
      absent_pupils: null,
      late_pupils: null,
      attendance_rate: null,
      lateness_rate: null,
    });
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, inspectorMe),
      [`GET ${A}/overview/`]: () =>
        json(200, {
          ...inspectorOverview,
          schools: 3,
          attendance_rate_this_month: 0.9926,
          attendance_coverage: {
            calls_due: 81,
            calls_taken: 28,
            coverage: 0.3457,
            threshold: 0.8,
            schools: 3,
            schools_covered: 1,
            schools_left_out: 2,
            schools_without_calls: 1,
          },
        }),
      [`GET ${A}/schools/`]: () => json(200, page([schoolRow(JAURES), schoolRow(LANGEVIN)])),
      [`GET ${A}/attendance/`]: () => json(200, page([attendanceRow(JAURES, '2026-11-01', { calls_due: 27, roll_calls: 27 }), shortRow, noCall])),
      [`GET ${A}/roll-calls-not-taken/`]: () => json(200, page([])),
      [`GET ${A}/l1318-cases/`]: () => json(200, page([])),
      [`GET ${A}/timetable-volume/`]: () => json(200, page([])),
    });
    renderApp('/tableau-de-bord');

    const figures = await screen.findByRole('region', { name: 'Chiffres clés' }, SLOW);
    const headline = within(figures).getByTestId('figure-attendance');
    expect(headline).toHaveTextContent(/99,3\s%/);
    expect(headline).toHaveTextContent('Sur 1 école sur 3 ; appels faits : 28 sur 81 dus ce mois-ci.');
    expect(headline).toHaveTextContent('2 écoles laissées hors du taux : couverture insuffisante');
    expect(headline).toHaveTextContent('Dont 1 sans aucun appel.');

    const attendance = screen.getByRole('region', { name: 'Assiduité' });
    const short = await within(attendance).findByRole('row', { name: /École Paul Langevin/ });
    expect(within(short).getByLabelText('Appels faits : 1 sur 27 dus')).toBeInTheDocument();
    expect(within(short).getAllByRole('cell', { name: 'couverture insuffisante' })).toHaveLength(2);
    expect(short).not.toHaveTextContent(/\d\s%/);
    const none = within(attendance).getByRole('row', { name: /École Sans Appel/ });
    expect(none).toHaveTextContent('0 / 27 appels');
    expect(within(none).getAllByRole('cell', { name: 'couverture insuffisante' })).toHaveLength(2);

    // The per-school chart leaves the two schools out and says so.
    const perSchool = await screen.findByRole('figure', { name: /^Taux d’assiduité de chaque école/ });
    expect(perSchool).toHaveAccessibleName(/2 écoles en couverture insuffisante ne sont pas représentées/);
    expect(within(perSchool).queryByRole('row', { name: /École Paul Langevin/ })).not.toBeInTheDocument();

    // The wide table scrolls in its own box, reachable with the keyboard.
    const box = within(attendance).getByRole('region', { name: 'Tableau « Assiduité »' });
    expect(box).toHaveAttribute('tabindex', '0');
  });

  it('gives no headline rate when no school took enough calls', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, inspectorMe),
      [`GET ${A}/overview/`]: () =>
        json(200, {
          ...inspectorOverview,
          attendance_rate_this_month: null,
          attendance_coverage: { ...fullCoverage, calls_taken: 2, coverage: 0.01, schools_covered: 0, schools_left_out: 2 },
        }),
      [`GET ${A}/schools/`]: () => json(200, page([])),
      [`GET ${A}/attendance/`]: () => json(200, page([])),
      [`GET ${A}/roll-calls-not-taken/`]: () => json(200, page([])),
      [`GET ${A}/l1318-cases/`]: () => json(200, page([])),
      [`GET ${A}/timetable-volume/`]: () => json(200, page([])),
    });
    renderApp('/tableau-de-bord');
    const figures = await screen.findByRole('region', { name: 'Chiffres clés' }, SLOW);
    const headline = within(figures).getByTestId('figure-attendance');
    expect(headline).toHaveTextContent('Assiduité ce mois-cicouverture insuffisante');
    expect(headline).toHaveTextContent('Aucune école n’a fait assez d’appels ce mois-ci pour un taux.');
  });
});

describe('SchoolPage (drill-down)', () => {
  it('links back to the circonscription and down to each classroom, with the CSV of the classes', async () => {
    inspectorApi();
    renderApp('/tableau-de-bord/ecoles/12');

    expect(await screen.findByRole('heading', { level: 1, name: 'École Jean Jaurès' }, SLOW)).toBeInTheDocument();
    const breadcrumbs = screen.getByRole('navigation', { name: 'Fil d’Ariane' });
    expect(within(breadcrumbs).getByRole('link', { name: 'Vitry-sur-Seine 2' })).toHaveAttribute(
      'href',
      '/tableau-de-bord/circonscriptions/0941002K',
    );
    const classes = screen.getByRole('region', { name: 'Classes' });
    expect(await within(classes).findByRole('link', { name: 'Ouvrir la classe CE2 A' })).toHaveAttribute(
      'href',
      '/tableau-de-bord/classes/70',
    );
    expect(within(classes).getByRole('link', { name: 'Télécharger en CSV : Classes' })).toHaveAttribute(
      'href',
      '/api/v1/authority/schools/12/classrooms/?format=csv',
    );
    expect(screen.getByRole('link', { name: 'Télécharger en CSV : Liste des élèves (article R131-3)' })).toHaveAttribute(
      'href',
      '/api/v1/authority/schools/12/pupils/?format=csv',
    );
  });

  it('lists the circonscriptions of a DASEN with a link to each', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () =>
        json(200, { ...inspectorMe, roles: ['dasen'], authority_scopes: [{ role: 'dasen', label: 'Val-de-Marne', departement_id: 1 }] }),
      [`GET ${A}/overview/`]: () =>
        json(200, { ...inspectorOverview, authority_roles: ['dasen'], scopes: [{ role: 'dasen', code: '094', name: 'Val-de-Marne' }] }),
      [`GET ${A}/circonscriptions/`]: () => json(200, page([circonscriptionRow])),
      [`GET ${A}/schools/`]: () => json(200, page([schoolRow(JAURES)])),
      [`GET ${A}/attendance/`]: () => json(200, page([])),
      [`GET ${A}/roll-calls-not-taken/`]: () => json(200, page([])),
      [`GET ${A}/l1318-cases/`]: () => json(200, page([])),
      [`GET ${A}/timetable-volume/`]: () => json(200, page([])),
    });
    renderApp('/tableau-de-bord');

    const circonscriptions = await screen.findByRole('region', { name: 'Circonscriptions' }, SLOW);
    expect(await within(circonscriptions).findByRole('link', { name: 'Ouvrir la circonscription Vitry-sur-Seine 2' })).toHaveAttribute(
      'href',
      '/tableau-de-bord/circonscriptions/0941002K',
    );
    expect(within(circonscriptions).getByRole('row', { name: /Vitry-sur-Seine 2/ })).toHaveTextContent(/96,0\s%/);
    // The whole département is charted by circonscription, not school by school.
    const chart = await screen.findByRole('figure', { name: /^Taux d’assiduité de chaque circonscription/ });
    expect(within(chart).getByRole('row', { name: /Vitry-sur-Seine 2/ })).toHaveTextContent(/96\s%/);
  });

  type Me = typeof inspectorMe;
  const dasenMe: Me = { ...inspectorMe, roles: ['dasen'], authority_scopes: [{ role: 'dasen', label: 'Val-de-Marne', departement_id: 1 }] };
  const dasenOverview = { ...inspectorOverview, authority_roles: ['dasen'], scopes: [{ role: 'dasen', code: '094', name: 'Val-de-Marne' }] };
  const LISTS = ['schools', 'attendance', 'roll-calls-not-taken', 'l1318-cases', 'timetable-volume', 'canteen', 'headcounts', 'movements'];
  const CODE = circonscriptionRow.code;

  it.each([
    ['the tableau de bord', 'an IEN', inspectorMe, '/tableau-de-bord', 'overview/', (me: Me) => dashboardQueries(me.roles, parisToday())],
    ['the tableau de bord', 'a commune officer', communeMe, '/tableau-de-bord', 'overview/', (me: Me) => dashboardQueries(me.roles, parisToday())],
    ['the tableau de bord', 'the DASEN', dasenMe, '/tableau-de-bord', 'overview/', (me: Me) => dashboardQueries(me.roles, parisToday())],
    ['a school’s page', 'an IEN', inspectorMe, '/tableau-de-bord/ecoles/12', 'schools/12/', (me: Me) => schoolQueries(me.roles, 12, parisToday())],
    ['a school’s page', 'a commune officer', communeMe, '/tableau-de-bord/ecoles/12', 'schools/12/', (me: Me) => schoolQueries(me.roles, 12, parisToday())],
    ['a circonscription’s page', 'the DASEN', dasenMe, `/tableau-de-bord/circonscriptions/${CODE}`, 'circonscriptions/', () => circonscriptionQueries(CODE, parisToday())],
  ])('asks, on %s of %s, every section while the page loads, each once, and nothing it does not show', async (_page, _who, me, route, first, expectedOf) => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const answers: Record<string, () => Response> = {
      'overview/': () => json(200, me === dasenMe ? dasenOverview : me === communeMe ? communeOverview : inspectorOverview),
      'schools/12/': () => json(200, schoolRow(me === communeMe ? JAURES_COMMUNE : JAURES)),
      'circonscriptions/': () => json(200, page([circonscriptionRow])),
    };
    const { fetchMock } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, me),
      ...Object.fromEntries(LISTS.map((path) => [`GET ${A}/${path}/`, () => json(200, page([]))])),
      [`GET ${A}/schools/12/classrooms/`]: () => json(200, jauresClassrooms),
      ...Object.fromEntries(
        Object.entries(answers).map(([path, answer]) => [
          `GET ${A}/${path}`,
          async () => {
            if (path === first) await held;
            return answer();
          },
        ]),
      ),
    });
    const asked = () =>
      fetchMock.mock.calls
        .map(([input]) => (input instanceof Request ? input.url : String(input)))
        .filter((url) => url.includes(`${A}/`));
    const { queryClient } = renderApp(route);

    // The page's first request has not answered yet, and every section's request has
    // left: the page does not wait for its code, then for that answer, to ask for them.
    await waitFor(() => expect(asked()).toHaveLength(expectedOf(me).length), SLOW);
    release();
    await screen.findByRole('heading', { level: 1 }, SLOW);
    await waitFor(() => expect(queryClient.isFetching()).toBe(0), SLOW);
    await waitFor(() => expect(document.querySelector('main [aria-busy="true"]')).toBeNull(), SLOW);

    // Each asked once, and each answer is one the page shows.
    expect(new Set(asked()).size).toBe(asked().length);
    const unused = queryClient
      .getQueryCache()
      .findAll({ queryKey: AUTHORITY_QUERY_KEY })
      .filter((query) => query.getObserversCount() === 0)
      .map((query) => query.queryHash);
    expect(unused).toEqual([]);
  });
});
