import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';

import { LIVE_EVENT_HANDLERS } from '../../liveEvents';
import { RealtimeRegistry, RECONNECTED_EVENT } from '../../shared/realtime';
import { homeworkKeys } from './queryKeys';

function setUp() {
  const queryClient = new QueryClient();
  const registry = new RealtimeRegistry();
  registry.register(LIVE_EVENT_HANDLERS);
  queryClient.setQueryData(homeworkKeys.children('2026-11-30', '2026-12-06'), []);
  queryClient.setQueryData(homeworkKeys.done(7, '2026-11-30', '2026-12-06'), { done_count: 0 });
  queryClient.setQueryData(['timetable', 'children-week', '2026-11-30'], []);
  const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
  const isInvalidated = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;
  return { queryClient, registry, invalidate, isInvalidated };
}

describe('homework live events', () => {
  it('invalidates the homework queries, and only those, on homework.changed', () => {
    const { queryClient, registry, invalidate, isInvalidated } = setUp();

    registry.dispatch(
      { type: 'homework.changed', change: 'created', homework_id: 601, classroom_id: 7, due_date: '2026-12-01' },
      { queryClient },
    );

    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['homework'] });
    expect(isInvalidated(homeworkKeys.children('2026-11-30', '2026-12-06'))).toBe(true);
    expect(isInvalidated(homeworkKeys.done(7, '2026-11-30', '2026-12-06'))).toBe(true);
    expect(isInvalidated(['timetable', 'children-week', '2026-11-30'])).toBe(false);
  });

  it('invalidates them on homework.done and after a reconnection', () => {
    const { queryClient, registry, isInvalidated } = setUp();
    registry.dispatch(
      { type: 'homework.done', homework_id: 601, pupil_id: 101, done: true, done_count: 1, classroom_id: 7 },
      { queryClient },
    );
    expect(isInvalidated(homeworkKeys.done(7, '2026-11-30', '2026-12-06'))).toBe(true);

    const second = setUp();
    second.registry.dispatch({ type: RECONNECTED_EVENT }, { queryClient: second.queryClient });
    expect(second.isInvalidated(homeworkKeys.children('2026-11-30', '2026-12-06'))).toBe(true);
  });
});
