import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

import { ME_QUERY_KEY } from './queryClient';
import {
  RealtimeConnection,
  RealtimeRegistry,
  realtimeUrl,
  type RealtimeEventOf,
  type RealtimeEventType,
  type RealtimeHandler,
  type RealtimeHandlers,
} from './realtime';

const RegistryContext = createContext<RealtimeRegistry | null>(null);

interface RealtimeProviderProps {
  /** The live event handlers of every feature (src/liveEvents.ts). */
  handlers: RealtimeHandlers;
  children: ReactNode;
}

/**
 * Mounted once, below the auth guard: opens the live socket for the signed-in user and
 * closes it when the signed-in part of the app unmounts (logout, session expiry).
 */
export function RealtimeProvider({ handlers, children }: RealtimeProviderProps) {
  const queryClient = useQueryClient();
  const [registry] = useState(() => new RealtimeRegistry());

  useEffect(() => registry.register(handlers), [registry, handlers]);

  useEffect(() => {
    if (typeof WebSocket === 'undefined') return undefined;
    const connection = new RealtimeConnection({
      url: realtimeUrl(window.location),
      registry,
      context: { queryClient },
      // The session ended: asking "who am I?" again turns it into a 401, and the auth
      // guard sends the user to the login page.
      onUnauthenticated: () => void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY }),
    });
    connection.start();
    const backOnline = () => connection.reconnectNow();
    window.addEventListener('online', backOnline);
    return () => {
      window.removeEventListener('online', backOnline);
      connection.stop();
    };
  }, [registry, queryClient]);

  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}

/**
 * Calls `handler` for each live event of `type` while the component is mounted
 * (for handlers that belong to one screen rather than to a whole feature).
 */
export function useRealtimeEvent<T extends RealtimeEventType>(
  type: T,
  handler: (event: RealtimeEventOf<T>) => void,
): void {
  const registry = useContext(RegistryContext);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!registry) return undefined;
    const forward: RealtimeHandler<RealtimeEventOf<T>> = (event) => latest.current(event);
    return registry.on(type, forward);
  }, [registry, type]);
}
