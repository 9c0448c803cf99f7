import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { AgendaEvent } from '../../api/types';
import { formatDayLong, formatTime, splitDateTime } from '../../shared/dates';

interface AgendaListProps {
  events: readonly AgendaEvent[];
  empty: string;
  /** Name of the classroom an event belongs to (school-wide events say so). */
  classroomName?: (classroomId: number) => string | undefined;
  renderActions?: (event: AgendaEvent) => ReactNode;
}

/** "jeudi 3 décembre, 18 h – 19 h 30" (or "Du … au …" over several days), at the school's time. */
export function useEventWhen() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (event: AgendaEvent): string => {
    const start = splitDateTime(event.starts_at);
    const end = splitDateTime(event.ends_at);
    if (start.date === end.date) {
      return t('timetable.agenda.sameDay', {
        date: formatDayLong(start.date, language),
        start: formatTime(start.time, language),
        end: formatTime(end.time, language),
      });
    }
    return t('timetable.agenda.severalDays', {
      start: `${formatDayLong(start.date, language)} ${formatTime(start.time, language)}`,
      end: `${formatDayLong(end.date, language)} ${formatTime(end.time, language)}`,
    });
  };
}

export function AgendaList({ events, empty, classroomName, renderActions }: AgendaListProps) {
  const { t } = useTranslation();
  const when = useEventWhen();
  if (events.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
      {events.map((event) => {
        const audience =
          event.classroom_id === null ? t('timetable.agenda.wholeSchool') : classroomName?.(event.classroom_id);
        return (
          <Paper component="li" key={event.id} withBorder p="sm">
            <Stack gap={4}>
              <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
                <Text fw={700}>{event.title}</Text>
                <Badge size="sm" color="blue.9" tt="none">
                  {t(`timetable.eventKinds.${event.kind}`)}
                </Badge>
              </Group>
              <Text size="sm" fw={600}>
                {when(event)}
              </Text>
              {event.location && <Text size="sm">{t('timetable.agenda.place', { place: event.location })}</Text>}
              {audience && (
                <Text size="sm" c="dimmed">
                  {audience}
                </Text>
              )}
              {event.description && (
                <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                  {event.description}
                </Text>
              )}
              {renderActions?.(event)}
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}
