import type { LiveEvent } from './api/types';
import { attendanceLiveEvents } from './features/attendance/liveEvents';
import { homeworkLiveEvents } from './features/homework/liveEvents';
import { livretLiveEvents } from './features/livret/liveEvents';
import { messagingLiveEvents } from './features/messaging/liveEvents';
import { safetyLiveEvents } from './features/safety/liveEvents';
import { timetableLiveEvents } from './features/timetable/liveEvents';
import { todayLiveEvents } from './features/today/liveEvents';
import { combineHandlers } from './shared/realtime';

/**
 * Live event handlers of every feature, by event type (see src/shared/realtime.ts).
 * A feature that receives live events exports its own map and adds it here, e.g.
 * `combineHandlers(timetableLiveEvents, messagingLiveEvents)`.
 */
export const LIVE_EVENT_HANDLERS = combineHandlers(
  timetableLiveEvents,
  homeworkLiveEvents,
  messagingLiveEvents,
  attendanceLiveEvents,
  livretLiveEvents,
  todayLiveEvents,
  safetyLiveEvents,
);

/**
 * Every event type of the server's union (the generated `LiveEvent`) has a handler: a
 * new or renamed event fails `tsc` here until a feature handles it.
 */
type HandledEventType =
  | keyof typeof timetableLiveEvents
  | keyof typeof homeworkLiveEvents
  | keyof typeof messagingLiveEvents
  | keyof typeof attendanceLiveEvents
  | keyof typeof livretLiveEvents
  | keyof typeof todayLiveEvents
  | keyof typeof safetyLiveEvents;
export const UNHANDLED_EVENT_TYPES: Record<Exclude<LiveEvent['type'], HandledEventType>, never> = {};
