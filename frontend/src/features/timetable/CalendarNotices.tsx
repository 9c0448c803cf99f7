import { Alert, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * "Calendrier scolaire non publié pour 2029-2030": the server's notices for the days shown,
 * when a school year's holidays are not known yet (those days have no class, nothing can be
 * recorded on them until the ministry publishes the year or the DASEN enters it).
 */
export function CalendarNotices({ notices }: { notices: readonly string[] | undefined }) {
  const { t } = useTranslation();
  if (!notices || notices.length === 0) return null;
  return (
    <Stack gap="xs">
      {notices.map((notice) => (
        <Alert key={notice} color="red.9" variant="outline" role="status" title={notice}>
          {t('timetable.calendarNotice.body')}
        </Alert>
      ))}
    </Stack>
  );
}
