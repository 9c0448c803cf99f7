import { api, unwrap } from '../../api/client';
import type { Today } from '../../api/types';

/** The sections of each role the signed-in user holds, in one request. */
export function fetchToday(): Promise<Today> {
  return unwrap(api.GET('/api/v1/today/'));
}
