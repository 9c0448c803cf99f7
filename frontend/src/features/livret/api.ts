import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import type {
  ChildEvaluation,
  ClassroomDetail,
  Cycle,
  Evaluation,
  EvaluationCreate,
  EvaluationGrid,
  GridCellInput,
  LevelScale,
  LevelScaleSet,
  LivretPeriods,
  PeriodsSet,
  Programme,
} from '../../api/types';

/** A class holds at most a few dozen evaluations a period. */
const PAGE_SIZE = 200;

const id = (value: number) => String(value);

// --- Reads -------------------------------------------------------------------------------

export function fetchPeriods(schoolId: number): Promise<LivretPeriods> {
  return unwrap(api.GET('/api/v1/livret/schools/{school_id}/periods/', { params: { path: { school_id: id(schoolId) } } }));
}

export function fetchLevelScale(schoolId: number): Promise<LevelScale> {
  return unwrap(
    api.GET('/api/v1/livret/schools/{school_id}/level-scale/', { params: { path: { school_id: id(schoolId) } } }),
  );
}

export function fetchProgramme(schoolId: number, cycle: Cycle): Promise<Programme> {
  return unwrap(
    api.GET('/api/v1/livret/schools/{school_id}/programme/', {
      params: { path: { school_id: id(schoolId) }, query: { cycle } },
    }),
  );
}

export async function fetchClassroomEvaluations(classroomId: number, periodId: number | null): Promise<Evaluation[]> {
  const page = await unwrap(
    api.GET('/api/v1/livret/classrooms/{classroom_id}/evaluations/', {
      params: {
        path: { classroom_id: id(classroomId) },
        query: { page_size: PAGE_SIZE, ...(periodId ? { period: periodId } : {}) },
      },
    }),
  );
  return page.results;
}

export function fetchEvaluation(evaluationId: number): Promise<Evaluation> {
  return unwrap(
    api.GET('/api/v1/livret/evaluations/{evaluation_id}/', { params: { path: { evaluation_id: id(evaluationId) } } }),
  );
}

/** The grid with its ETag: the save sends it back in If-Match (412 if someone saved meanwhile). */
export interface GridWithVersion {
  grid: EvaluationGrid;
  etag: string | null;
}

export async function fetchGrid(evaluationId: number): Promise<GridWithVersion> {
  const call = api.GET('/api/v1/livret/evaluations/{evaluation_id}/grid/', {
    params: { path: { evaluation_id: id(evaluationId) } },
  });
  const grid = await unwrap(call);
  return { grid, etag: (await call).response.headers.get('ETag') };
}

export async function fetchChildEvaluations(pupilId: number): Promise<ChildEvaluation[]> {
  const page = await unwrap(
    api.GET('/api/v1/livret/pupils/{pupil_id}/evaluations/', {
      params: { path: { pupil_id: id(pupilId) }, query: { page_size: PAGE_SIZE } },
    }),
  );
  return page.results;
}

/** The classrooms of a school (the director's livret: one line per class). */
export async function fetchSchoolClassrooms(schoolId: number): Promise<ClassroomDetail[]> {
  const page = await unwrap(
    api.GET('/api/v1/schools/classrooms/', { params: { query: { school: schoolId, page_size: PAGE_SIZE } } }),
  );
  return page.results;
}

// --- Writes ------------------------------------------------------------------------------

/** The director sets the school's four labels and colours of the evaluations' scale. */
export async function setLevelScale(schoolId: number, body: LevelScaleSet): Promise<LevelScale> {
  await ensureCsrfToken();
  return unwrap(
    api.PUT('/api/v1/livret/schools/{school_id}/level-scale/', { params: { path: { school_id: id(schoolId) } }, body }),
  );
}

/** The director sets the year's periods, the whole set at once (contiguous, in order). */
export async function setPeriods(schoolId: number, body: PeriodsSet): Promise<LivretPeriods> {
  await ensureCsrfToken();
  return unwrap(api.PUT('/api/v1/livret/schools/{school_id}/periods/', { params: { path: { school_id: id(schoolId) } }, body }));
}

export async function createEvaluation(classroomId: number, body: EvaluationCreate): Promise<Evaluation> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/livret/classrooms/{classroom_id}/evaluations/', {
      params: { path: { classroom_id: id(classroomId) } },
      body,
    }),
  );
}

export async function publishEvaluation(evaluationId: number): Promise<Evaluation> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/livret/evaluations/{evaluation_id}/publish/', {
      params: { path: { evaluation_id: id(evaluationId) } },
    }),
  );
}

/** The whole grid in one request: a cell left out is empty. */
export async function saveGrid(evaluationId: number, cells: GridCellInput[], etag: string | null): Promise<GridWithVersion> {
  await ensureCsrfToken();
  const call = api.PUT('/api/v1/livret/evaluations/{evaluation_id}/grid/', {
    params: { path: { evaluation_id: id(evaluationId) }, header: etag ? { 'If-Match': etag } : {} },
    body: { cells },
  });
  const grid = await unwrap(call);
  return { grid, etag: (await call).response.headers.get('ETag') };
}
