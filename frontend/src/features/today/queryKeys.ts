/**
 * The home page's one query: a live event that concerns it (an absence, a message, a note
 * signed, homework, a timetable change…) invalidates it (./liveEvents.ts).
 */
export const TODAY_QUERY_KEY = ['today'] as const;
