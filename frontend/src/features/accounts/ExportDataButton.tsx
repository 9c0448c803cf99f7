import { Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { EXPORT_URL } from './api';

/** "Télécharger mes données": the RGPD export of the signed-in user (a ZIP of JSON and CSV). */
export function ExportDataButton() {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" align="flex-start">
      <Text id="export-help">{t('accounts.export.help')}</Text>
      <Button component="a" href={EXPORT_URL} download variant="light" aria-describedby="export-help">
        {t('accounts.export.button')}
      </Button>
    </Stack>
  );
}
