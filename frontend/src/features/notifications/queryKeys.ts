/** Every notifications query lives under this prefix; a successful write invalidates them all. */
export const NOTIFICATIONS_QUERY_KEY = ['notifications'] as const;

export const notificationsKeys = {
  digest: () => [...NOTIFICATIONS_QUERY_KEY, 'digest'] as const,
  push: () => [...NOTIFICATIONS_QUERY_KEY, 'push'] as const,
};
