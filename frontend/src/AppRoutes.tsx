import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';

import {
  ACTIVATE_PATH,
  LOGIN_PATH,
  PASSWORD_FORGOT_PATH,
  PASSWORD_RESET_PATH,
  SECOND_FACTOR_SETUP_PATH,
} from './features/accounts/hooks';
import { RequireAuth } from './features/accounts/RequireAuth';
import {
  ABSENCES_PATH,
  CALLS_NOT_TAKEN_PATH,
  CASES_PATH,
  JUSTIFICATIONS_PATH,
  REGISTER_PATH,
  ROLL_CALL_ROUTE,
} from './features/attendance/paths';
import { AUDIT_LOG_PATH } from './features/audit/paths';
import { CirconscriptionRoute, DashboardRoute, SchoolRoute } from './features/authority/routes';
import {
  CIRCONSCRIPTION_ROUTE,
  CLASSROOM_ROUTE,
  DASHBOARD_PATH,
  HOLIDAYS_PATH,
  SCHOOL_ROUTE,
} from './features/authority/paths';
import { LINK_PATH, LINKED_ACCOUNTS_PATH } from './features/federation/paths';
import { CLASS_CARDS_INDEX_PATH, CLASS_CARDS_ROUTE, DEVICE_PATH } from './features/classCards/paths';
import { CLASSROOM_HOMEWORK_ROUTE, HOMEWORK_PATH, LESSONS_ROUTE } from './features/homework/paths';
import {
  CLASS_BILANS_ROUTE,
  CYCLE_BILANS_ROUTE,
  EVALUATIONS_ROUTE,
  FAMILY_LIVRET_PATH,
  GRID_ROUTE,
  LIVRET_PROGRESS_PATH,
  SCHOOL_LIVRET_PATH,
} from './features/livret/paths';
import { ANNOUNCEMENTS_PATH, CONVERSATION_ROUTE, INBOX_PATH, NOTES_PATH } from './features/messaging/paths';
import { ONDE_IMPORT_PATH } from './features/imports/paths';
import { UNSUBSCRIBE_ROUTE } from './features/notifications/paths';
import { PUPIL_RECORD_ROUTE } from './features/pupilRecord/paths';
import { EXERCISES_PATH, MUSTER_ROUTE, SAFETY_PATH } from './features/safety/paths';
import {
  CALENDAR_PATH,
  CLASSROOM_WEEK_ROUTE,
  SCHOOL_TIMETABLES_PATH,
  TEACHER_DAY_PATH,
  WEEK_PATH,
} from './features/timetable/paths';
import { ME_PATH } from './features/today/paths';
import { LIVE_EVENT_HANDLERS } from './liveEvents';
import { ACCESSIBILITY_PATH } from './shared/AppFooter';
import { FullPageLoader } from './shared/FullPageLoader';
import { Layout } from './shared/Layout';
import { NotFoundPage } from './shared/NotFoundPage';
import { RealtimeProvider } from './shared/RealtimeProvider';

// Pages are loaded on demand so that each feature ships in its own chunk.
const AccessibilityPage = lazy(() =>
  import('./shared/AccessibilityPage').then((m) => ({ default: m.AccessibilityPage })),
);
const LoginPage = lazy(() =>
  import('./features/accounts/LoginPage').then((m) => ({ default: m.LoginPage })),
);
const ActivatePage = lazy(() =>
  import('./features/accounts/ActivatePage').then((m) => ({ default: m.ActivatePage })),
);
const PasswordForgotPage = lazy(() =>
  import('./features/accounts/PasswordForgotPage').then((m) => ({ default: m.PasswordForgotPage })),
);
const PasswordResetPage = lazy(() =>
  import('./features/accounts/PasswordResetPage').then((m) => ({ default: m.PasswordResetPage })),
);
const SecondFactorSetupPage = lazy(() =>
  import('./features/accounts/SecondFactorSetupPage').then((m) => ({ default: m.SecondFactorSetupPage })),
);
const LinkAccountPage = lazy(() =>
  import('./features/federation/LinkAccountPage').then((m) => ({ default: m.LinkAccountPage })),
);
const LinkedAccountsPage = lazy(() =>
  import('./features/federation/LinkedAccountsPage').then((m) => ({ default: m.LinkedAccountsPage })),
);
const UnsubscribePage = lazy(() =>
  import('./features/notifications/UnsubscribePage').then((m) => ({ default: m.UnsubscribePage })),
);
const TodayPage = lazy(() => import('./features/today/TodayPage').then((m) => ({ default: m.TodayPage })));
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
const EvaluationsPage = lazy(() =>
  import('./features/livret/EvaluationsPage').then((m) => ({ default: m.EvaluationsPage })),
);
const GridPage = lazy(() => import('./features/livret/GridPage').then((m) => ({ default: m.GridPage })));
const FamilyLivretPage = lazy(() =>
  import('./features/livret/FamilyLivretPage').then((m) => ({ default: m.FamilyLivretPage })),
);
const ClassBilansPage = lazy(() =>
  import('./features/livret/ClassBilansPage').then((m) => ({ default: m.ClassBilansPage })),
);
const CycleBilansPage = lazy(() =>
  import('./features/livret/CycleBilansPage').then((m) => ({ default: m.CycleBilansPage })),
);
const SchoolLivretPage = lazy(() =>
  import('./features/livret/SchoolLivretPage').then((m) => ({ default: m.SchoolLivretPage })),
);
const LivretProgressPage = lazy(() =>
  import('./features/livret/ProgressPage').then((m) => ({ default: m.ProgressPage })),
);
const InboxPage = lazy(() => import('./features/messaging/InboxPage').then((m) => ({ default: m.InboxPage })));
const NotesPage = lazy(() => import('./features/messaging/NotesPage').then((m) => ({ default: m.NotesPage })));
const AnnouncementsPage = lazy(() =>
  import('./features/messaging/AnnouncementsPage').then((m) => ({ default: m.AnnouncementsPage })),
);
const RollCallPage = lazy(() =>
  import('./features/attendance/RollCallPage').then((m) => ({ default: m.RollCallPage })),
);
const AbsencesPage = lazy(() =>
  import('./features/attendance/AbsencesPage').then((m) => ({ default: m.AbsencesPage })),
);
const CallsNotTakenPage = lazy(() =>
  import('./features/attendance/CallsNotTakenPage').then((m) => ({ default: m.CallsNotTakenPage })),
);
const JustificationsPage = lazy(() =>
  import('./features/attendance/JustificationsPage').then((m) => ({ default: m.JustificationsPage })),
);
const RegisterPage = lazy(() =>
  import('./features/attendance/RegisterPage').then((m) => ({ default: m.RegisterPage })),
);
const CasesPage = lazy(() => import('./features/attendance/CasesPage').then((m) => ({ default: m.CasesPage })));
const OndeImportPage = lazy(() =>
  import('./features/imports/OndeImportPage').then((m) => ({ default: m.OndeImportPage })),
);
const AuthorityClassroomPage = lazy(() =>
  import('./features/authority/ClassroomPage').then((m) => ({ default: m.ClassroomPage })),
);
const HolidaysPage = lazy(() =>
  import('./features/authority/HolidaysPage').then((m) => ({ default: m.HolidaysPage })),
);
const PupilRecordPage = lazy(() =>
  import('./features/pupilRecord/PupilRecordPage').then((m) => ({ default: m.PupilRecordPage })),
);
const AuditLogPage = lazy(() => import('./features/audit/AuditLogPage').then((m) => ({ default: m.AuditLogPage })));
const SafetyPage = lazy(() => import('./features/safety/SafetyPage').then((m) => ({ default: m.SafetyPage })));
const MusterPage = lazy(() => import('./features/safety/MusterPage').then((m) => ({ default: m.MusterPage })));
const ExercisesPage = lazy(() =>
  import('./features/safety/ExercisesPage').then((m) => ({ default: m.ExercisesPage })),
);
const ClassDevicePage = lazy(() =>
  import('./features/classCards/DevicePage').then((m) => ({ default: m.DevicePage })),
);
const ClassCardsPage = lazy(() =>
  import('./features/classCards/ClassCardsPage').then((m) => ({ default: m.ClassCardsPage })),
);
const ClassCardsIndexPage = lazy(() =>
  import('./features/classCards/ClassCardsIndexPage').then((m) => ({ default: m.ClassCardsIndexPage })),
);

export function AppRoutes() {
  return (
    <Suspense fallback={<FullPageLoader />}>
      <Routes>
        <Route path={LOGIN_PATH} element={<LoginPage />} />
        {/* Public: the accessibility statement is read without an account. */}
        <Route path={ACCESSIBILITY_PATH} element={<AccessibilityPage />} />
        <Route path={ACTIVATE_PATH} element={<ActivatePage />} />
        {/* Public: the identity provider sends here someone whose identity is not linked yet. */}
        <Route path={LINK_PATH} element={<LinkAccountPage />} />
        <Route path={PASSWORD_FORGOT_PATH} element={<PasswordForgotPage />} />
        <Route path={PASSWORD_RESET_PATH} element={<PasswordResetPage />} />
        {/* Public: the digest's link, opened from the mail without a session. */}
        <Route path={UNSUBSCRIBE_ROUTE} element={<UnsubscribePage />} />
        {/* Public: the classroom's tablet, where a young pupil signs in with their card. */}
        <Route path={DEVICE_PATH} element={<ClassDevicePage />} />
        {/* Outside the guard: a session opened only to set up a second factor reaches this. */}
        <Route path={SECOND_FACTOR_SETUP_PATH} element={<SecondFactorSetupPage />} />
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
            <Route index element={<TodayPage />} />
            <Route path={ME_PATH} element={<MePage />} />
            <Route path={WEEK_PATH} element={<WeekPage />} />
            <Route path={TEACHER_DAY_PATH} element={<TeacherDayPage />} />
            <Route path={SCHOOL_TIMETABLES_PATH} element={<SchoolTimetablesPage />} />
            <Route path={CLASSROOM_WEEK_ROUTE} element={<ClassroomWeekPage />} />
            <Route path={CALENDAR_PATH} element={<CalendarFeedsPage />} />
            <Route path={HOMEWORK_PATH} element={<HomeworkPage />} />
            <Route path={LESSONS_ROUTE} element={<LessonsPage />} />
            <Route path={CLASSROOM_HOMEWORK_ROUTE} element={<ClassroomHomeworkPage />} />
            <Route path={EVALUATIONS_ROUTE} element={<EvaluationsPage />} />
            <Route path={GRID_ROUTE} element={<GridPage />} />
            <Route path={FAMILY_LIVRET_PATH} element={<FamilyLivretPage />} />
            <Route path={CLASS_BILANS_ROUTE} element={<ClassBilansPage />} />
            <Route path={CYCLE_BILANS_ROUTE} element={<CycleBilansPage />} />
            <Route path={SCHOOL_LIVRET_PATH} element={<SchoolLivretPage />} />
            <Route path={LIVRET_PROGRESS_PATH} element={<LivretProgressPage />} />
            <Route path={INBOX_PATH} element={<InboxPage />} />
            <Route path={CONVERSATION_ROUTE} element={<InboxPage />} />
            <Route path={NOTES_PATH} element={<NotesPage />} />
            <Route path={ANNOUNCEMENTS_PATH} element={<AnnouncementsPage />} />
            <Route path={ROLL_CALL_ROUTE} element={<RollCallPage />} />
            <Route path={ABSENCES_PATH} element={<AbsencesPage />} />
            <Route path={CALLS_NOT_TAKEN_PATH} element={<CallsNotTakenPage />} />
            <Route path={JUSTIFICATIONS_PATH} element={<JustificationsPage />} />
            <Route path={REGISTER_PATH} element={<RegisterPage />} />
            <Route path={CASES_PATH} element={<CasesPage />} />
            <Route path={ONDE_IMPORT_PATH} element={<OndeImportPage />} />
            <Route path={AUDIT_LOG_PATH} element={<AuditLogPage />} />
            <Route path={LINKED_ACCOUNTS_PATH} element={<LinkedAccountsPage />} />
            <Route path={PUPIL_RECORD_ROUTE} element={<PupilRecordPage />} />
            <Route path={DASHBOARD_PATH} element={<DashboardRoute />} />
            <Route path={CIRCONSCRIPTION_ROUTE} element={<CirconscriptionRoute />} />
            <Route path={SCHOOL_ROUTE} element={<SchoolRoute />} />
            <Route path={CLASSROOM_ROUTE} element={<AuthorityClassroomPage />} />
            <Route path={HOLIDAYS_PATH} element={<HolidaysPage />} />
            <Route path={SAFETY_PATH} element={<SafetyPage />} />
            <Route path={MUSTER_ROUTE} element={<MusterPage />} />
            <Route path={EXERCISES_PATH} element={<ExercisesPage />} />
            <Route path={CLASS_CARDS_ROUTE} element={<ClassCardsPage />} />
            <Route path={CLASS_CARDS_INDEX_PATH} element={<ClassCardsIndexPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
