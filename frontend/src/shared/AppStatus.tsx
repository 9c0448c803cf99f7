import { Alert, Button, Group, Paper } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

import { registerServiceWorker } from './serviceWorker';

function subscribeOnline(callback: () => void) {
  window.addEventListener('online', callback);
  window.addEventListener('offline', callback);
  return () => {
    window.removeEventListener('online', callback);
    window.removeEventListener('offline', callback);
  };
}

/** Whether the browser says it is online. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine, () => true);
}

/**
 * Two notices at the bottom of every page: the app is offline (what is shown is what was last
 * received), and a new version of Préau is ready (reload now, or later).
 */
export function AppStatus() {
  const { t } = useTranslation();
  const online = useOnline();
  const [activate, setActivate] = useState<(() => void) | null>(null);
  const [dismissed, setDismissed] = useState(false);
  const queryClient = useQueryClient();

  useEffect(() => {
    registerServiceWorker(
      (activateNewVersion) => setActivate(() => activateNewVersion),
      () => void queryClient.invalidateQueries(),
    );
  }, [queryClient]);

  if (online && (activate === null || dismissed)) return null;
  return (
    <div style={{ position: 'fixed', insetInline: 12, bottom: 12, zIndex: 300, maxWidth: 560, marginInline: 'auto' }}>
      {!online && (
        <Paper shadow="md" mb="xs">
          <Alert role="status" color="blue" variant="outline" title={t('pwa.offlineTitle')}>
            {t('pwa.offline')}
          </Alert>
        </Paper>
      )}
      {activate !== null && !dismissed && (
        <Paper shadow="md">
          <Alert role="status" color="blue" variant="outline" title={t('pwa.updateTitle')}>
            {t('pwa.update')}
            <Group gap="xs" mt="xs">
              <Button size="xs" onClick={activate}>
                {t('pwa.reload')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setDismissed(true)}>
                {t('pwa.later')}
              </Button>
            </Group>
          </Alert>
        </Paper>
      )}
    </div>
  );
}
