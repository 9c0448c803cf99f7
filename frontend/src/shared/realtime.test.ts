import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { timetableLiveEvents } from '../features/timetable/liveEvents';
import { LIVE_EVENT_HANDLERS } from '../liveEvents';
import { asWebSocket, FakeWebSocket } from '../test/fakeWebSocket';
import {
  combineHandlers,
  MAX_RECONNECT_DELAY_MS,
  parseEvent,
  RealtimeConnection,
  RealtimeRegistry,
  realtimeUrl,
  reconnectDelay,
  RECONNECTED_EVENT,
} from './realtime';

function setUp(handlers = LIVE_EVENT_HANDLERS) {
  const queryClient = new QueryClient();
  const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
  const registry = new RealtimeRegistry();
  registry.register(handlers);
  const onUnauthenticated = vi.fn();
  const connection = new RealtimeConnection({
    url: 'ws://preau.test/ws/events/',
    registry,
    context: { queryClient },
    createSocket: (url) => asWebSocket(new FakeWebSocket(url)),
    random: () => 1, // no jitter: the full delay
    onUnauthenticated,
  });
  const socket = () => {
    const latest = FakeWebSocket.latest();
    if (!latest) throw new Error('no socket opened');
    return latest;
  };
  return { queryClient, invalidate, registry, connection, socket, onUnauthenticated };
}

describe('realtime', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeWebSocket.reset();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('invalidates the timetable queries on timetable.changed and agenda.changed', () => {
    const { connection, socket, invalidate, queryClient } = setUp();
    queryClient.setQueryData(['timetable', 'children-week', '2026-11-30'], []);
    queryClient.setQueryData(['accounts', 'me'], { id: 1 });
    connection.start();
    socket().open();

    socket().receive({ type: 'timetable.changed', classroom_id: 7, dates: ['2026-11-30'] });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['timetable'] });
    expect(queryClient.getQueryState(['timetable', 'children-week', '2026-11-30'])?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(['accounts', 'me'])?.isInvalidated).toBe(false);

    invalidate.mockClear();
    socket().receive({ type: 'agenda.changed', school_id: 3 });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['timetable'] });
  });

  it('ignores unknown types and malformed messages', () => {
    const { connection, socket, invalidate } = setUp();
    connection.start();
    socket().open();

    socket().receive({ type: 'nobody.handles.this' });
    socket().receive('not json');
    socket().receive([1, 2]);
    socket().receive({ no: 'type' });
    expect(invalidate).not.toHaveBeenCalled();
    expect(parseEvent('{"type":"x","a":1}')).toEqual({ type: 'x', a: 1 });
    expect(parseEvent('{"type":""}')).toBeNull();
  });

  it('reconnects after a close with exponential backoff capped at 30 s, then catches up', () => {
    const { connection, socket, invalidate } = setUp();
    connection.start();
    socket().open();
    expect(FakeWebSocket.instances).toHaveLength(1);

    socket().serverClose(1006);
    expect(connection.state).toBe('waiting');
    vi.advanceTimersByTime(999);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);

    // The server stays down: 2 s, 4 s, 8 s… up to 30 s between attempts.
    const waits: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const count = FakeWebSocket.instances.length;
      socket().serverClose(1006);
      let waited = 0;
      while (FakeWebSocket.instances.length === count) {
        vi.advanceTimersByTime(500);
        waited += 500;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);

    // Back up: events missed while down are caught up by refetching.
    invalidate.mockClear();
    socket().open();
    expect(connection.state).toBe('open');
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['timetable'] });

    // A later drop starts again from 1 s.
    socket().serverClose(1011);
    const count = FakeWebSocket.instances.length;
    vi.advanceTimersByTime(1_000);
    expect(FakeWebSocket.instances).toHaveLength(count + 1);

    // Live events flow on the new socket.
    socket().open();
    invalidate.mockClear();
    socket().receive({ type: 'timetable.changed', classroom_id: 7, dates: [] });
    // The timetable's queries and the home page's.
    expect(invalidate).toHaveBeenCalledTimes(2);
  });

  it('keeps backing off while the server accepts then closes with 1013, then catches up', () => {
    const { connection, socket, invalidate } = setUp();
    connection.start();
    socket().open();

    // An outage (database or Redis): every handshake is accepted, then closed "try again later".
    const waits: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const count = FakeWebSocket.instances.length;
      if (attempt > 0) socket().open();
      socket().serverClose(1013);
      let waited = 0;
      while (FakeWebSocket.instances.length === count) {
        vi.advanceTimersByTime(500);
        waited += 500;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000]);

    // The outage is over: the socket stays open and the features refetch what they missed.
    invalidate.mockClear();
    socket().open();
    expect(connection.state).toBe('open');
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['timetable'] });
    invalidate.mockClear();
    socket().receive({ type: 'timetable.changed', classroom_id: 7, dates: [] });
    // The timetable's queries and the home page's.
    expect(invalidate).toHaveBeenCalledTimes(2);
  });

  it('stays closed when a newer tab of the session displaced this socket (4429)', () => {
    const { connection, socket, onUnauthenticated } = setUp();
    connection.start();
    socket().open();
    socket().serverClose(4429);
    vi.advanceTimersByTime(10 * MAX_RECONNECT_DELAY_MS);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(connection.state).toBe('stopped');
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it('stops for good on stop() (logout): the socket is closed and never reopened', () => {
    const { connection, socket } = setUp();
    connection.start();
    socket().open();
    const first = socket();

    connection.stop();
    expect(first.closedWith).toEqual({ code: 1000, reason: 'logout' });
    vi.advanceTimersByTime(10 * MAX_RECONNECT_DELAY_MS);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('stops while waiting to reconnect', () => {
    const { connection, socket } = setUp();
    connection.start();
    socket().serverClose(1006);
    connection.stop();
    vi.advanceTimersByTime(10 * MAX_RECONNECT_DELAY_MS);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('does not retry when the server says the session is gone (4401)', () => {
    const { connection, socket, onUnauthenticated } = setUp();
    connection.start();
    socket().serverClose(4401);
    vi.advanceTimersByTime(10 * MAX_RECONNECT_DELAY_MS);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    expect(connection.state).toBe('stopped');
  });

  it('lets another feature register its own types next to the timetable', () => {
    const received: string[] = [];
    const messaging = { 'message.created': () => received.push('message.created') };
    const { connection, socket, invalidate } = setUp(combineHandlers(timetableLiveEvents, messaging));
    connection.start();
    socket().open();

    socket().receive({ type: 'message.created', conversation_id: 4 });
    socket().receive({ type: 'timetable.changed', classroom_id: 7, dates: [] });
    expect(received).toEqual(['message.created']);
    expect(invalidate).toHaveBeenCalledTimes(1);
  });

  it('keeps dispatching when one handler throws, and unregisters cleanly', () => {
    const registry = new RealtimeRegistry();
    const calls: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    registry.on(RECONNECTED_EVENT, () => {
      throw new Error('boom');
    });
    const off = registry.on(RECONNECTED_EVENT, () => calls.push('second'));
    const context = { queryClient: new QueryClient() };

    expect(registry.dispatch({ type: RECONNECTED_EVENT }, context)).toBe(2);
    expect(calls).toEqual(['second']);
    expect(error).toHaveBeenCalled();
    off();
    registry.dispatch({ type: RECONNECTED_EVENT }, context);
    expect(calls).toEqual(['second']);
    expect(registry.types()).toEqual([RECONNECTED_EVENT]);
  });

  it('builds the URL from the page origin and computes delays', () => {
    expect(realtimeUrl({ protocol: 'http:', host: '127.0.0.1:8000' })).toBe('ws://127.0.0.1:8000/ws/events/');
    expect(realtimeUrl({ protocol: 'https:', host: 'preau.example.fr' })).toBe('wss://preau.example.fr/ws/events/');
    expect(reconnectDelay(0, () => 1)).toBe(1_000);
    expect(reconnectDelay(3, () => 1)).toBe(8_000);
    expect(reconnectDelay(50, () => 1)).toBe(30_000);
    expect(reconnectDelay(50, () => 0)).toBe(15_000);
    // Timetable, homework, messaging, attendance, the livret, the home page and safety all
    // catch up after a reconnection.
    expect(LIVE_EVENT_HANDLERS[RECONNECTED_EVENT]).toHaveLength(7);
  });
});
