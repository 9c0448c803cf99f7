import { Alert, Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { dismissRefusal, waitingCount, type PendingTaps } from './pendingTaps';
import classes from './Safety.module.css';

/**
 * The taps this phone keeps for lack of network (« 3 pointages en attente d’envoi »), then
 * « Pointages envoyés » once the server has them; and the taps the server refused. The
 * status region is always there, so that each change is announced.
 */
interface PendingTapsStatusProps {
  record: PendingTaps | null;
  userId: number;
  musterId: number;
}

export function PendingTapsStatus({ record, userId, musterId }: PendingTapsStatusProps) {
  const { t } = useTranslation();
  const count = waitingCount(record);
  // Whether some waited since the page opened: then an empty count means "sent".
  const [waited, setWaited] = useState(false);
  if (count > 0 && !waited) setWaited(true);
  return (
    <Stack gap="xs">
      <div role="status">
        {count > 0 ? (
          <div className={classes.pending}>
            <Text fw={700}>{t('safety.muster.pending', { count })}</Text>
            <Text size="sm">{t('safety.muster.pendingHelp')}</Text>
          </div>
        ) : waited ? (
          <Text c="teal.9" fw={700}>
            {t('safety.muster.allSent')}
          </Text>
        ) : null}
      </div>
      {record?.refused && (
        <Alert
          color="red"
          variant="outline"
          role="alert"
          title={t('safety.muster.refused', { count: record.refused.count })}
        >
          <Stack gap="xs" align="flex-start">
            {record.refused.message && <Text size="sm">{record.refused.message}</Text>}
            <Button variant="outline" color="red.9" onClick={() => void dismissRefusal(userId, musterId)}>
              {t('safety.muster.dismiss')}
            </Button>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
