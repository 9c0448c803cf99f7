import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';

import { LOGIN_PATH } from './features/accounts/hooks';
import { RequireAuth } from './features/accounts/RequireAuth';
import { CIRCONSCRIPTION_ROUTE, CLASSROOM_ROUTE, DASHBOARD_PATH, SCHOOL_ROUTE } from './features/authority/paths';
import { CLASSROOM_HOMEWORK_ROUTE, HOMEWORK_PATH, LESSONS_ROUTE } from './features/homework/paths';
import {
  CALENDAR_PATH,
  CLASSROOM_WEEK_ROUTE,
  SCHOOL_TIMETABLES_PATH,
  TEACHER_DAY_PATH,
  WEEK_PATH,
} from './features/timetable/paths';
import { LIVE_EVENT_HANDLERS } from './liveEvents';
import { FullPageLoader } from './shared/FullPageLoader';
import { Layout } from './shared/Layout';
import { NotFoundPage } from './shared/NotFoundPage';
import { RealtimeProvider } from './shared/RealtimeProvider';

// Pages are loaded on demand so that each feature ships in its own chunk.
const LoginPage = lazy(() =>
  import('./features/accounts/LoginPage').then((m) => ({ default: m.LoginPage })),
);
const MePage = lazy(() => import('./features/accounts/MePage').then((m) => ({ default: m.MePage })));
const WeekPage = lazy(() => import('./features/timetable/WeekPage').then((m) => ({ default: m.WeekPage })));
const TeacherDayPage = lazy(() =>
  import('./features/timetable/TeacherDayPage').then((m) => ({ default: m.TeacherDayPage })),
);
const ClassroomWeekPage = lazy(() =>
  import('./features/timetable/ClassroomWeekPage').then((m) => ({ default: m.ClassroomWeekPage })),
);
const SchoolTimetablesPage = lazy(() =>
  import('./features/timetable/SchoolTimetablesPage').then((m) => ({ default: m.SchoolTimetablesPage })),
);
const CalendarFeedsPage = lazy(() =>
  import('./features/timetable/CalendarFeedsPage').then((m) => ({ default: m.CalendarFeedsPage })),
);
const HomeworkPage = lazy(() =>
  import('./features/homework/HomeworkPage').then((m) => ({ default: m.HomeworkPage })),
);
const LessonsPage = lazy(() => import('./features/homework/LessonsPage').then((m) => ({ default: m.LessonsPage })));
const ClassroomHomeworkPage = lazy(() =>
  import('./features/homework/ClassroomHomeworkPage').then((m) => ({ default: m.ClassroomHomeworkPage })),
);
const DashboardPage = lazy(() =>
  import('./features/authority/DashboardPage').then((m) => ({ default: m.DashboardPage })),
);
const CirconscriptionPage = lazy(() =>
  import('./features/authority/CirconscriptionPage').then((m) => ({ default: m.CirconscriptionPage })),
);
const AuthoritySchoolPage = lazy(() =>
  import('./features/authority/SchoolPage').then((m) => ({ default: m.SchoolPage })),
);
const AuthorityClassroomPage = lazy(() =>
  import('./features/authority/ClassroomPage').then((m) => ({ default: m.ClassroomPage })),
);

export function AppRoutes() {
  return (
    <Suspense fallback={<FullPageLoader />}>
      <Routes>
        <Route path={LOGIN_PATH} element={<LoginPage />} />
        {/* Every other route requires a signed-in user. */}
        <Route element={<RequireAuth />}>
          {/* One live socket for the signed-in user; closed when this part unmounts (logout). */}
          <Route
            element={
              <RealtimeProvider handlers={LIVE_EVENT_HANDLERS}>
                <Layout />
              </RealtimeProvider>
            }
          >
            <Route index element={<MePage />} />
            <Route path={WEEK_PATH} element={<WeekPage />} />
            <Route path={TEACHER_DAY_PATH} element={<TeacherDayPage />} />
            <Route path={SCHOOL_TIMETABLES_PATH} element={<SchoolTimetablesPage />} />
            <Route path={CLASSROOM_WEEK_ROUTE} element={<ClassroomWeekPage />} />
            <Route path={CALENDAR_PATH} element={<CalendarFeedsPage />} />
            <Route path={HOMEWORK_PATH} element={<HomeworkPage />} />
            <Route path={LESSONS_ROUTE} element={<LessonsPage />} />
            <Route path={CLASSROOM_HOMEWORK_ROUTE} element={<ClassroomHomeworkPage />} />
            <Route path={DASHBOARD_PATH} element={<DashboardPage />} />
            <Route path={CIRCONSCRIPTION_ROUTE} element={<CirconscriptionPage />} />
            <Route path={SCHOOL_ROUTE} element={<AuthoritySchoolPage />} />
            <Route path={CLASSROOM_ROUTE} element={<AuthorityClassroomPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
