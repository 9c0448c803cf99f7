import { Anchor, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import type { PupilWeek } from '../../api/types';
import { usePageTitle } from '../../shared/usePageTitle';
import { AgendaList } from './AgendaList';
import { CalendarNotices } from './CalendarNotices';
import { useWeekParam, WeekNavigation } from '../../shared/DateNavigation';
import { addDays } from '../../shared/dates';
import { useChildrenWeek } from './hooks';
import { CALENDAR_PATH } from './paths';
import { QueryState } from '../../shared/QueryState';
import { visibleDays, WeekGrid } from './WeekGrid';

const CHILD_PARAM = 'enfant';

/** "Emploi du temps": the week of each child (guardian) or one's own (pupil). */
export function WeekPage() {
  const { t } = useTranslation();
  usePageTitle(t('timetable.week.title'));
  const weekStart = useWeekParam();
  const [params, setParams] = useSearchParams();
  const weeks = useChildrenWeek(weekStart);

  const children = weeks.data ?? [];
  const requested = Number(params.get(CHILD_PARAM));
  const selected = children.find((week) => week.pupil.id === requested) ?? children[0];

  const selectChild = (pupilId: string) => {
    const next = new URLSearchParams(params);
    next.set(CHILD_PARAM, pupilId);
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="lg" maw={1400}>
      <Title order={1}>{t('timetable.week.title')}</Title>

      {children.length > 1 && (
        <SegmentedControl
          aria-label={t('timetable.week.childSwitcher')}
          value={String(selected?.pupil.id ?? '')}
          onChange={selectChild}
          data={children.map((week) => ({ value: String(week.pupil.id), label: week.pupil.first_name }))}
          fullWidth
          maw={640}
          color="blue.9"
        />
      )}

      {weeks.data === undefined ? (
        <QueryState query={weeks} />
      ) : selected === undefined ? (
        <Text>{t('timetable.week.noChildren')}</Text>
      ) : (
        <ChildWeek week={selected} weekStart={weekStart} busy={weeks.isFetching} />
      )}

      {weeks.data !== undefined && weeks.isError && <QueryState query={weeks} />}

      <Anchor component={Link} to={CALENDAR_PATH} w="fit-content">
        {t('timetable.week.subscribe')}
      </Anchor>
    </Stack>
  );
}

function ChildWeek({ week, weekStart, busy }: { week: PupilWeek; weekStart: string; busy: boolean }) {
  const { t } = useTranslation();
  const days = visibleDays(week.days);
  const lastDay = days[days.length - 1]?.date ?? addDays(weekStart, 4);
  const prefix = `semaine-${week.pupil.id}`;
  return (
    <Stack gap="md" component="section" aria-labelledby={`${prefix}-titre`} aria-busy={busy || undefined}>
      <WeekNavigation weekStart={weekStart} lastDay={lastDay} headingId={`${prefix}-titre`} />
      <Text fw={600}>
        {week.pupil.first_name} {week.pupil.last_name}
        {week.classroom && (
          <Text span c="dimmed" fw={400}>
            {' · '}
            {t('timetable.week.classroom', { classroom: week.classroom.name, school: week.classroom.school.name })}
          </Text>
        )}
      </Text>
      <CalendarNotices notices={week.calendar_notices} />
      {week.classroom ? (
        <WeekGrid days={week.days} idPrefix={prefix} />
      ) : (
        <Text>{t('timetable.week.noClassroom', { name: week.pupil.first_name })}</Text>
      )}
      <Stack gap="xs" component="section" aria-labelledby={`${prefix}-agenda`}>
        <Title order={3} id={`${prefix}-agenda`} fz="h4">
          {t('timetable.agenda.title')}
        </Title>
        <AgendaList
          events={week.events}
          empty={t('timetable.agenda.empty')}
          classroomName={(id) => (id === week.classroom?.id ? week.classroom.name : undefined)}
        />
      </Stack>
    </Stack>
  );
}
