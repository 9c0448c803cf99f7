import { Button, Group, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import classes from './DateNavigation.module.css';
import {
  addDays,
  defaultSchoolDay,
  defaultWeekStart,
  formatDayLong,
  isIsoDate,
  mondayOf,
  shiftWeekday,
  todayAtSchool,
} from './dates';

export const WEEK_PARAM = 'semaine';
export const DAY_PARAM = 'jour';

/** The Monday of the week in `?semaine=YYYY-MM-DD` (any day of it), or the default week. */
export function useWeekParam(): string {
  const [params] = useSearchParams();
  const value = params.get(WEEK_PARAM);
  return isIsoDate(value) ? mondayOf(value) : defaultWeekStart();
}

/** The day in `?jour=YYYY-MM-DD`, or today (Monday during the weekend). */
export function useDayParam(): string {
  const [params] = useSearchParams();
  const value = params.get(DAY_PARAM);
  return isIsoDate(value) ? value : defaultSchoolDay();
}

/** A link to the same page with one query parameter changed (the others are kept). */
function useHrefWith(name: string) {
  const [params] = useSearchParams();
  return (value: string) => {
    const next = new URLSearchParams(params);
    next.set(name, value);
    return `?${next.toString()}`;
  };
}

interface WeekNavigationProps {
  weekStart: string;
  /** Last day shown (Friday, or Saturday if the week has class that day). */
  lastDay: string;
  headingId: string;
}

/** "Semaine du lundi 30 novembre au vendredi 4 décembre" and previous / this / next week. */
export function WeekNavigation({ weekStart, lastDay, headingId }: WeekNavigationProps) {
  const { t, i18n } = useTranslation();
  const hrefFor = useHrefWith(WEEK_PARAM);
  const crossesYear = weekStart.slice(0, 4) !== lastDay.slice(0, 4);
  // The week that contains today (the page opens on the coming week during the weekend).
  const current = mondayOf(todayAtSchool());
  return (
    <Stack gap="xs">
      <Title order={2} id={headingId} fz="h3">
        {t('timetable.weekNav.range', {
          start: formatDayLong(weekStart, i18n.language, { withYear: crossesYear }),
          end: formatDayLong(lastDay, i18n.language, { withYear: crossesYear }),
        })}
      </Title>
      <StepNavigation
        label={t('timetable.weekNav.label')}
        previous={{ to: hrefFor(addDays(weekStart, -7)), label: t('timetable.weekNav.previous') }}
        current={{ to: hrefFor(current), label: t('timetable.weekNav.current'), active: weekStart === current }}
        next={{ to: hrefFor(addDays(weekStart, 7)), label: t('timetable.weekNav.next') }}
      />
    </Stack>
  );
}

interface DayNavigationProps {
  day: string;
  headingId: string;
}

/** "lundi 30 novembre" and previous / today / next school weekday. */
export function DayNavigation({ day, headingId }: DayNavigationProps) {
  const { t, i18n } = useTranslation();
  const hrefFor = useHrefWith(DAY_PARAM);
  const current = todayAtSchool();
  return (
    <Stack gap="xs">
      <Title order={2} id={headingId} fz="h3" className={classes.capitalized}>
        {formatDayLong(day, i18n.language, { withYear: day.slice(0, 4) !== current.slice(0, 4) })}
      </Title>
      <StepNavigation
        label={t('timetable.dayNav.label')}
        previous={{ to: hrefFor(shiftWeekday(day, -1)), label: t('timetable.dayNav.previous') }}
        current={{ to: hrefFor(current), label: t('timetable.dayNav.today'), active: day === current }}
        next={{ to: hrefFor(shiftWeekday(day, 1)), label: t('timetable.dayNav.next') }}
      />
    </Stack>
  );
}

interface Step {
  to: string;
  label: string;
}

/**
 * Previous / current / next as links. On a phone the steps show only their arrow (the
 * link keeps its full name for screen readers); from 36em they show their label.
 */
function StepNavigation({
  label,
  previous,
  current,
  next,
}: {
  label: string;
  previous: Step;
  current: Step & { active: boolean };
  next: Step;
}) {
  return (
    <Group component="nav" aria-label={label} gap="xs" className={classes.navRow}>
      <Button component={Link} to={previous.to} variant="default" size="sm" className={classes.navStep} aria-label={previous.label}>
        <span aria-hidden="true">‹</span>
        <span className={classes.navLabel} aria-hidden="true">
          &nbsp;{previous.label}
        </span>
      </Button>
      <Button
        component={Link}
        to={current.to}
        variant={current.active ? 'light' : 'default'}
        size="sm"
        className={classes.navCurrent}
        aria-current={current.active ? 'date' : undefined}
      >
        {current.label}
      </Button>
      <Button component={Link} to={next.to} variant="default" size="sm" className={classes.navStep} aria-label={next.label}>
        <span className={classes.navLabel} aria-hidden="true">
          {next.label}&nbsp;
        </span>
        <span aria-hidden="true">›</span>
      </Button>
    </Group>
  );
}
