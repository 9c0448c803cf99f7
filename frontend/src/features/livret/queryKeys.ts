/**
 * Every livret query lives under this prefix: a live event (`livret.evaluation_published`)
 * or a successful write invalidates them all at once.
 */
export const LIVRET_QUERY_KEY = ['livret'] as const;

export const livretKeys = {
  periods: (schoolId: number) => [...LIVRET_QUERY_KEY, 'periods', schoolId] as const,
  scale: (schoolId: number) => [...LIVRET_QUERY_KEY, 'scale', schoolId] as const,
  programme: (schoolId: number, cycle: string) => [...LIVRET_QUERY_KEY, 'programme', schoolId, cycle] as const,
  evaluations: (classroomId: number, periodId: number | null) =>
    [...LIVRET_QUERY_KEY, 'evaluations', classroomId, periodId] as const,
  evaluation: (evaluationId: number) => [...LIVRET_QUERY_KEY, 'evaluation', evaluationId] as const,
  grid: (evaluationId: number) => [...LIVRET_QUERY_KEY, 'grid', evaluationId] as const,
  childEvaluations: (pupilId: number) => [...LIVRET_QUERY_KEY, 'child-evaluations', pupilId] as const,
  classBilans: (classroomId: number, periodId: number | null) =>
    [...LIVRET_QUERY_KEY, 'bilans', 'class', classroomId, periodId] as const,
  classCycleBilans: (classroomId: number) => [...LIVRET_QUERY_KEY, 'bilans', 'cycle', classroomId] as const,
  parcours: (classroomId: number, periodId: number) => [...LIVRET_QUERY_KEY, 'parcours', classroomId, periodId] as const,
  childBilans: (pupilId: number) => [...LIVRET_QUERY_KEY, 'bilans', 'child', pupilId] as const,
  progress: (index: number) => [...LIVRET_QUERY_KEY, 'progress', index] as const,
  schoolClassrooms: (schoolId: number) => ['schools', 'classrooms', schoolId] as const,
};
