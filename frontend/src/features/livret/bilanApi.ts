import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import type {
  BilanUpdate,
  ClassParcours,
  ParcoursCode,
  CycleBilan,
  CycleBilanUpdate,
  ClassWorkflowResult,
  FamilyBilans,
  LivretProgressSchool,
  OwnAcknowledgement,
  PeriodicBilan,
} from '../../api/types';

const id = (value: number) => String(value);

// --- Reads -------------------------------------------------------------------------------

/** The class's bilans for a period, one per pupil (the server opens them on first read). */
export function fetchClassBilans(classroomId: number, periodId: number | null): Promise<PeriodicBilan[]> {
  return unwrap(
    api.GET('/api/v1/livret/classrooms/{classroom_id}/bilans/', {
      params: { path: { classroom_id: id(classroomId) }, query: periodId ? { period: periodId } : {} },
    }),
  );
}

/** A child's communicated bilans, without the accompaniment modalities. */
export function fetchChildBilans(pupilId: number): Promise<FamilyBilans> {
  return unwrap(api.GET('/api/v1/livret/children/{pupil_id}/bilans/', { params: { path: { pupil_id: id(pupilId) } } }));
}

/** Counts of bilans by state per school and class (IEN, DASEN): never a bilan. */
export async function fetchLivretProgress(index: number): Promise<LivretProgressSchool[]> {
  // The route also answers CSV (`format=csv`): asked without it, the answer is JSON.
  const page = await unwrapJson(api.GET('/api/v1/livret/progress/', { params: { query: { index, page_size: 200 } } }));
  return page.results;
}

function unwrapJson<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Exclude<T, string>> {
  return unwrap(call) as Promise<Exclude<T, string>>;
}

// --- Writes ------------------------------------------------------------------------------

export async function updateBilan(bilanId: number, body: BilanUpdate): Promise<PeriodicBilan> {
  await ensureCsrfToken();
  return unwrap(api.PATCH('/api/v1/livret/bilans/{bilan_id}/', { params: { path: { bilan_id: id(bilanId) } }, body }));
}

export type BilanStep = 'lock' | 'unlock' | 'validate' | 'communicate';

export async function bilanStep(bilanId: number, step: BilanStep): Promise<PeriodicBilan> {
  await ensureCsrfToken();
  const params = { params: { path: { bilan_id: id(bilanId) } } };
  switch (step) {
    case 'lock':
      return unwrap(api.POST('/api/v1/livret/bilans/{bilan_id}/lock/', params));
    case 'unlock':
      return unwrap(api.POST('/api/v1/livret/bilans/{bilan_id}/unlock/', params));
    case 'validate':
      return unwrap(api.POST('/api/v1/livret/bilans/{bilan_id}/validate/', params));
    case 'communicate':
      return unwrap(api.POST('/api/v1/livret/bilans/{bilan_id}/communicate/', params));
  }
}

export type ClassStep = 'validate' | 'communicate';

/** The director's step for every bilan of the class at once. */
export async function classStep(classroomId: number, periodId: number, step: ClassStep): Promise<ClassWorkflowResult> {
  await ensureCsrfToken();
  const request = { params: { path: { classroom_id: id(classroomId) } }, body: { period: periodId } };
  return step === 'validate'
    ? unwrap(api.POST('/api/v1/livret/classrooms/{classroom_id}/bilans/validate/', request))
    : unwrap(api.POST('/api/v1/livret/classrooms/{classroom_id}/bilans/communicate/', request));
}

export async function acknowledgeBilan(bilanId: number, comment: string): Promise<OwnAcknowledgement> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/livret/bilans/{bilan_id}/acknowledge/', {
      params: { path: { bilan_id: id(bilanId) } },
      body: { comment },
    }),
  );
}

export async function acknowledgeCycleBilan(bilanId: number, comment: string): Promise<OwnAcknowledgement> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/livret/cycle-bilans/{bilan_id}/acknowledge/', {
      params: { path: { bilan_id: id(bilanId) } },
      body: { comment },
    }),
  );
}

// --- End-of-cycle bilans (end of CE2 and CM2) ----------------------------------------------

/** The end-of-cycle bilans of the class's CE2 or CM2 pupils (opened on first read). */
export function fetchClassCycleBilans(classroomId: number): Promise<CycleBilan[]> {
  return unwrap(
    api.GET('/api/v1/livret/classrooms/{classroom_id}/cycle-bilans/', { params: { path: { classroom_id: id(classroomId) } } }),
  );
}

export async function updateCycleBilan(bilanId: number, body: CycleBilanUpdate): Promise<CycleBilan> {
  await ensureCsrfToken();
  return unwrap(api.PATCH('/api/v1/livret/cycle-bilans/{bilan_id}/', { params: { path: { bilan_id: id(bilanId) } }, body }));
}

export async function cycleBilanStep(bilanId: number, step: BilanStep): Promise<CycleBilan> {
  await ensureCsrfToken();
  const params = { params: { path: { bilan_id: id(bilanId) } } };
  switch (step) {
    case 'lock':
      return unwrap(api.POST('/api/v1/livret/cycle-bilans/{bilan_id}/lock/', params));
    case 'unlock':
      return unwrap(api.POST('/api/v1/livret/cycle-bilans/{bilan_id}/unlock/', params));
    case 'validate':
      return unwrap(api.POST('/api/v1/livret/cycle-bilans/{bilan_id}/validate/', params));
    case 'communicate':
      return unwrap(api.POST('/api/v1/livret/cycle-bilans/{bilan_id}/communicate/', params));
  }
}

// --- The class's parcours (citoyen, artistique et culturel, santé) for a period ---------------

export function fetchClassParcours(classroomId: number, periodId: number): Promise<ClassParcours[]> {
  return unwrap(
    api.GET('/api/v1/livret/classrooms/{classroom_id}/parcours/', {
      params: { path: { classroom_id: id(classroomId) }, query: { period: periodId } },
    }),
  );
}

/** The whole list of the period at once: a parcours left out is removed. */
export async function setClassParcours(
  classroomId: number,
  periodId: number,
  parcours: { code: ParcoursCode; project: string }[],
): Promise<ClassParcours[]> {
  await ensureCsrfToken();
  return unwrap(
    api.PUT('/api/v1/livret/classrooms/{classroom_id}/parcours/', {
      params: { path: { classroom_id: id(classroomId) } },
      body: { period: periodId, parcours },
    }),
  );
}
