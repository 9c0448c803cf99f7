import { Alert, Button, Paper, Stack, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { MusterDetail } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';

interface EndMusterFormProps {
  muster: MusterDetail;
  onEnd: (observations: string) => void;
  /** The end being sent: held by the page, which stays when this form goes (see MusterPage). */
  end: { isPending: boolean; isError: boolean; error: unknown };
}

/**
 * Ends the muster into the registre de sécurité, with what went wrong: by the director or
 * by whoever started it (`may_end`).
 */
export function EndMusterForm({ muster, onEnd, end }: EndMusterFormProps) {
  const { t } = useTranslation();
  const [observations, setObservations] = useState('');
  const title = muster.is_drill ? t('safety.muster.endDrill') : t('safety.muster.endAlert');
  return (
    <Paper component="section" aria-labelledby="terminer-rassemblement" withBorder p="md" radius="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onEnd(observations.trim());
        }}
      >
        <Stack gap="sm">
          <Title order={2} id="terminer-rassemblement">
            {title}
          </Title>
          <Textarea
            label={t('safety.muster.observations')}
            description={t('safety.muster.observationsHelp')}
            value={observations}
            onChange={(event) => setObservations(event.currentTarget.value)}
            autosize
            minRows={3}
            size="md"
          />
          {end.isError && (
            <Alert color="red" variant="outline" role="alert">
              {errorMessage(end.error, t)}
            </Alert>
          )}
          <Button type="submit" size="lg" color="red.9" w="fit-content" loading={end.isPending}>
            {t('safety.muster.end')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
