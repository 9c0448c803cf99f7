import type { TFunction } from 'i18next';
import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { Occurrence, TimetableDay } from '../../api/types';
import { formatDayLong, todayAtSchool, weekdayOf } from '../../shared/dates';
import { dayOffLabel } from '../../shared/labels';
import { OccurrenceCard } from './OccurrenceCard';
import classes from './Timetable.module.css';

interface WeekGridProps {
  days: readonly TimetableDay[];
  /** Unique prefix for the day headings' ids (several grids may share a page). */
  idPrefix: string;
  /** Heading level of each day (under the page's week heading). */
  headingOrder?: 2 | 3 | 4;
  /** Edit controls for one lesson (classroom editors). */
  renderActions?: (occurrence: Occurrence, day: TimetableDay) => ReactNode;
  today?: string;
}

/** The days shown: Monday to Friday, and a weekend day only if it has something on. */
export function visibleDays(days: readonly TimetableDay[]): TimetableDay[] {
  return days.filter((day) => weekdayOf(day.date) < 5 || day.is_school_day || day.occurrences.length > 0);
}

/** The week: a list of days on a phone, one column per day on a tablet or a computer. */
export function WeekGrid({ days, idPrefix, headingOrder = 3, renderActions, today = todayAtSchool() }: WeekGridProps) {
  const shown = visibleDays(days);
  // A day without class gets a narrower column than a school day.
  const columns = shown.map((day) => (isQuietDay(day) ? 'minmax(0, 0.65fr)' : 'minmax(0, 1fr)')).join(' ');
  return (
    <div className={classes.week}>
      <div className={classes.grid} style={{ '--week-columns': columns } as CSSProperties}>
        {shown.map((day) => (
          <DayColumn
            key={day.date}
            day={day}
            headingId={`${idPrefix}-${day.date}`}
            headingOrder={headingOrder}
            isToday={day.date === today}
            renderActions={renderActions}
          />
        ))}
      </div>
    </div>
  );
}

function isQuietDay(day: TimetableDay): boolean {
  return !day.is_school_day && day.occurrences.length === 0;
}

interface DayColumnProps {
  day: TimetableDay;
  headingId: string;
  headingOrder: 2 | 3 | 4;
  isToday: boolean;
  renderActions?: (occurrence: Occurrence, day: TimetableDay) => ReactNode;
}

function DayColumn({ day, headingId, headingOrder, isToday, renderActions }: DayColumnProps) {
  const { t, i18n } = useTranslation();
  const halfDayOff = halfDayOffLabel(day, t);
  return (
    <section
      aria-labelledby={headingId}
      className={classes.day}
      aria-current={isToday ? 'date' : undefined}
      data-off={isQuietDay(day) || undefined}
    >
      <Stack gap="xs">
        <Group gap={6} justify="space-between" wrap="wrap">
          <Title order={headingOrder} id={headingId} fz="md" className={classes.dayTitle}>
            {formatDayLong(day.date, i18n.language)}
          </Title>
          {isToday && (
            <Badge size="sm" color="blue.9" tt="none">
              {t('timetable.day.today')}
            </Badge>
          )}
        </Group>
        {day.off && <Text fw={600}>{dayOffLabel(t, day.off)}</Text>}
        {halfDayOff && (
          <Text size="sm" fw={600}>
            {halfDayOff}
          </Text>
        )}
        {day.occurrences.length > 0 ? (
          <ol className={classes.list}>
            {day.occurrences.map((occurrence) => (
              <li key={`${occurrence.uid}-${occurrence.status}-${occurrence.date}`}>
                <OccurrenceCard
                  occurrence={occurrence}
                  actions={renderActions?.(occurrence, day)}
                  headingOrder={(headingOrder + 1) as 3 | 4 | 5}
                />
              </li>
            ))}
          </ol>
        ) : (
          day.is_school_day && (
            <Text size="sm" c="dimmed">
              {t('timetable.day.noLesson')}
            </Text>
          )
        )}
      </Stack>
    </section>
  );
}

/**
 * A school day with only one half-day of class, other than a 4.5-day Wednesday: the other
 * half-day is closed. DayOutput does not carry the reason of a half-day closure (the
 * backend's SchoolDay.half_day_off is not serialised), so only the fact is shown.
 */
function halfDayOffLabel(day: TimetableDay, t: TFunction): string | null {
  if (!day.is_school_day || day.half_days.length !== 1 || weekdayOf(day.date) === 2) return null;
  return day.half_days[0] === 'morning'
    ? t('timetable.day.halfDayOff.afternoon')
    : t('timetable.day.halfDayOff.morning');
}
