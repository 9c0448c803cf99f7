import { lazy } from 'react';
import { useParams } from 'react-router';

import { useCurrentUser } from '../../shared/currentUser';
import { parisToday } from './format';
import { circonscriptionQueries, dashboardQueries, schoolQueries, usePrefetch } from './hooks';

// The authority pages draw charts: each page is a chunk of its own, with the charts' code.
const DashboardPage = lazy(() => import('./DashboardPage').then((m) => ({ default: m.DashboardPage })));
const CirconscriptionPage = lazy(() =>
  import('./CirconscriptionPage').then((m) => ({ default: m.CirconscriptionPage })),
);
const SchoolPage = lazy(() => import('./SchoolPage').then((m) => ({ default: m.SchoolPage })));

/*
 * The routes of the pages with charts: their requests leave while the page's code is
 * fetched and parsed, instead of after it (docs/benchmarks.md, the authority pages).
 */

export function DashboardRoute() {
  const me = useCurrentUser();
  usePrefetch(dashboardQueries(me.roles, parisToday()));
  return <DashboardPage />;
}

export function SchoolRoute() {
  const me = useCurrentUser();
  const schoolId = Number(useParams().schoolId);
  usePrefetch(Number.isInteger(schoolId) ? schoolQueries(me.roles, schoolId, parisToday()) : []);
  return <SchoolPage />;
}

export function CirconscriptionRoute() {
  const { code = '' } = useParams();
  usePrefetch(circonscriptionQueries(code, parisToday()));
  return <CirconscriptionPage />;
}
