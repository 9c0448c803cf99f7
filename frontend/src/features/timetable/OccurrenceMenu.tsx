import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { Occurrence } from '../../api/types';
import { formatDayLong, formatTime } from '../../shared/dates';
import { occurrenceTitle } from '../../shared/labels';

export type OccurrenceAction = 'cancel' | 'replace' | 'move' | 'restore';

/** What an editor may do with a lesson: change a planned one, or undo a change. */
export function availableActions(occurrence: Occurrence): OccurrenceAction[] {
  if (occurrence.status === 'scheduled') {
    return occurrence.slot_id !== null && occurrence.is_teaching ? ['cancel', 'replace', 'move'] : [];
  }
  return occurrence.exception_id !== null ? ['restore'] : [];
}

interface OccurrenceMenuProps {
  occurrence: Occurrence;
  onAction: (action: OccurrenceAction, occurrence: Occurrence) => void;
  busy?: boolean;
}

export function OccurrenceMenu({ occurrence, onAction, busy }: OccurrenceMenuProps) {
  const { t, i18n } = useTranslation();
  const actions = availableActions(occurrence);
  if (actions.length === 0) return null;
  const lesson = t('timetable.exception.lesson', {
    subject: occurrenceTitle(t, occurrence),
    date: formatDayLong(occurrence.date, i18n.language),
    time: formatTime(occurrence.start_time, i18n.language),
  });
  const labels: Record<OccurrenceAction, string> = {
    cancel: t('timetable.classroom.cancel'),
    replace: t('timetable.classroom.replace'),
    move: t('timetable.classroom.move'),
    restore: occurrence.status === 'extra' ? t('timetable.classroom.removeExtra') : t('timetable.classroom.restore'),
  };
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button
          size="compact-sm"
          variant="default"
          mt={4}
          w="fit-content"
          loading={busy}
          aria-label={t('timetable.classroom.actions', { lesson })}
        >
          {t('timetable.editor.edit')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {actions.map((action) => (
          <Menu.Item key={action} onClick={() => onAction(action, occurrence)} color={action === 'cancel' ? 'red.9' : undefined}>
            {labels[action]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
