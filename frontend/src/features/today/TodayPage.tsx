import { Anchor, Badge, Button, Card, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import type { TFunction } from 'i18next';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import type {
  Today,
  TodayAbsence,
  TodayAuthority,
  TodayAuthorityWeek,
  TodayChild,
  TodayDay,
  TodayDirector,
  TodayHomework,
  TodayLesson,
  TodayPupil,
  TodayTeacher,
} from '../../api/types';
import { ABSENCES_PATH, CALLS_NOT_TAKEN_PATH, CASES_PATH, JUSTIFICATIONS_PATH, REGISTER_PATH, rollCallPath } from '../attendance/paths';
import { insufficientLabel, maskedLabel, percentText, wholePercent } from '../authority/format';
import { DASHBOARD_PATH } from '../authority/paths';
import { HOMEWORK_PATH, lessonsPath } from '../homework/paths';
import { INBOX_PATH, NOTES_PATH } from '../messaging/paths';
import { useCurrentUser } from '../../shared/currentUser';
import { formatDate, formatDayLong, formatTime, SCHOOL_TIME_ZONE } from '../../shared/dates';
import { dayOffLabel, personName, subjectLabel } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';
import { ServerHtml } from '../../shared/ServerHtml';
import { usePageTitle } from '../../shared/usePageTitle';
import { useToday } from './hooks';
import { ME_PATH } from './paths';

/** The home page: what each role the user holds needs at 7:30, from one request, live. */
export function TodayPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('today.title'));
  const me = useCurrentUser();
  const today = useToday();
  const data = today.data;
  const notice = useUpdateNotice(data);

  return (
    <Stack gap="xl" maw={900} aria-busy={today.isFetching || undefined}>
      <VisuallyHidden role="status">{notice}</VisuallyHidden>
      <Stack gap={4}>
        <Title order={1}>{t('today.title')}</Title>
        <Text size="lg">
          {t('today.greeting', { name: me.person?.first_name ?? me.display_name })}
          {data ? ` · ${formatDayLong(data.date, i18n.language)}` : ''}
        </Text>
      </Stack>
      {data === undefined ? <QueryState query={today} /> : <Sections data={data} />}
    </Stack>
  );
}

/**
 * What a screen reader hears when the page changes under the user's eyes (a live event
 * brought an absence, a message, a signature…): « Page mise à jour à 8 h 42. »
 */
function useUpdateNotice(data: Today | undefined): string {
  const { t, i18n } = useTranslation();
  const previous = useRef<string | null>(null);
  const [notice, setNotice] = useState('');
  useEffect(() => {
    if (data === undefined) return;
    const current = JSON.stringify(data);
    if (previous.current !== null && previous.current !== current) {
      const now = new Intl.DateTimeFormat('en-GB', {
        hour: '2-digit',
        minute: '2-digit',
        timeZone: SCHOOL_TIME_ZONE,
      }).format(new Date());
      setNotice(t('today.updated', { time: formatTime(now, i18n.language) }));
    }
    previous.current = current;
  }, [data, t, i18n.language]);
  return notice;
}

function Sections({ data }: { data: Today }) {
  const { t } = useTranslation();
  const hasSection = Boolean(data.guardian || data.pupil || data.teacher || data.director || data.authority);
  return (
    <>
      {(data.guardian || data.teacher || data.director || data.authority) && (
        <UnreadMessages count={data.unread_messages} />
      )}
      {data.teacher && <TeacherSection teacher={data.teacher} />}
      {data.director && <DirectorSection director={data.director} />}
      {data.guardian?.children.map((child) => <ChildSection key={child.pupil.id} child={child} />)}
      {data.guardian && data.guardian.children.length === 0 && <Text>{t('today.guardian.noChild')}</Text>}
      {data.pupil && <PupilSection pupil={data.pupil} />}
      {data.authority && <AuthoritySection authority={data.authority} />}
      {!hasSection && (
        <Text>
          <Anchor component={Link} to={ME_PATH}>
            {t('today.nothing')}
          </Anchor>
        </Text>
      )}
    </>
  );
}

// --- Pieces -----------------------------------------------------------------------------------

function Section({ id, title, order = 2, children }: { id: string; title: string; order?: 2 | 3; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-labelledby={id}>
      <Title order={order} id={id} fz={order === 2 ? 'h3' : 'h4'}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Lines({ children }: { children: ReactNode }) {
  return (
    <Stack component="ul" gap={6} m={0} pl="md">
      {children}
    </Stack>
  );
}

function UnreadMessages({ count }: { count: number }) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" wrap="wrap">
      <Text fw={600}>{count > 0 ? t('today.unreadMessages', { count }) : t('today.noUnreadMessages')}</Text>
      <Anchor component={Link} to={INBOX_PATH}>
        {t('today.openInbox')}
      </Anchor>
    </Group>
  );
}

const STATUS_COLORS: Record<string, string> = {
  cancelled: 'red.9',
  replaced: 'blue.9',
  moved_away: 'grape.9',
  moved_in: 'grape.9',
  extra: 'teal.9',
};

function lessonTitle(t: TFunction, lesson: TodayLesson): string {
  return lesson.status === 'extra' && lesson.title ? lesson.title : subjectLabel(t, lesson.subject);
}

/** "8 h 30 – 10 h · Français", its change (badge) and what the change says. */
function LessonLine({ lesson, extra }: { lesson: TodayLesson; extra?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const time = t('today.lessonTime', {
    start: formatTime(lesson.start_time, i18n.language),
    end: formatTime(lesson.end_time, i18n.language),
  });
  const struck = lesson.status === 'cancelled' || lesson.status === 'moved_away';
  return (
    <li>
      <Group gap="xs" wrap="wrap">
        <Text span td={struck ? 'line-through' : undefined}>
          {time} · {lessonTitle(t, lesson)}
        </Text>
        {lesson.status !== 'scheduled' && (
          <Badge color={STATUS_COLORS[lesson.status]} variant="filled" tt="none">
            {t(`today.status.${lesson.status}`)}
          </Badge>
        )}
        {extra}
      </Group>
      {lesson.status === 'replaced' && (lesson.teacher || lesson.replacement_name) && (
        <Text size="sm">{t('today.replacedBy', { name: personName(lesson.teacher) || lesson.replacement_name })}</Text>
      )}
      {lesson.status === 'moved_away' && lesson.moved_to && (
        <Text size="sm">{t('today.movedTo', { date: formatDayLong(lesson.moved_to, i18n.language) })}</Text>
      )}
      {lesson.reason && <Text size="sm">{t('today.reason', { reason: lesson.reason })}</Text>}
    </li>
  );
}

function DayLessons({ day }: { day: TodayDay }) {
  const { t } = useTranslation();
  if (!day.is_school_day) {
    return <Text>{day.off ? dayOffLabel(t, day.off) : t('today.noLesson')}</Text>;
  }
  const lessons = day.lessons.filter((lesson) => lesson.is_teaching || lesson.status !== 'scheduled');
  if (lessons.length === 0) return <Text>{t('today.noLesson')}</Text>;
  return (
    <Lines>
      {lessons.map((lesson) => (
        <LessonLine key={`${lesson.start_time}-${lesson.subject}-${lesson.status}`} lesson={lesson} />
      ))}
    </Lines>
  );
}

function HomeworkLines({ homework }: { homework: TodayHomework[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Lines>
      {homework.map((item) => (
        <li key={item.id}>
          <Text span fw={600}>
            {t('today.guardian.dueOn', { date: formatDayLong(item.due_date, i18n.language) })} ·{' '}
            {subjectLabel(t, item.subject)}
          </Text>{' '}
          <Text span>{item.summary}</Text>
        </li>
      ))}
    </Lines>
  );
}

function absenceLine(t: TFunction, language: string, absence: TodayAbsence): string {
  return t('today.guardian.absence', {
    kind: t(`today.absenceKind.${absence.absence_kind}`),
    date: formatDayLong(absence.date, language),
    halfDay: t(`today.halfDay.${absence.half_day}`),
  });
}

// --- Guardian ---------------------------------------------------------------------------------

function ChildSection({ child }: { child: TodayChild }) {
  const { t, i18n } = useTranslation();
  const id = `today-child-${child.pupil.id}`;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id}>
      <Stack gap="md">
        <Title order={2} id={id} fz="h3">
          {t('today.guardian.childHeading', { name: personName(child.pupil), classroom: child.classroom.name })}
        </Title>
        {child.today && (
          <Section id={`${id}-today`} order={3} title={t('today.todayHeading', { date: formatDayLong(child.today.date, i18n.language) })}>
            <DayLessons day={child.today} />
          </Section>
        )}
        {child.next_day && (
          <Section id={`${id}-next`} order={3} title={t('today.nextDay', { date: formatDayLong(child.next_day.date, i18n.language) })}>
            <DayLessons day={child.next_day} />
          </Section>
        )}
        <Section id={`${id}-homework`} order={3} title={t('today.guardian.homework')}>
          {child.homework.length === 0 ? <Text>{t('today.guardian.noHomework')}</Text> : <HomeworkLines homework={child.homework} />}
          <Anchor component={Link} to={HOMEWORK_PATH} w="fit-content">
            {t('today.guardian.allHomework')}
          </Anchor>
        </Section>
        {child.notes_to_sign.length > 0 && (
          <Section id={`${id}-notes`} order={3} title={t('today.guardian.notes')}>
            <Lines>
              {child.notes_to_sign.map((note) => (
                <li key={note.id}>
                  <Text span>{note.title}</Text>{' '}
                  <Anchor component={Link} to={NOTES_PATH}>
                    {t('today.guardian.sign')}
                  </Anchor>
                </li>
              ))}
            </Lines>
          </Section>
        )}
        {child.absences_to_justify.length > 0 && (
          <Section id={`${id}-absences`} order={3} title={t('today.guardian.absences')}>
            <Lines>
              {child.absences_to_justify.map((absence) => (
                <li key={absence.id}>
                  <Text span>{absenceLine(t, i18n.language, absence)}</Text>
                  {absence.justification_status === 'refused' && <Text span> — {t('today.guardian.refused')}</Text>}{' '}
                  <Anchor component={Link} to={ABSENCES_PATH}>
                    {t('today.guardian.justify')}
                  </Anchor>
                </li>
              ))}
            </Lines>
          </Section>
        )}
      </Stack>
    </Card>
  );
}

// --- Pupil ------------------------------------------------------------------------------------

/** The day in words a 7-year-old reads: "À 8 h 30 : Français". */
function PupilDay({ day }: { day: TodayDay }) {
  const { t, i18n } = useTranslation();
  if (!day.is_school_day) {
    return <Text size="lg">{t('today.pupil.noSchool', { reason: day.off ? dayOffLabel(t, day.off) : '' })}</Text>;
  }
  return (
    <Lines>
      {day.lessons
        .filter((lesson) => lesson.subject !== 'pause_meridienne')
        .map((lesson) => {
          const words = {
            time: formatTime(lesson.start_time, i18n.language),
            subject: lessonTitle(t, lesson),
          };
          const cancelled = lesson.status === 'cancelled' || lesson.status === 'moved_away';
          return (
            <Text component="li" size="lg" key={`${lesson.start_time}-${lesson.subject}-${lesson.status}`}>
              {t(cancelled ? 'today.pupil.lessonCancelled' : 'today.pupil.lesson', words)}
            </Text>
          );
        })}
    </Lines>
  );
}

function PupilSection({ pupil }: { pupil: TodayPupil }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <Section id="today-pupil-day" title={t('today.pupil.heading')}>
        {pupil.today && <PupilDay day={pupil.today} />}
        {pupil.next_day && (!pupil.today || !pupil.today.is_school_day) && (
          <Text>{t('today.pupil.tomorrow', { date: formatDayLong(pupil.next_day.date, i18n.language) })}</Text>
        )}
      </Section>
      <Section id="today-pupil-homework" title={t('today.pupil.homework')}>
        {pupil.homework.length === 0 ? (
          <Text size="lg">{t('today.pupil.noHomework')}</Text>
        ) : (
          <Lines>
            {pupil.homework.map((item) => (
              <li key={item.id}>
                <Text size="lg" fw={600}>
                  {t('today.pupil.homeworkFor', {
                    date: formatDayLong(item.due_date, i18n.language),
                    subject: subjectLabel(t, item.subject),
                  })}
                </Text>
                <Text size="lg">{item.summary}</Text>
              </li>
            ))}
          </Lines>
        )}
      </Section>
      <Section id="today-pupil-message" title={t('today.pupil.message')}>
        {pupil.last_message ? (
          <Card withBorder padding="sm">
            <Text size="sm" fw={600}>
              {t('today.pupil.messageFrom', {
                name: pupil.last_message.author_name,
                date: formatDate(pupil.last_message.created_at.slice(0, 10), i18n.language),
              })}
            </Text>
            <ServerHtml html={pupil.last_message.body_html} />
          </Card>
        ) : (
          <Text>{t('today.pupil.noMessage')}</Text>
        )}
      </Section>
    </>
  );
}

// --- Teacher ----------------------------------------------------------------------------------

function TeacherSection({ teacher }: { teacher: TodayTeacher }) {
  const { t } = useTranslation();
  const classrooms = new Map(teacher.calls.map((call) => [call.classroom.id, call.classroom.name]));
  return (
    <>
      <Section id="today-calls" title={t('today.teacher.calls')}>
        <Stack gap="xs">
          {teacher.calls.map((call) => {
            const words = {
              classroom: call.classroom.name,
              ofHalfDay: t(`today.ofHalfDay.${call.half_day}`),
              thisHalfDay: t(`today.thisHalfDay.${call.half_day}`),
            };
            if (!call.is_school_half_day) return <Text key={call.classroom.id}>{t('today.teacher.noCall', words)}</Text>;
            if (!call.to_take) return <Text key={call.classroom.id}>✓ {t('today.teacher.callTaken', words)}</Text>;
            return (
              <Group key={call.classroom.id} gap="sm" wrap="wrap">
                <Text fw={600}>{t('today.teacher.callToTake', words)}</Text>
                <Button component={Link} to={rollCallPath(call.classroom.id, call.date, call.half_day)}>
                  {t('today.teacher.takeCall', words)}
                </Button>
              </Group>
            );
          })}
        </Stack>
      </Section>
      <Section id="today-lessons" title={t('today.teacher.lessons')}>
        {teacher.lessons.length === 0 ? (
          <Text>{teacher.off ? dayOffLabel(t, teacher.off) : t('today.teacher.noLessons')}</Text>
        ) : (
          <Lines>
            {teacher.lessons
              .filter(({ occurrence }) => occurrence.is_teaching)
              .map(({ occurrence, lesson_entry_id }) => (
                <LessonLine
                  key={`${occurrence.classroom_id}-${occurrence.start_time}-${occurrence.status}`}
                  lesson={occurrence}
                  extra={
                    <Anchor component={Link} to={lessonsPath(occurrence.classroom_id)} size="sm">
                      {lesson_entry_id ? t('today.teacher.filled') : t('today.teacher.toFill')}
                      {classrooms.size > 1 ? ` · ${occurrence.classroom_name}` : ''}
                    </Anchor>
                  }
                />
              ))}
          </Lines>
        )}
      </Section>
      <Section id="today-notes" title={t('today.teacher.notes')}>
        {teacher.notes_awaiting.length === 0 ? (
          <Text>{t('today.teacher.noNotes')}</Text>
        ) : (
          <Lines>
            {teacher.notes_awaiting.map((note) => (
              <li key={note.id}>
                <Text span fw={600}>
                  {note.title}
                </Text>{' '}
                <Text span>
                  {t('today.teacher.signatures', { count: note.acknowledged_count, total: note.delivery_count })}
                </Text>
              </li>
            ))}
          </Lines>
        )}
        <Anchor component={Link} to={NOTES_PATH} w="fit-content">
          {t('today.teacher.openNotes')}
        </Anchor>
      </Section>
    </>
  );
}

// --- Director ---------------------------------------------------------------------------------

function monthName(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}

function DirectorSection({ director }: { director: TodayDirector }) {
  const { t, i18n } = useTranslation();
  const month = monthName(director.registers_to_sign.month, i18n.language);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="today-director">
      <Stack gap="md">
        <Title order={2} id="today-director" fz="h3">
          {t('today.director.heading')}
        </Title>
        <Section id="today-not-taken" order={3} title={t('today.director.callsNotTaken')}>
          {director.calls_not_taken.map((school) => {
            const halfDay = t(`today.halfDay.${school.half_day}`);
            const ofHalfDay = t(`today.ofHalfDay.${school.half_day}`);
            const thisHalfDay = t(`today.thisHalfDay.${school.half_day}`);
            if (!school.is_school_half_day) {
              return <Text key={school.school.id}>{t('today.director.noClassNow', { school: school.school.name, thisHalfDay })}</Text>;
            }
            if (school.classrooms.length === 0) {
              return <Text key={school.school.id}>✓ {t('today.director.noCallsNotTaken', { ofHalfDay })}</Text>;
            }
            return (
              <Text key={school.school.id} fw={600}>
                {t('today.director.classroomsNotTaken', {
                  school: school.school.name,
                  halfDay,
                  classrooms: school.classrooms.map((c) => c.name).join(', '),
                })}
              </Text>
            );
          })}
          <Anchor component={Link} to={CALLS_NOT_TAKEN_PATH} w="fit-content">
            {t('today.director.openCalls')}
          </Anchor>
        </Section>
        <Section id="today-justifications" order={3} title={t('nav.justifications')}>
          <Text>
            {director.justifications_waiting > 0
              ? t('today.director.justifications', { count: director.justifications_waiting })
              : t('today.director.noJustifications')}
          </Text>
          <Anchor component={Link} to={JUSTIFICATIONS_PATH} w="fit-content">
            {t('today.director.openJustifications')}
          </Anchor>
        </Section>
        <Section id="today-cases" order={3} title={t('nav.absenteeism')}>
          <Text>
            {director.open_case_count > 0
              ? t('today.director.cases', { count: director.open_case_count })
              : t('today.director.noCases')}
          </Text>
          {director.open_cases.length > 0 && (
            <Lines>
              {director.open_cases.map((item) => (
                <li key={item.id}>
                  {t('today.director.case', {
                    name: personName(item.pupil),
                    classroom: item.classroom.name,
                    halfDays: item.unjustified_half_days,
                    month: monthName(item.month, i18n.language),
                  })}
                </li>
              ))}
            </Lines>
          )}
          <Anchor component={Link} to={CASES_PATH} w="fit-content">
            {t('today.director.openCases')}
          </Anchor>
        </Section>
        <Section id="today-registers" order={3} title={t('today.director.registers')}>
          <Text>
            {director.registers_to_sign.classrooms.length > 0
              ? t('today.director.registersOf', {
                  month,
                  classrooms: director.registers_to_sign.classrooms.map((c) => c.name).join(', '),
                })
              : t('today.director.noRegisters', { month })}
          </Text>
          <Anchor component={Link} to={REGISTER_PATH} w="fit-content">
            {t('today.director.openRegister')}
          </Anchor>
        </Section>
      </Stack>
    </Card>
  );
}

// --- Commune, IEN, DASEN ----------------------------------------------------------------------

/** A week's attendance rate: masked under 5 pupils, none without enough calls. */
function weekRate(t: TFunction, week: TodayAuthorityWeek, language: string): string {
  if (week.suppressed.includes('attendance_rate')) return maskedLabel(language);
  if (week.attendance_rate !== null) return percentText(week.attendance_rate, language);
  if (week.coverage.calls_taken === 0) return t('today.authority.noRate');
  return insufficientLabel(language);
}

function weekCoverage(week: TodayAuthorityWeek, language: string): string {
  return week.coverage.coverage === null ? '—' : wholePercent(week.coverage.coverage, language);
}

function AuthoritySection({ authority }: { authority: TodayAuthority }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { this_week: week, last_week: last } = authority;
  const masked = week.suppressed.length > 0 || last.suppressed.length > 0;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="today-authority">
      <Stack gap="md">
        <Title order={2} id="today-authority" fz="h3">
          {t('today.authority.heading')}
        </Title>
        <Section id="today-week" order={3} title={t('today.authority.week', { date: formatDayLong(week.start, language) })}>
          <Lines>
            <li>{t('today.authority.attendance', { rate: weekRate(t, week, language) })}</li>
            <li>
              {week.coverage.calls_due === 0
                ? t('today.authority.noCallDue')
                : t('today.authority.calls', {
                    taken: week.coverage.calls_taken,
                    due: week.coverage.calls_due,
                    coverage: weekCoverage(week, language),
                  })}
            </li>
            {week.coverage.schools > 0 && (
              <li>
                {week.coverage.schools_without_calls > 0
                  ? t('today.authority.schoolsWithoutCalls', { count: week.coverage.schools_without_calls })
                  : t('today.authority.allSchoolsCalled')}
              </li>
            )}
            {authority.open_l1318_cases !== null && (
              <li>{t('today.authority.openCases', { count: authority.open_l1318_cases })}</li>
            )}
          </Lines>
          {masked && <Text size="sm">{t('today.authority.masking')}</Text>}
        </Section>
        <Section id="today-changes" order={3} title={t('today.authority.changes')}>
          <Lines>
            <li>
              {t('today.authority.attendanceChange', {
                before: weekRate(t, last, language),
                now: weekRate(t, week, language),
              })}
            </li>
            <li>
              {t('today.authority.callsChange', {
                before: weekCoverage(last, language),
                now: weekCoverage(week, language),
              })}
            </li>
            <li>
              {t('today.authority.schoolsChange', {
                before: last.coverage.schools_without_calls,
                now: week.coverage.schools_without_calls,
              })}
            </li>
            {authority.new_l1318_cases !== null && (
              <li>
                {authority.new_l1318_cases > 0
                  ? t('today.authority.newCases', { count: authority.new_l1318_cases })
                  : t('today.authority.noNewCase')}
              </li>
            )}
          </Lines>
        </Section>
        <Anchor component={Link} to={DASHBOARD_PATH} w="fit-content">
          {t('today.openDashboard')}
        </Anchor>
      </Stack>
    </Card>
  );
}
