import { Anchor, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';

import type { ClassroomDetail, LivretPeriod, Me } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { todayAtSchool } from '../../shared/dates';
import { NotFoundPage } from '../../shared/NotFoundPage';
import { QueryState } from '../../shared/QueryState';
import { usePageTitle } from '../../shared/usePageTitle';
import { useClassroom } from '../homework/hooks';
import { usePeriods } from './hooks';
import { classBilansPath, cycleBilansPath, evaluationsPath } from './paths';

export interface LivretClassroomAccess {
  classroom: ClassroomDetail;
  me: Me;
  /** A teacher of the classroom: evaluates, fills and locks the bilans. */
  isTeacher: boolean;
  /** The school's director: validates and communicates the bilans. */
  isDirector: boolean;
}

export function isDirectorOf(me: Me, schoolId: number): boolean {
  return me.schools.some((school) => school.id === schoolId && school.role === 'director');
}

export const PERIOD_PARAM = 'periode';

/** The period under way (or the last one before today), the first one before the year starts. */
export function defaultPeriod(periods: readonly LivretPeriod[], today = todayAtSchool()): LivretPeriod | undefined {
  const current = periods.find((period) => period.start_date <= today && today <= period.end_date);
  if (current) return current;
  const past = periods.filter((period) => period.end_date < today);
  return past[past.length - 1] ?? periods[0];
}

/** `?periode=` when it is one of the school's, else the default. */
export function useSelectedPeriod(periods: readonly LivretPeriod[]) {
  const [params, setParams] = useSearchParams();
  const requested = Number(params.get(PERIOD_PARAM));
  const period = periods.find((p) => p.id === requested) ?? defaultPeriod(periods);
  const select = (id: string) => {
    const next = new URLSearchParams(params);
    next.set(PERIOD_PARAM, id);
    setParams(next, { replace: true });
  };
  return { period, select };
}

export function PeriodSelect({
  periods,
  period,
  onChange,
}: {
  periods: readonly LivretPeriod[];
  period: LivretPeriod | undefined;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (periods.length === 0) return <Text c="dimmed">{t('livret.periods.none')}</Text>;
  return (
    <NativeSelect
      label={t('livret.periods.label')}
      value={String(period?.id ?? '')}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={periods.map((p) => ({ value: String(p.id), label: p.label }))}
      maw={260}
    />
  );
}

type Page = 'evaluations' | 'bilans' | 'cycleBilans';

/** The frame of a classroom's livret page: its card, its title, the link to the other page. */
export function LivretClassroomPage({
  page,
  children,
}: {
  page: Page;
  children: (access: LivretClassroomAccess) => ReactNode;
}) {
  const { classroomId } = useParams();
  const id = Number(classroomId);
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />;
  return (
    <LivretClassroomFrame key={id} classroomId={id} page={page}>
      {children}
    </LivretClassroomFrame>
  );
}

function LivretClassroomFrame({
  classroomId,
  page,
  children,
}: {
  classroomId: number;
  page: Page;
  children: (access: LivretClassroomAccess) => ReactNode;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const classroom = useClassroom(classroomId);
  const name = classroom.data?.name;
  const title = name ? t(`livret.${page}.title`, { name }) : t(`livret.${page}.fallbackTitle`);
  usePageTitle(title);
  const data = classroom.data;
  return (
    <Stack gap="lg" maw={1200}>
      <Stack gap={4}>
        <Title order={1}>{title}</Title>
        {data && (
          <>
            <Text c="dimmed">
              {data.school.name} · {t('timetable.classroom.levels', { levels: data.levels.join(', ') })}
            </Text>
            <Group component="nav" aria-label={t('livret.links.label')} gap="md" wrap="wrap">
              {page !== 'evaluations' && (
                <Anchor component={Link} to={evaluationsPath(classroomId)} size="sm">
                  {t('livret.links.evaluations')}
                </Anchor>
              )}
              {page !== 'bilans' && (
                <Anchor component={Link} to={classBilansPath(classroomId)} size="sm">
                  {t('livret.links.bilans')}
                </Anchor>
              )}
              {page !== 'cycleBilans' && data.levels.some((level) => level === 'CE2' || level === 'CM2') && (
                <Anchor component={Link} to={cycleBilansPath(classroomId)} size="sm">
                  {t('livret.links.cycleBilans')}
                </Anchor>
              )}
            </Group>
          </>
        )}
      </Stack>
      {data === undefined ? (
        <QueryState query={classroom} />
      ) : (
        children({
          classroom: data,
          me,
          isTeacher: me.classrooms.some((c) => c.id === classroomId),
          isDirector: isDirectorOf(me, data.school.id),
        })
      )}
    </Stack>
  );
}

/** The periods of the classroom's school, with the selected one. */
export function usePeriodChoice(schoolId: number) {
  const periods = usePeriods(schoolId);
  const list = periods.data?.periods ?? [];
  const { period, select } = useSelectedPeriod(list);
  return { periods, list, period, select };
}
