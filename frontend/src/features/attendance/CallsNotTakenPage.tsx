import { Alert, Anchor, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import type { NotTakenHalfDay, School } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { errorMessage } from '../../shared/errorMessage';
import { usePageTitle } from '../../shared/usePageTitle';
import { formatDayLong, isIsoDate } from '../../shared/dates';
import { personName } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';
import classes from './Attendance.module.css';
import { DATE_PARAM } from './DayPicker';
import { useCallsNotTaken, useSendRollCallReminder } from './hooks';
import { halfDayLabel } from './labels';
import { rollCallPath } from './paths';

/** The director's schools (a director may direct more than one). */
export function useDirectedSchools(): School[] {
  return useCurrentUser().schools.filter((school) => school.role === 'director');
}

/**
 * "Appels non faits": the week's school half-days whose call is due, each with the
 * classrooms whose call is missing, a link to take it and a reminder to the teacher.
 * Without `?date=`, the server opens the week of the school's current half-day, else of
 * its last one (the same day as the roll call and the register).
 */
export function CallsNotTakenPage() {
  const { t } = useTranslation();
  usePageTitle(t('attendance.notTaken.title'));
  const schools = useDirectedSchools();
  const [params, setParams] = useSearchParams();
  const asked = params.get(DATE_PARAM);
  const date = isIsoDate(asked) ? asked : undefined;
  return (
    <Stack gap="lg" maw={900}>
      <Title order={1}>{t('attendance.notTaken.title')}</Title>
      <Group>
        <TextInput
          type="date"
          label={t('attendance.notTaken.weekOf')}
          value={date ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (!isIsoDate(value)) return;
            const next = new URLSearchParams(params);
            next.set(DATE_PARAM, value);
            setParams(next, { replace: true });
          }}
          size="md"
        />
      </Group>
      {schools.length === 0 && <Text>{t('attendance.notDirector')}</Text>}
      {schools.map((school) => (
        <SchoolCalls key={school.id} school={school} date={date} named={schools.length > 1} />
      ))}
    </Stack>
  );
}

interface SchoolCallsProps {
  school: School;
  date: string | undefined;
  named: boolean;
}

function SchoolCalls({ school, date, named }: SchoolCallsProps) {
  const { t, i18n } = useTranslation();
  const calls = useCallsNotTaken(school.id, date);
  const headingId = `appels-${school.id}`;
  const data = calls.data;
  // The most recent half-day first: the one a director acts on.
  const halfDays = [...(data?.half_days ?? [])].reverse();
  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId} aria-busy={calls.isFetching || undefined}>
      <Title order={2} fz="h3" id={headingId}>
        {data
          ? t('attendance.notTaken.weekHeading', {
              school: named ? `${school.name} · ` : '',
              day: formatDayLong(data.week_start, i18n.language),
            })
          : school.name}
      </Title>
      {data === undefined ? (
        <QueryState query={calls} />
      ) : halfDays.length === 0 ? (
        <Text>{t('attendance.notTaken.noClassThisWeek')}</Text>
      ) : (
        halfDays.map((half) => <HalfDayCalls key={`${half.date}-${half.half_day}`} half={half} schoolId={school.id} />)
      )}
    </Stack>
  );
}

function HalfDayCalls({ half, schoolId }: { half: NotTakenHalfDay; schoolId: number }) {
  const { t, i18n } = useTranslation();
  const headingId = `appels-${schoolId}-${half.date}-${half.half_day}`;
  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Title order={3} fz="h4" id={headingId}>
        {t('attendance.notTaken.heading', {
          school: '',
          day: formatDayLong(half.date, i18n.language),
          halfDay: halfDayLabel(t, half.half_day).toLowerCase(),
        })}
      </Title>
      {half.classrooms.length === 0 ? (
        <Text>{t('attendance.notTaken.allTaken')}</Text>
      ) : (
        <ul className={classes.list} aria-labelledby={headingId}>
          {half.classrooms.map((classroom) => (
            <li key={classroom.id}>
              <MissingCall half={half} classroom={classroom} />
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}

function MissingCall({ half, classroom }: { half: NotTakenHalfDay; classroom: NotTakenHalfDay['classrooms'][number] }) {
  const { t, i18n } = useTranslation();
  const remind = useSendRollCallReminder();
  const teachers = classroom.teachers.map((teacher) => personName(teacher)).join(', ');
  const when = `${formatDayLong(half.date, i18n.language)}, ${halfDayLabel(t, half.half_day).toLowerCase()}`;
  return (
    <Paper withBorder p="sm" className={classes.card}>
      <Text fw={600}>{classroom.name}</Text>
      {teachers && <Text size="sm">{teachers}</Text>}
      <Group gap="md" mt="xs" wrap="wrap">
        <Anchor component={Link} to={rollCallPath(classroom.id, half.date, half.half_day)}>
          {t('attendance.notTaken.take', { classroom: classroom.name })}
        </Anchor>
        {classroom.teachers.length > 0 && !remind.isSuccess && (
          <Button
            variant="outline"
            size="compact-md"
            loading={remind.isPending}
            onClick={() => remind.mutate({ classroomId: classroom.id, date: half.date, halfDay: half.half_day })}
            aria-label={t('attendance.notTaken.remindLabel', { teachers, classroom: classroom.name, when })}
          >
            {t('attendance.notTaken.remind')}
          </Button>
        )}
      </Group>
      {remind.isSuccess && (
        <Text size="sm" role="status" mt="xs">
          {t('attendance.notTaken.reminded', { teachers })}
        </Text>
      )}
      {remind.isError && (
        <Alert color="red" variant="outline" role="alert" mt="xs">
          {errorMessage(remind.error, t)}
        </Alert>
      )}
    </Paper>
  );
}
