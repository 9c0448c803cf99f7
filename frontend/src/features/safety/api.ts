import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import type {
  ExerciseSummary,
  MusterDetail,
  MusterMark,
  MusterStart,
  MusterSummary,
  StaffMember,
} from '../../api/types';

/** A school's register holds a few lines a year; its staff, a few dozen people. */
const PAGE_SIZE = 200;

const id = (value: number) => String(value);

// --- Reads -------------------------------------------------------------------------------

/** The registre de sécurité of the school, newest first. */
export async function fetchSchoolRegister(schoolId: number): Promise<MusterSummary[]> {
  const page = await unwrap(
    api.GET('/api/v1/safety/schools/{school_id}/musters/', {
      params: { path: { school_id: id(schoolId) }, query: { page_size: PAGE_SIZE } },
    }),
  );
  return page.results;
}

/**
 * The muster under way in the school, or null. One at a time per school and newest
 * first: only the first line of the register can be under way.
 */
export async function fetchCurrentMuster(schoolId: number): Promise<MusterSummary | null> {
  const page = await unwrap(
    api.GET('/api/v1/safety/schools/{school_id}/musters/', {
      params: { path: { school_id: id(schoolId) }, query: { page_size: 1 } },
    }),
  );
  const newest = page.results[0];
  return newest && newest.ended_at === null ? newest : null;
}

export function fetchMuster(musterId: number): Promise<MusterDetail> {
  return unwrap(api.GET('/api/v1/safety/musters/{muster_id}/', { params: { path: { muster_id: id(musterId) } } }));
}

/** This year's teachers and director of the school (one line per assignment). */
export async function fetchSchoolStaff(schoolId: number): Promise<StaffMember[]> {
  const page = await unwrap(
    api.GET('/api/v1/schools/{school_id}/staff/', {
      params: { path: { school_id: id(schoolId) }, query: { page_size: PAGE_SIZE } },
    }),
  );
  return page.results;
}

export function fetchExercises(): Promise<ExerciseSummary> {
  return unwrap(api.GET('/api/v1/safety/exercises/'));
}

export function registerPdfUrl(schoolId: number): string {
  return `/api/v1/safety/schools/${schoolId}/register.pdf`;
}

// --- Writes ------------------------------------------------------------------------------

export async function startMuster(schoolId: number, body: MusterStart): Promise<MusterDetail> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/safety/schools/{school_id}/musters/', { params: { path: { school_id: id(schoolId) } }, body }),
  );
}

/** A batch of taps; the same batch is always resent with the same key. */
export async function sendMarks(musterId: number, marks: MusterMark[], idempotencyKey: string): Promise<MusterDetail> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/safety/musters/{muster_id}/marks/', {
      params: { path: { muster_id: id(musterId) }, header: { 'Idempotency-Key': idempotencyKey } },
      body: { marks },
    }),
  );
}

export async function assignClass(
  musterId: number,
  body: { classroom: number; responsible: number },
): Promise<MusterDetail> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/safety/musters/{muster_id}/assignments/', { params: { path: { muster_id: id(musterId) } }, body }),
  );
}

export async function endMuster(musterId: number, observations: string): Promise<MusterDetail> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/safety/musters/{muster_id}/end/', {
      params: { path: { muster_id: id(musterId) } },
      body: { observations },
    }),
  );
}
