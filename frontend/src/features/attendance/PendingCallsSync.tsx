import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { useCurrentUser } from '../../shared/currentUser';

const RETRY_EVERY_MS = 30_000;

/**
 * In the signed-in layout: the roll calls kept without network on this device are sent when
 * the app starts and when the network comes back, whatever page is open. Only for the
 * people who take calls (a family's device never opens the store). The sender is loaded
 * when first needed: it stays out of the bundle every page loads (the worker keeps it for
 * offline starts).
 */
export function PendingCallsSync() {
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const takesCalls = me.roles.includes('teacher') || me.roles.includes('director');

  useEffect(() => {
    if (!takesCalls) return undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const send = () => {
      clearTimeout(retry);
      void import('./pendingCallsSender')
        .then(({ sendPendingCalls }) => sendPendingCalls(me.id, queryClient))
        // The `online` event may come before the network carries anything (a tablet joining
        // the school's Wi-Fi), and a server may be restarting: while a call waits, try
        // again now and then.
        .then((waiting) => {
          if (waiting && !stopped) retry = setTimeout(send, RETRY_EVERY_MS);
        })
        .catch(() => undefined); // the chunk unreachable: the next start or page opening sends
    };
    send();
    window.addEventListener('online', send);
    return () => {
      stopped = true;
      clearTimeout(retry);
      window.removeEventListener('online', send);
    };
  }, [me.id, takesCalls, queryClient]);

  return null;
}
