import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import type { HalfDay, School } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { usePageTitle } from '../../shared/usePageTitle';
import { formatDayLong, todayAtSchool } from '../../shared/dates';
import { personName } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';
import classes from './Attendance.module.css';
import { DayPicker, useHalfDayParams } from './DayPicker';
import { useCallsNotTaken } from './hooks';
import { halfDayAt, halfDayLabel } from './labels';
import { rollCallPath } from './paths';

/** The director's schools (a director may direct more than one). */
export function useDirectedSchools(): School[] {
  return useCurrentUser().schools.filter((school) => school.role === 'director');
}

/** "Appels non faits": the classrooms whose call of the half-day is missing. */
export function CallsNotTakenPage() {
  const { t } = useTranslation();
  usePageTitle(t('attendance.notTaken.title'));
  const schools = useDirectedSchools();
  const { date, halfDay } = useHalfDayParams();
  return (
    <Stack gap="lg" maw={900}>
      <Title order={1}>{t('attendance.notTaken.title')}</Title>
      <DayPicker date={date ?? todayAtSchool()} halfDay={halfDay ?? halfDayAt()} />
      {schools.length === 0 && <Text>{t('attendance.notDirector')}</Text>}
      {schools.map((school) => (
        <SchoolCalls key={school.id} school={school} date={date} halfDay={halfDay} named={schools.length > 1} />
      ))}
    </Stack>
  );
}

interface SchoolCallsProps {
  school: School;
  date: string | undefined;
  halfDay: HalfDay | undefined;
  named: boolean;
}

function SchoolCalls({ school, date, halfDay, named }: SchoolCallsProps) {
  const { t, i18n } = useTranslation();
  const calls = useCallsNotTaken(school.id, date, halfDay);
  const headingId = `appels-${school.id}`;
  const data = calls.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId} aria-busy={calls.isFetching || undefined}>
      <Title order={2} fz="h3" id={headingId}>
        {data
          ? t('attendance.notTaken.heading', {
              school: named ? `${school.name} · ` : '',
              day: formatDayLong(data.date, i18n.language),
              halfDay: halfDayLabel(t, data.half_day).toLowerCase(),
            })
          : school.name}
      </Title>
      {data === undefined ? (
        <QueryState query={calls} />
      ) : !data.is_school_half_day ? (
        <Text>{t('attendance.notTaken.noClass')}</Text>
      ) : data.classrooms.length === 0 ? (
        <Text>{t('attendance.notTaken.allTaken')}</Text>
      ) : (
        <ul className={classes.list} aria-labelledby={headingId}>
          {data.classrooms.map((classroom) => (
            <li key={classroom.id}>
              <Paper withBorder p="sm" className={classes.card}>
                <Text fw={600}>{classroom.name}</Text>
                {classroom.teachers.length > 0 && (
                  <Text size="sm">{classroom.teachers.map((teacher) => personName(teacher)).join(', ')}</Text>
                )}
                <Anchor component={Link} to={rollCallPath(classroom.id, data.date, data.half_day)}>
                  {t('attendance.notTaken.take', { classroom: classroom.name })}
                </Anchor>
              </Paper>
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}
