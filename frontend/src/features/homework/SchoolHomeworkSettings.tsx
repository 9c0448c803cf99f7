import { Alert, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '../../shared/errorMessage';
import { InlineLoader } from '../../shared/InlineLoader';
import { useSchoolHomeworkSettings, useUpdateSchoolHomeworkSettings } from './hooks';

/**
 * The director's switch: families and pupils read what was done in class (the cahier de
 * textes), or the school holds it back. Saved as soon as it is flipped.
 */
export function LessonsForFamiliesSwitch({ schoolId, schoolName }: { schoolId: number; schoolName: string }) {
  const { t } = useTranslation();
  const settings = useSchoolHomeworkSettings(schoolId);
  const update = useUpdateSchoolHomeworkSettings(schoolId);

  if (settings.isPending) return <InlineLoader label={t('homework.settings.loading')} />;
  if (settings.isError) {
    return (
      <Alert color="red" variant="outline" role="alert" p="xs">
        {t('homework.settings.loadError', { message: errorMessage(settings.error, t) })}
      </Alert>
    );
  }
  const shown = update.isPending && update.variables !== undefined ? update.variables : settings.data.families_see_lessons;
  return (
    <Stack gap="xs">
      <Switch
        checked={shown}
        onChange={(event) => update.mutate(event.currentTarget.checked)}
        disabled={update.isPending}
        label={t('homework.settings.familiesSeeLessons', { school: schoolName })}
        description={t('homework.settings.familiesSeeLessonsHint')}
        color="blue.9"
        size="md"
      />
      <Text size="sm" role="status">
        {update.isSuccess && (shown ? t('homework.settings.savedShown') : t('homework.settings.savedHeldBack'))}
      </Text>
      {update.isError && (
        <Alert color="red" variant="outline" role="alert" p="xs">
          {t('homework.settings.saveError', { message: errorMessage(update.error, t) })}
        </Alert>
      )}
    </Stack>
  );
}
