/**
 * Every homework query lives under this prefix: a live event (`homework.changed`,
 * `homework.done`) or a successful write invalidates them all at once.
 */
export const HOMEWORK_QUERY_KEY = ['homework'] as const;

export const homeworkKeys = {
  children: (start: string, end: string) => [...HOMEWORK_QUERY_KEY, 'children', start, end] as const,
  classroom: (classroomId: number, start: string, end: string) =>
    [...HOMEWORK_QUERY_KEY, 'classroom', classroomId, start, end] as const,
  done: (classroomId: number, start: string, end: string) =>
    [...HOMEWORK_QUERY_KEY, 'done', classroomId, start, end] as const,
  lessons: (classroomId: number, start: string, end: string) =>
    [...HOMEWORK_QUERY_KEY, 'lessons', classroomId, start, end] as const,
  workload: (classroomId: number, start: string, end: string) =>
    [...HOMEWORK_QUERY_KEY, 'workload', classroomId, start, end] as const,
};

/** The school's choice about the cahier de textes (not under HOMEWORK_QUERY_KEY: no live event changes it). */
export const schoolHomeworkSettingsKey = (schoolId: number) => ['homework-settings', schoolId] as const;

/** Not homework data: the classroom's card and its pupils (for the audience picker). */
export const classroomKeys = {
  detail: (classroomId: number) => ['schools', 'classroom', classroomId] as const,
  pupils: (classroomId: number) => ['people', 'pupils', 'classroom', classroomId] as const,
};
