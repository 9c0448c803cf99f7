import { Badge, Group, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { Occurrence, OccurrenceStatus } from '../../api/types';
import { formatDayLong, formatTime } from '../../shared/dates';
import { activityLabel, occurrenceTitle, personName } from '../../shared/labels';
import classes from './Timetable.module.css';

/** Dark shades: white badge text keeps a 4.5:1 contrast. Colour is never the only cue. */
const STATUS_COLORS: Record<OccurrenceStatus, string> = {
  scheduled: 'blue.9',
  cancelled: 'red.9',
  replaced: 'violet.9',
  moved_away: 'grape.9',
  moved_in: 'grape.9',
  extra: 'teal.9',
};

interface OccurrenceCardProps {
  occurrence: Occurrence;
  /** Shown in the teacher's day view, where lessons come from several classrooms. */
  classroomName?: string;
  /** Edit menu (classroom editors only). */
  actions?: ReactNode;
  /** The viewer's own person id: a teacher does not need their own name on each lesson. */
  viewerPersonId?: number | null;
  /** Heading level of the lesson's title: one under its day's heading. */
  headingOrder: 3 | 4 | 5;
}

/** One lesson of a day: time, subject, teacher, room, and what changed, in words. */
export function OccurrenceCard({ occurrence, classroomName, actions, viewerPersonId, headingOrder }: OccurrenceCardProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const start = formatTime(occurrence.start_time, language);
  const end = formatTime(occurrence.end_time, language);
  const title = occurrenceTitle(t, occurrence);
  const struck = occurrence.status === 'cancelled' || occurrence.status === 'moved_away';
  const badge = statusBadge(occurrence, t);

  const details: string[] = [];
  if (occurrence.status === 'replaced') {
    const name = occurrence.replacement_name || personName(occurrence.teacher);
    details.push(name ? t('timetable.occurrence.replacedBy', { name }) : t('timetable.occurrence.replacedUnknown'));
  }
  if (occurrence.status === 'moved_away' && occurrence.moved_to) {
    details.push(
      t('timetable.occurrence.movedAway', {
        date: formatDayLong(occurrence.moved_to, language),
        time: occurrence.moved_to_time ? formatTime(occurrence.moved_to_time, language) : '',
      }),
    );
  }
  if (occurrence.status === 'moved_in' && occurrence.moved_from) {
    details.push(t('timetable.occurrence.movedIn', { date: formatDayLong(occurrence.moved_from, language) }));
  }
  if (occurrence.reason) details.push(t('timetable.occurrence.reason', { reason: occurrence.reason }));

  const facts: string[] = [];
  if (classroomName) facts.push(t('timetable.occurrence.classroom', { name: classroomName }));
  if (
    occurrence.is_teaching &&
    occurrence.status !== 'replaced' &&
    occurrence.teacher &&
    occurrence.teacher.id !== viewerPersonId
  ) {
    facts.push(t('timetable.occurrence.teacher', { name: personName(occurrence.teacher) }));
  }
  if (occurrence.room) {
    facts.push(
      occurrence.status === 'extra'
        ? t('timetable.occurrence.place', { place: occurrence.room })
        : t('timetable.occurrence.room', { room: occurrence.room }),
    );
  }

  const timeRange = (
    <Text size="sm" fw={600} className={classes.time}>
      <span aria-hidden="true">{t('timetable.timeRange', { start, end })}</span>
      <VisuallyHidden>{t('timetable.timeRangeSpoken', { start, end })}</VisuallyHidden>
    </Text>
  );

  if (!occurrence.is_teaching && occurrence.status === 'scheduled') {
    // Break and lunch: one quiet line.
    return (
      <Paper component="article" className={classes.occurrence} data-status="break">
        <Group gap={6} wrap="wrap" align="baseline">
          {timeRange}
          <Text size="sm" c="dimmed">
            {title}
          </Text>
        </Group>
        {actions}
      </Paper>
    );
  }

  return (
    <Paper component="article" withBorder className={classes.occurrence} data-status={occurrence.status}>
      <Stack gap={2}>
        <Group justify="space-between" gap={4} wrap="wrap" align="flex-start">
          {timeRange}
          {badge && (
            <Badge
              size="sm"
              color={badge.color}
              variant="filled"
              tt="none"
              className={classes.badge}
              classNames={{ label: classes.badgeLabel }}
            >
              {badge.label}
            </Badge>
          )}
        </Group>
        <Title order={headingOrder} className={classes.title} td={struck ? 'line-through' : undefined}>
          {title}
        </Title>
        {details.map((line) => (
          <Text key={line} size="sm" fw={600}>
            {line}
          </Text>
        ))}
        {facts.map((line) => (
          <Text key={line} size="sm" c="dimmed" className={classes.fact}>
            {line}
          </Text>
        ))}
        {actions}
      </Stack>
    </Paper>
  );
}

function statusBadge(
  occurrence: Occurrence,
  t: TFunction,
): { label: string; color: string } | null {
  const color = STATUS_COLORS[occurrence.status];
  switch (occurrence.status) {
    case 'cancelled':
      return { label: t('timetable.occurrence.cancelled'), color };
    case 'replaced':
      return { label: t('timetable.occurrence.replacedBadge'), color };
    case 'moved_away':
    case 'moved_in':
      return { label: t('timetable.occurrence.movedBadge'), color };
    case 'extra':
      return { label: occurrence.activity ? activityLabel(t, occurrence.activity) : t('timetable.occurrence.extraBadge'), color };
    default:
      return null;
  }
}
