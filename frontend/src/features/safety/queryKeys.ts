/**
 * The server's safety data lives under this prefix: a reconnection of the live socket
 * refetches it all. Live events name the muster they concern (./liveEvents.ts), so that a
 * tap refetches one list, not the register on every phone.
 */
export const SAFETY_QUERY_KEY = ['safety'] as const;

export const safetyKeys = {
  register: (schoolId: number) => [...SAFETY_QUERY_KEY, 'register', schoolId] as const,
  /** The school's muster under way, if any (the banner of every staff page). */
  current: (schoolId: number) => [...SAFETY_QUERY_KEY, 'current', schoolId] as const,
  muster: (musterId: number) => [...SAFETY_QUERY_KEY, 'muster', musterId] as const,
  staff: (schoolId: number) => [...SAFETY_QUERY_KEY, 'staff', schoolId] as const,
  exercises: () => [...SAFETY_QUERY_KEY, 'exercises'] as const,
  /**
   * The taps kept on this device (IndexedDB), not the server's: outside the prefix, so that
   * refreshing the server's data never waits on the device's storage (./pendingTaps.ts).
   */
  pending: () => ['safety-device', 'pending'] as const,
  pendingOf: (userId: number, musterId: number) => ['safety-device', 'pending', userId, musterId] as const,
};
