/**
 * Live events: the one WebSocket of the app (`/ws/events/`, server → client only).
 *
 * The server pushes small JSON hints `{type, ...}` ("this changed, refetch"); data
 * always comes from the REST API. Each feature declares the event types it handles in
 * a map `type → handler` (see src/liveEvents.ts); the connection dispatches every
 * message to the handlers of its type. After a dropped connection is re-established,
 * the synthetic event `realtime.reconnected` is dispatched so that features refetch
 * what they may have missed.
 *
 * This module has no React in it: RealtimeProvider (./RealtimeProvider.tsx) mounts one
 * connection for the signed-in user and closes it on logout.
 */
import type { QueryClient } from '@tanstack/react-query';

import type { LiveEvent } from '../api/types';

/** Dispatched (locally) when the socket opens again after a drop: events may have been lost. */
export const RECONNECTED_EVENT = 'realtime.reconnected';

/**
 * What handlers receive: an event of the server's union (generated from the OpenAPI
 * schema, one serializer per event type), or the local "reconnected".
 */
export type RealtimeEvent = LiveEvent | { type: typeof RECONNECTED_EVENT };

/** Every type a handler can be registered for: a renamed server event fails `tsc`. */
export type RealtimeEventType = RealtimeEvent['type'];

/** The event of one type (or of several), with its fields. */
export type RealtimeEventOf<T extends RealtimeEventType> = Extract<RealtimeEvent, { type: T }>;

export interface RealtimeContext {
  queryClient: QueryClient;
}

/** A handler of some events (by default of any): `RealtimeHandler<RealtimeEventOf<'homework.done'>>`. */
export type RealtimeHandler<E extends RealtimeEvent = RealtimeEvent> = (event: E, context: RealtimeContext) => void;

/** What a feature registers: for each event type, one handler or several. */
export type RealtimeHandlers = {
  readonly [T in RealtimeEventType]?: RealtimeHandler<RealtimeEventOf<T>> | readonly RealtimeHandler<RealtimeEventOf<T>>[];
};

/** Several features' maps merged: every type with its list of handlers. */
export type RealtimeHandlerLists = { [T in RealtimeEventType]?: RealtimeHandler<RealtimeEventOf<T>>[] };

/** Close code the server uses when the socket's session is not (or no longer) signed in. */
export const UNAUTHENTICATED_CLOSE_CODE = 4401;
/**
 * "Try again later": the server accepted the handshake but cannot serve the socket now
 * (database or Redis unreachable). The backoff goes on as if the socket had never opened.
 */
export const TRY_AGAIN_LATER_CLOSE_CODE = 1013;
/**
 * The session opened more sockets than the server keeps (other tabs): this one, the
 * oldest, was closed. Reconnecting would close the next oldest, so it stays closed.
 */
export const TOO_MANY_SOCKETS_CLOSE_CODE = 4429;

export const INITIAL_RECONNECT_DELAY_MS = 1_000;
export const MAX_RECONNECT_DELAY_MS = 30_000;

/** Merges the handler maps of several features (two features may handle the same type). */
export function combineHandlers(...maps: RealtimeHandlers[]): RealtimeHandlerLists {
  // Keys and handlers are paired by the map's type; once merged they are read by key only.
  const combined: Record<string, RealtimeHandler[]> = {};
  for (const map of maps) {
    for (const [type, handlers] of Object.entries(map) as [string, unknown][]) {
      if (handlers === undefined) continue;
      const list = (Array.isArray(handlers) ? handlers : [handlers]) as RealtimeHandler[];
      combined[type] = [...(combined[type] ?? []), ...list];
    }
  }
  return combined as RealtimeHandlerLists;
}

/** Handlers by event type. `on()` returns the function that unregisters. */
export class RealtimeRegistry {
  private readonly handlers = new Map<string, Set<RealtimeHandler>>();

  on<T extends RealtimeEventType>(type: T, handler: RealtimeHandler<RealtimeEventOf<T>>): () => void {
    // Stored by type: dispatch() only ever calls it with an event of that type.
    return this.add(type, handler as RealtimeHandler);
  }

  private add(type: string, handler: RealtimeHandler): () => void {
    let set = this.handlers.get(type);
    if (!set) {
      set = new Set();
      this.handlers.set(type, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(type) === set) this.handlers.delete(type);
    };
  }

  /** Registers a whole map (a feature's handlers); returns one function that undoes it. */
  register(handlers: RealtimeHandlers): () => void {
    const lists = Object.entries(combineHandlers(handlers)) as [RealtimeEventType, RealtimeHandler[]][];
    const offs = lists.flatMap(([type, list]) => list.map((handler) => this.add(type, handler)));
    return () => offs.forEach((off) => off());
  }

  types(): string[] {
    return [...this.handlers.keys()];
  }

  /** Calls every handler of the event's type; a failing handler does not stop the others. */
  dispatch(event: RealtimeEvent, context: RealtimeContext): number {
    const set = this.handlers.get(event.type);
    if (!set) return 0;
    for (const handler of [...set]) {
      try {
        handler(event, context);
      } catch (error) {
        console.error(`Live event handler for "${event.type}" failed`, error);
      }
    }
    return set.size;
  }
}

/**
 * Parses one socket message; anything but a JSON object with a string `type` is ignored.
 * The server sends only the schema's `LiveEvent`s; a type no handler knows is dropped.
 */
export function parseEvent(data: unknown): RealtimeEvent | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && type !== '' ? (value as RealtimeEvent) : null;
}

/** `ws://host/ws/events/` or `wss://…` on the page's own origin. */
export function realtimeUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws/events/`;
}

/** Exponential backoff with jitter: 1 s, 2 s, 4 s… never more than 30 s. */
export function reconnectDelay(
  attempt: number,
  random: () => number = Math.random,
  initialMs = INITIAL_RECONNECT_DELAY_MS,
  maxMs = MAX_RECONNECT_DELAY_MS,
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
  // Between half and all of the delay, so that a server restart is not hit by every
  // client at the same instant.
  return Math.round(base * (0.5 + random() / 2));
}

type SocketFactory = (url: string) => WebSocket;

export interface RealtimeConnectionOptions {
  url: string;
  registry: RealtimeRegistry;
  context: RealtimeContext;
  /** Defaults to `new WebSocket(url)`; tests pass a fake. */
  createSocket?: SocketFactory;
  random?: () => number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** The server refused the socket because the session ended. */
  onUnauthenticated?: () => void;
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'waiting' | 'stopped';

/**
 * One WebSocket that reconnects with exponential backoff until stop() is called.
 * Messages are dispatched to the registry's handlers.
 */
export class RealtimeConnection {
  private socket: WebSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private hasBeenOpen = false;
  private currentState: ConnectionState = 'idle';
  private readonly options: Required<Omit<RealtimeConnectionOptions, 'onUnauthenticated'>> &
    Pick<RealtimeConnectionOptions, 'onUnauthenticated'>;

  constructor(options: RealtimeConnectionOptions) {
    this.options = {
      createSocket: (url) => new WebSocket(url),
      random: Math.random,
      initialDelayMs: INITIAL_RECONNECT_DELAY_MS,
      maxDelayMs: MAX_RECONNECT_DELAY_MS,
      ...options,
    };
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  start(): void {
    if (this.currentState !== 'idle' && this.currentState !== 'stopped') return;
    this.attempt = 0;
    this.hasBeenOpen = false;
    this.connect();
  }

  /** Closes the socket for good (logout, unmount); no reconnection follows. */
  stop(): void {
    this.currentState = 'stopped';
    this.clearTimer();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      this.detach(socket);
      if (socket.readyState === 0 || socket.readyState === 1) socket.close(1000, 'logout');
    }
  }

  /** Skips the remaining wait (e.g. the browser is back online). */
  reconnectNow(): void {
    if (this.currentState !== 'waiting') return;
    this.clearTimer();
    this.attempt = 0;
    this.connect();
  }

  private connect(): void {
    this.currentState = 'connecting';
    let socket: WebSocket;
    try {
      socket = this.options.createSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.currentState = 'open';
      opened = true;
      if (this.hasBeenOpen) {
        this.options.registry.dispatch({ type: RECONNECTED_EVENT }, this.options.context);
      }
      this.hasBeenOpen = true;
    };
    socket.onmessage = (message: MessageEvent) => {
      if (this.socket !== socket) return;
      const event = parseEvent(message.data);
      if (event) this.options.registry.dispatch(event, this.options.context);
    };
    socket.onclose = (close: CloseEvent) => {
      if (this.socket !== socket) return;
      this.detach(socket);
      this.socket = null;
      if (close.code === UNAUTHENTICATED_CLOSE_CODE) {
        // Reconnecting cannot help: the session is gone. Let the app find out.
        this.currentState = 'stopped';
        this.options.onUnauthenticated?.();
        return;
      }
      if (close.code === TOO_MANY_SOCKETS_CLOSE_CODE) {
        this.currentState = 'stopped';
        return;
      }
      // A socket that was served and then dropped starts the backoff again from the first
      // delay; a refusal ("try again later", or no handshake at all) keeps growing it.
      if (opened && close.code !== TRY_AGAIN_LATER_CLOSE_CODE) this.attempt = 0;
      this.scheduleReconnect();
    };
    // An error is always followed by a close event: reconnection happens there.
    socket.onerror = () => undefined;
  }

  private scheduleReconnect(): void {
    if (this.currentState === 'stopped') return;
    this.currentState = 'waiting';
    const delay = reconnectDelay(
      this.attempt,
      this.options.random,
      this.options.initialDelayMs,
      this.options.maxDelayMs,
    );
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.currentState === 'waiting') this.connect();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private detach(socket: WebSocket): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
  }
}
