import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import type { TeacherDay } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { usePageTitle } from '../../shared/usePageTitle';
import { DayNavigation, useDayParam } from '../../shared/DateNavigation';
import { useSchoolCalendars, useTeacherDay } from './hooks';
import { dayOffLabel } from '../../shared/labels';
import { OccurrenceCard } from './OccurrenceCard';
import { CALENDAR_PATH, classroomWeekPath } from './paths';
import { QueryState } from '../../shared/QueryState';
import classes from './Timetable.module.css';

/** "Ma journée": what a teacher teaches on a day, across their classrooms. */
export function TeacherDayPage() {
  const { t } = useTranslation();
  usePageTitle(t('timetable.teacherDay.title'));
  const me = useCurrentUser();
  const day = useDayParam();
  const teacherDay = useTeacherDay(day);

  return (
    <Stack gap="lg" maw={800}>
      <Title order={1}>{t('timetable.teacherDay.title')}</Title>
      <Stack gap="md" component="section" aria-labelledby="journee-titre" aria-busy={teacherDay.isFetching || undefined}>
        <DayNavigation day={day} headingId="journee-titre" />
        {teacherDay.data === undefined ? <QueryState query={teacherDay} /> : <DayLessons day={teacherDay.data} />}
      </Stack>
      <Anchor component={Link} to={CALENDAR_PATH} w="fit-content">
        {t('timetable.week.subscribe')}
      </Anchor>
      <Stack gap="sm" component="section" aria-labelledby="mes-classes-titre">
        <Title order={2} id="mes-classes-titre" fz="h3">
          {t('timetable.teacherDay.classroomsTitle')}
        </Title>
        {me.classrooms.length === 0 ? (
          <Text c="dimmed">{t('timetable.teacherDay.noClassroom')}</Text>
        ) : (
          <Stack component="ul" gap="xs" m={0} pl="md">
            {me.classrooms.map((classroom) => (
              <li key={classroom.id}>
                <Anchor component={Link} to={classroomWeekPath(classroom.id)}>
                  {t('timetable.teacherDay.classroomLink', { name: classroom.name })}
                </Anchor>{' '}
                <Text span size="sm" c="dimmed">
                  ({classroom.school.name})
                </Text>
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </Stack>
  );
}

function DayLessons({ day }: { day: TeacherDay }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const names = new Map(me.classrooms.map((c) => [c.id, c.name]));
  const schoolIds = [...new Set(me.classrooms.map((c) => c.school.id))];
  // The day view lists lessons only: the schools' calendars say why a day has none.
  const calendars = useSchoolCalendars(day.occurrences.length === 0 ? schoolIds : [], day.date, day.date);
  const showClassroom = me.classrooms.length !== 1 || day.occurrences.some((o) => !names.has(o.classroom_id));

  if (day.occurrences.length === 0) {
    const offs = calendars
      .map((calendar) => {
        const off = calendar.data?.days[0]?.off;
        return off && calendar.data ? { school: calendar.data.school.name, label: dayOffLabel(t, off) } : null;
      })
      .filter((entry): entry is { school: string; label: string } => entry !== null);
    const labels = [...new Set(offs.map((o) => (schoolIds.length > 1 ? t('timetable.teacherDay.schoolOff', o) : o.label)))];
    return (
      <Stack gap={4}>
        {labels.map((label) => (
          <Text key={label} fw={600}>
            {label}
          </Text>
        ))}
        <Text c="dimmed">{t('timetable.teacherDay.empty')}</Text>
      </Stack>
    );
  }

  return (
    <ol className={classes.list}>
      {day.occurrences.map((occurrence) => (
        <li key={`${occurrence.uid}-${occurrence.status}`}>
          <OccurrenceCard
            occurrence={occurrence}
            headingOrder={3}
            viewerPersonId={me.person?.id}
            classroomName={
              showClassroom
                ? (names.get(occurrence.classroom_id) ??
                  t('timetable.teacherDay.unknownClassroom', { id: occurrence.classroom_id }))
                : undefined
            }
          />
        </li>
      ))}
    </ol>
  );
}
