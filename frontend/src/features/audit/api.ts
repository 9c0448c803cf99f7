import { api, unwrap } from '../../api/client';
import type { components } from '../../api/types';

export type AuditEvent = components['schemas']['AuditEventOutput'];
export type AuditKind = components['schemas']['AuditKindEnum'];

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  kind?: AuditKind;
  username?: string;
  date_from?: string;
  date_to?: string;
  page: number;
}

export interface AuditPage {
  count: number;
  results: AuditEvent[];
}

/** The list also answers CSV (`?format=csv`); this page only asks for JSON. */
export function fetchAuditEvents(filters: AuditFilters): Promise<AuditPage> {
  const call = api.GET('/api/v1/audit/events/', {
    params: { query: { ...filters, page_size: AUDIT_PAGE_SIZE } },
  });
  return unwrap(call) as Promise<AuditPage>;
}
