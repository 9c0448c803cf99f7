import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import { isApiError } from '../../api/errors';
import type { IdentityProvider, LinkedIdentity, LinkRequest, LinkSignedIn, PendingLink } from '../../api/types';

/** Rows of the director's table per page (the API serves 200 at most). */
export const IDENTITIES_PAGE_SIZE = 50;

/** The identity providers offered on the login page (an empty list when none is set up). */
export function fetchProviders(): Promise<IdentityProvider[]> {
  return unwrap(api.GET('/api/v1/federation/providers/'));
}

/** The identity waiting in this browser's session to be linked (404 when none, or expired). */
export function fetchPendingLink(): Promise<PendingLink> {
  return unwrap(api.GET('/api/v1/federation/link/'));
}

/** What proves the login: the letter's `code`, or `username` and `password` (and `otp_code`). */
export type LinkProof = Partial<LinkRequest>;

/** POST link: the letter's code, or a login's username and password; the session opens. */
export async function linkAccount(proof: LinkProof): Promise<LinkSignedIn> {
  // `otp_code` has a default: it is left out, not sent blank (the API refuses a blank one).
  const body = Object.fromEntries(Object.entries(proof).filter(([, value]) => value !== '')) as LinkRequest;
  await ensureCsrfToken();
  try {
    return await unwrap(api.POST('/api/v1/federation/link/', { body }));
  } catch (error) {
    // A 403 here is a stale CSRF token (the session key changed at the provider's return).
    if (isApiError(error) && error.status === 403) {
      await ensureCsrfToken(true);
      return unwrap(api.POST('/api/v1/federation/link/', { body }));
    }
    throw error;
  }
}

export interface IdentitiesPage {
  count: number;
  results: LinkedIdentity[];
}

export async function fetchSchoolIdentities(schoolId: number, page: number): Promise<IdentitiesPage> {
  return unwrap(
    api.GET('/api/v1/federation/schools/{school_id}/identities/', {
      params: { path: { school_id: String(schoolId) }, query: { page, page_size: IDENTITIES_PAGE_SIZE } },
    }),
  );
}

export async function unlinkIdentity(identityId: number): Promise<void> {
  await ensureCsrfToken();
  await unwrap(
    api.DELETE('/api/v1/federation/identities/{identity_id}/', {
      params: { path: { identity_id: String(identityId) } },
    }),
  );
}
