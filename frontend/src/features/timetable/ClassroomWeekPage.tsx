import { Alert, Anchor, Button, Divider, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import type { ClassroomWeek, Me, Occurrence } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { errorMessage } from '../../shared/errorMessage';
import { NotFoundPage } from '../../shared/NotFoundPage';
import { usePageTitle } from '../../shared/usePageTitle';
import { CalendarNotices } from './CalendarNotices';
import { AgendaList } from './AgendaList';
import { ClosuresPanel } from './ClosuresPanel';
import { useWeekParam, WeekNavigation } from '../../shared/DateNavigation';
import { addDays, todayAtSchool } from '../../shared/dates';
import { ExceptionModal, type ExceptionEdit } from './ExceptionModal';
import { useClassroomWeek, useDeleteException } from './hooks';
import { OccurrenceMenu, type OccurrenceAction } from './OccurrenceMenu';
import { SCHOOL_TIMETABLES_PATH } from './paths';
import { QueryState } from '../../shared/QueryState';
import { SchoolEventsPanel } from './SchoolEventsPanel';
import { SlotEditor } from './SlotEditor';
import { visibleDays, WeekGrid } from './WeekGrid';

export function isDirectorOf(me: Me, schoolId: number): boolean {
  return me.schools.some((school) => school.id === schoolId && school.role === 'director');
}

/**
 * A classroom's week, for its teachers and the school's director. Teachers and the
 * director change single lessons (cancel, substitute, move) and add activities; the
 * director also edits the recurring slots, the closures and the school's agenda.
 */
export function ClassroomWeekPage() {
  const { classroomId } = useParams();
  const id = Number(classroomId);
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />;
  return <ClassroomWeek key={id} classroomId={id} />;
}

function ClassroomWeek({ classroomId }: { classroomId: number }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const weekStart = useWeekParam();
  const week = useClassroomWeek(classroomId, weekStart);
  const classroom = week.data?.classroom;
  const title = classroom ? t('timetable.classroom.title', { name: classroom.name }) : t('timetable.classroom.fallbackTitle');
  usePageTitle(title);

  return (
    <Stack gap="lg" maw={1400}>
      <Stack gap={4}>
        <Title order={1}>{title}</Title>
        {classroom && (
          <Text c="dimmed">
            {classroom.school.name} · {t('timetable.classroom.levels', { levels: classroom.levels.join(', ') })}
          </Text>
        )}
        {classroom && isDirectorOf(me, classroom.school.id) && (
          <Anchor component={Link} to={SCHOOL_TIMETABLES_PATH} w="fit-content" size="sm">
            {t('timetable.classroom.backToSchool')}
          </Anchor>
        )}
      </Stack>
      {week.data === undefined ? (
        <QueryState query={week} />
      ) : (
        <ClassroomWeekContent week={week.data} weekStart={weekStart} busy={week.isFetching} me={me} />
      )}
    </Stack>
  );
}

function ClassroomWeekContent({
  week,
  weekStart,
  busy,
  me,
}: {
  week: ClassroomWeek;
  weekStart: string;
  busy: boolean;
  me: Me;
}) {
  const { t } = useTranslation();
  const classroom = week.classroom;
  const isDirector = isDirectorOf(me, classroom.school.id);
  const isTeacher = me.classrooms.some((c) => c.id === classroom.id);
  const canChangeLessons = isDirector || isTeacher;

  const [edit, setEdit] = useState<ExceptionEdit | null>(null);
  const [status, setStatus] = useState('');
  const restore = useDeleteException();

  const days = visibleDays(week.days);
  const lastDay = days[days.length - 1]?.date ?? addDays(weekStart, 4);
  const firstSchoolDay = days.find((day) => day.is_school_day && day.date >= todayAtSchool())?.date ?? weekStart;

  const onAction = (action: OccurrenceAction, occurrence: Occurrence) => {
    setStatus('');
    if (action === 'restore') {
      if (occurrence.exception_id === null) return;
      restore.mutate(occurrence.exception_id, { onSuccess: () => setStatus(t('timetable.classroom.done')) });
    } else {
      setEdit({ mode: action, occurrence });
    }
  };

  return (
    <>
      <Stack gap="md" component="section" aria-labelledby="semaine-classe-titre" aria-busy={busy || undefined}>
        <WeekNavigation weekStart={weekStart} lastDay={lastDay} headingId="semaine-classe-titre" />
        {canChangeLessons && week.weekly_teaching_minutes > 0 && <TeachingTime week={week} />}
        {canChangeLessons && (
          <Button
            variant="light"
            w="fit-content"
            onClick={() => {
              setStatus('');
              setEdit({ mode: 'extra', date: firstSchoolDay });
            }}
          >
            {t('timetable.classroom.addExtra')}
          </Button>
        )}
        <div role="status" aria-live="polite">
          {status && (
            <Text c="teal.9" fw={600}>
              {status}
            </Text>
          )}
        </div>
        {restore.isError && (
          <Alert color="red" variant="outline" role="alert" title={t('timetable.saveError')}>
            {errorMessage(restore.error, t)}
          </Alert>
        )}
        <CalendarNotices notices={week.calendar_notices} />
        <WeekGrid
          days={week.days}
          idPrefix={`classe-${classroom.id}`}
          renderActions={
            canChangeLessons
              ? (occurrence) => (
                  <OccurrenceMenu
                    occurrence={occurrence}
                    onAction={onAction}
                    busy={restore.isPending && restore.variables === occurrence.exception_id}
                  />
                )
              : undefined
          }
        />
        <Stack gap="xs" component="section" aria-labelledby="agenda-classe-titre">
          <Title order={3} id="agenda-classe-titre" fz="h4">
            {t('timetable.agenda.title')}
          </Title>
          <AgendaList
            events={week.events}
            empty={t('timetable.agenda.empty')}
            classroomName={(id) => (id === classroom.id ? classroom.name : undefined)}
          />
        </Stack>
      </Stack>

      {isDirector && (
        <Stack gap="lg" component="section" aria-labelledby="editeur-titre">
          <Divider />
          <Title order={2} id="editeur-titre">
            {t('timetable.editor.title')}
          </Title>
          <SlotEditor classroomId={classroom.id} />
          <Divider />
          <ClosuresPanel schoolId={classroom.school.id} />
          <Divider />
          <SchoolEventsPanel
            schoolId={classroom.school.id}
            start={weekStart}
            classrooms={[{ id: classroom.id, name: classroom.name }]}
            allowWholeSchool
          />
        </Stack>
      )}

      {canChangeLessons && (
        <ExceptionModal
          classroomId={classroom.id}
          edit={edit}
          onClose={() => setEdit(null)}
          onSaved={() => {
            setEdit(null);
            setStatus(t('timetable.classroom.done'));
          }}
        />
      )}
    </>
  );
}

/** "Temps d'enseignement : 24 h par semaine, récréations comprises" against the 24 hours. */
function TeachingTime({ week }: { week: ClassroomWeek }) {
  const { t, i18n } = useTranslation();
  const format = (minutes: number) =>
    new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }).format(minutes / 60);
  const difference = week.weekly_teaching_minutes - week.national_weekly_minutes;
  return (
    <Text size="sm">
      {t('timetable.classroom.teachingTime', { hours: format(week.weekly_teaching_minutes) })}
      {difference !== 0 &&
        ` ${t(difference < 0 ? 'timetable.classroom.teachingTimeShort' : 'timetable.classroom.teachingTimeOver', {
          hours: format(Math.abs(difference)),
          national: format(week.national_weekly_minutes),
        })}`}
    </Text>
  );
}
