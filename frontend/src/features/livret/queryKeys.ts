/**
 * Every livret query lives under this prefix: a live event (`livret.evaluation_published`)
 * or a successful write invalidates them all at once.
 */
export const LIVRET_QUERY_KEY = ['livret'] as const;
