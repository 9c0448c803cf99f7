import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { type AuditFilters, fetchAuditEvents } from './api';

export const AUDIT_QUERY_KEY = ['audit'] as const;

export function useAuditEvents(filters: AuditFilters) {
  return useQuery({
    queryKey: [...AUDIT_QUERY_KEY, 'events', filters],
    queryFn: () => fetchAuditEvents(filters),
    placeholderData: keepPreviousData,
  });
}
