import { Alert, Anchor, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import type { Register, RegisterCell } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { errorMessage } from '../../shared/errorMessage';
import { FullPageLoader } from '../../shared/FullPageLoader';
import { usePageTitle } from '../../shared/usePageTitle';
import { fetchSchoolClassrooms } from '../timetable/api';
import { useDefaultDays } from '../timetable/hooks';
import { formatDate, todayAtSchool } from '../../shared/dates';
import { personName } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';
import { PupilRecordLink } from '../pupilRecord/PupilRecordLink';
import { registerDownloadUrl } from './api';
import classes from './Attendance.module.css';
import { useDirectedSchools } from './CallsNotTakenPage';
import { useRegister, useSignRegister } from './hooks';
import { monthOf } from './labels';

const CLASSROOM_PARAM = 'classe';
const MONTH_PARAM = 'mois';
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

interface RegisterClassroom {
  id: number;
  name: string;
  school: { id: number };
}

/** The classrooms whose register the user may open: the directed schools' and one's own. */
function useRegisterClassrooms(): { classrooms: RegisterClassroom[]; isLoading: boolean } {
  const me = useCurrentUser();
  const school = useDirectedSchools()[0];
  const schoolClassrooms = useQuery({
    queryKey: ['schools', 'classrooms', school?.id ?? 0],
    queryFn: () => fetchSchoolClassrooms(school?.id ?? 0),
    enabled: school !== undefined,
    staleTime: 5 * 60_000,
  });
  const all: RegisterClassroom[] = [...(schoolClassrooms.data ?? []), ...me.classrooms];
  return {
    classrooms: all.filter((c, index) => all.findIndex((other) => other.id === c.id) === index),
    isLoading: schoolClassrooms.isLoading,
  };
}

/** "Registre d'appel": the month of a classroom, pupils × half-days, totals, sign-off. */
export function RegisterPage() {
  const { t } = useTranslation();
  usePageTitle(t('attendance.register.title'));
  const [params, setParams] = useSearchParams();
  const { classrooms, isLoading } = useRegisterClassrooms();
  const requested = Number(params.get(CLASSROOM_PARAM));
  const classroom = classrooms.find((c) => c.id === requested) ?? classrooms[0];
  const classroomId = classroom?.id ?? null;
  // Without ?mois=, the month of the school's last half-day of class (the same day as the
  // roll call and the calls not taken open on): on Saturday 1st, the month just ended.
  const defaults = useDefaultDays(classroom?.school.id);
  const monthParam = params.get(MONTH_PARAM);
  const defaultMonth = defaults.data?.records
    ? monthOf(defaults.data.records.date)
    : defaults.isFetched || defaults.isError
      ? monthOf(todayAtSchool())
      : null;
  const month = monthParam && MONTH.test(monthParam) ? monthParam : defaultMonth;
  const register = useRegister(classroomId, month);

  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(name, value);
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="lg">
      <Title order={1}>{t('attendance.register.title')}</Title>
      <Group gap="md" align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('attendance.register.classroom')}
          value={classroomId === null ? '' : String(classroomId)}
          onChange={(event) => set(CLASSROOM_PARAM, event.currentTarget.value)}
          data={classrooms.map((c) => ({ value: String(c.id), label: c.name }))}
          size="md"
        />
        <TextInput
          type="month"
          label={t('attendance.register.month')}
          value={month ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (MONTH.test(value)) set(MONTH_PARAM, value);
          }}
          size="md"
        />
      </Group>
      {classroomId === null ? (
        isLoading ? (
          <FullPageLoader />
        ) : (
          <Text>{t('attendance.register.noClassroom')}</Text>
        )
      ) : register.data === undefined ? (
        month === null ? <FullPageLoader /> : <QueryState query={register} />
      ) : (
        <RegisterView register={register.data} />
      )}
    </Stack>
  );
}

function monthName(month: string, language: string): string {
  const [year, number] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year ?? 1970, (number ?? 1) - 1, 1)),
  );
}

/** The code of a cell, as on the paper register and in the CSV. */
function cellCode(cell: RegisterCell): string {
  switch (cell.mark) {
    case 'not_enrolled':
      return '-';
    case 'not_taken':
      return 'NF';
    case 'present':
    case 'upcoming': // the register never accuses the future: a blank cell, under "à venir"
      return '';
    case 'late':
      return `R${cell.minutes_late ?? ''}`;
    default:
      if (cell.justification_status === 'pending') return 'AA';
      if (cell.justification_status === 'accepted') return cell.absence_reason === 'autre' ? 'AX' : 'AJ';
      return 'A';
  }
}

const CODES = ['A', 'AA', 'AJ', 'AX', 'R', 'NF', '-'] as const;
type Code = (typeof CODES)[number];

const CODE_KEYS = {
  A: 'attendance.register.codes.A',
  AA: 'attendance.register.codes.AA',
  AJ: 'attendance.register.codes.AJ',
  AX: 'attendance.register.codes.AX',
  R: 'attendance.register.codes.R',
  NF: 'attendance.register.codes.NF',
  '-': 'attendance.register.codes.-',
} as const satisfies Record<Code, string>;

function RegisterView({ register }: { register: Register }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const sign = useSignRegister(register.classroom.id);
  const isDirector = me.schools.some((s) => s.id === register.classroom.school_id && s.role === 'director');
  // A month is signed once it is over (the server refuses earlier).
  const isOver = register.month < monthOf(todayAtSchool());
  const name = monthName(register.month, i18n.language);
  const captionId = 'registre-titre';
  const dayFormat = new Intl.DateTimeFormat(i18n.language, { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
  const codeLabel = (code: string): string => t(CODE_KEYS[(code.startsWith('R') ? 'R' : code) as Code]);

  return (
    <Stack gap="md">
      <Group gap="md" wrap="wrap">
        <Anchor href={registerDownloadUrl(register.classroom.id, register.month, 'csv')} download>
          {t('attendance.register.csv')}
        </Anchor>
        <Anchor href={registerDownloadUrl(register.classroom.id, register.month, 'pdf')} download>
          {t('attendance.register.pdf')}
        </Anchor>
      </Group>

      {register.sign_off ? (
        <Alert color="teal" variant="light" role="status">
          {t('attendance.register.signed', {
            name: personName(register.sign_off.signed_by),
            date: formatDate(register.sign_off.signed_at.slice(0, 10), i18n.language),
          })}
        </Alert>
      ) : (
        isDirector &&
        isOver && (
          <Group>
            <Button onClick={() => sign.mutate(register.month)} loading={sign.isPending}>
              {t('attendance.register.sign', { month: name })}
            </Button>
          </Group>
        )
      )}
      {sign.isError && (
        <Alert color="red" variant="outline" role="alert">
          {errorMessage(sign.error, t)}
        </Alert>
      )}

      {register.half_days.length === 0 ? (
        <Text>{t('attendance.register.noHalfDay')}</Text>
      ) : (
        <div className={classes.registerWrap} tabIndex={0} role="region" aria-labelledby={captionId}>
          <table className={classes.register}>
            <caption id={captionId}>
              {t('attendance.register.caption', { classroom: register.classroom.name, month: name })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('attendance.register.pupil')}</th>
                {register.half_days.map((half) => {
                  const upcoming = !half.is_over && !half.roll_call_taken;
                  const when = `${formatDate(half.date, i18n.language)}, ${t(`attendance.halfDays.${half.half_day}`)}`;
                  return (
                    <th scope="col" key={`${half.date}-${half.half_day}`} data-upcoming={upcoming || undefined}>
                      <abbr title={upcoming ? t('attendance.register.upcomingTitle', { when }) : when}>
                        {dayFormat.format(new Date(`${half.date}T00:00:00Z`))}{' '}
                        {t(`attendance.halfDays.short.${half.half_day}`)}
                      </abbr>
                      {upcoming && <span className={classes.upcoming}>{t('attendance.register.upcoming')}</span>}
                    </th>
                  );
                })}
                <th scope="col">{t('attendance.register.totals.absent')}</th>
                <th scope="col">{t('attendance.register.totals.justified')}</th>
                <th scope="col">{t('attendance.register.totals.unjustified')}</th>
                <th scope="col">{t('attendance.register.totals.late')}</th>
              </tr>
            </thead>
            <tbody>
              {register.rows.map((row) => (
                <tr key={row.pupil.id}>
                  <th scope="row">
                    <PupilRecordLink pupil={row.pupil} />
                  </th>
                  {row.cells.map((cell, index) => {
                    const code = cellCode(cell);
                    const half = register.half_days[index];
                    return (
                      <td
                        key={`${half?.date}-${half?.half_day}`}
                        data-mark={cell.mark}
                        data-justified={code === 'AJ' || undefined}
                      >
                        {code && <abbr title={codeLabel(code)}>{code}</abbr>}
                      </td>
                    );
                  })}
                  <td>{row.totals.absent}</td>
                  <td>{row.totals.absent_justified}</td>
                  <td>{row.totals.absent_unjustified}</td>
                  <td>{row.totals.late}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <dl aria-label={t('attendance.register.legend')}>
        {CODES.map((code) => (
          <Text key={code} size="xs" component="div">
            <Text span fw={700} component="dt" style={{ display: 'inline' }}>
              {code === 'R' ? 'R10' : code}
            </Text>{' '}
            <Text span component="dd" style={{ display: 'inline', margin: 0 }}>
              {codeLabel(code)}
            </Text>
          </Text>
        ))}
        <Text size="xs" component="div">
          <Text span fw={700} component="dt" style={{ display: 'inline' }}>
            {t('attendance.register.upcoming')}
          </Text>{' '}
          <Text span component="dd" style={{ display: 'inline', margin: 0 }}>
            {t('attendance.register.codes.upcoming')}
          </Text>
        </Text>
      </dl>
    </Stack>
  );
}
