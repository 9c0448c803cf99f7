import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';

import { LIVE_EVENT_HANDLERS } from '../../liveEvents';
import { type RealtimeEvent, RealtimeRegistry, RECONNECTED_EVENT } from '../../shared/realtime';
import { attendanceKeys } from './queryKeys';

function setUp() {
  const queryClient = new QueryClient();
  const registry = new RealtimeRegistry();
  registry.register(LIVE_EVENT_HANDLERS);
  queryClient.setQueryData(attendanceKeys.absences({}), []);
  queryClient.setQueryData(attendanceKeys.sheet(7, '2026-11-24', 'morning'), null);
  queryClient.setQueryData(['homework', 'children', '2026-11-30', '2026-12-06'], []);
  const isInvalidated = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;
  return { queryClient, registry, isInvalidated };
}

describe('attendance live events', () => {
  it.each([
    'attendance.roll_call_taken',
    'attendance.absence_recorded',
    'attendance.absence_changed',
    'attendance.justification_submitted',
    'attendance.justification_reviewed',
    'attendance.notice_changed',
    'attendance.l1318_case_opened',
    'attendance.l1318_case_changed',
    RECONNECTED_EVENT,
  ])('%s refreshes the attendance queries, and only those', (type) => {
    const { queryClient, registry, isInvalidated } = setUp();
    // A partial event: the handlers read only its type.
    registry.dispatch({ type, pupil_id: 101 } as unknown as RealtimeEvent, { queryClient });
    expect(isInvalidated(attendanceKeys.absences({}))).toBe(true);
    expect(isInvalidated(attendanceKeys.sheet(7, '2026-11-24', 'morning'))).toBe(true);
    expect(isInvalidated(['homework', 'children', '2026-11-30', '2026-12-06'])).toBe(type === RECONNECTED_EVENT);
  });
});
