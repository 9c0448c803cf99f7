import { attendanceLiveEvents } from './features/attendance/liveEvents';
import { homeworkLiveEvents } from './features/homework/liveEvents';
import { messagingLiveEvents } from './features/messaging/liveEvents';
import { timetableLiveEvents } from './features/timetable/liveEvents';
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
);
