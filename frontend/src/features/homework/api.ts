import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import type {
  ChildHomework,
  components,
  ClassroomDetail,
  Homework,
  HomeworkAttachment,
  HomeworkCreate,
  HomeworkDoneList,
  HomeworkDoneResult,
  HomeworkUpdate,
  Lesson,
  LessonCreate,
  Pupil,
  SchoolHomeworkSettings,
  WorkloadDay,
} from '../../api/types';

/** Lists are paginated: a week of a classroom holds a few dozen entries at most. */
const PAGE_SIZE = 200;

const id = (value: number) => String(value);

// --- Reads -------------------------------------------------------------------------------

/** Each child of the viewer (or the pupil themself) with their homework due in [start, end]. */
export function fetchChildrenHomework(start: string, end: string): Promise<ChildHomework[]> {
  return unwrap(api.GET('/api/v1/homework/children/', { params: { query: { start, end } } }));
}

export async function fetchClassroomHomework(classroomId: number, start: string, end: string): Promise<Homework[]> {
  const page = await unwrap(
    api.GET('/api/v1/homework/classrooms/{classroom_id}/homework/', {
      params: { path: { classroom_id: id(classroomId) }, query: { start, end, page_size: PAGE_SIZE } },
    }),
  );
  return page.results;
}

/**
 * Who has marked each homework of the classroom due in [start, end] done (the classroom's
 * teachers and the director): every board of the week in one call.
 */
export function fetchClassroomDoneLists(classroomId: number, start: string, end: string): Promise<HomeworkDoneList[]> {
  return unwrap(
    api.GET('/api/v1/homework/classrooms/{classroom_id}/done/', {
      params: { path: { classroom_id: id(classroomId) }, query: { start, end } },
    }),
  );
}

export async function fetchLessons(classroomId: number, start: string, end: string): Promise<Lesson[]> {
  const page = await unwrap(
    api.GET('/api/v1/homework/classrooms/{classroom_id}/lessons/', {
      params: { path: { classroom_id: id(classroomId) }, query: { start, end, page_size: PAGE_SIZE } },
    }),
  );
  return page.results;
}

export function fetchWorkload(classroomId: number, start: string, end: string): Promise<WorkloadDay[]> {
  return unwrap(
    api.GET('/api/v1/homework/classrooms/{classroom_id}/workload/', {
      params: { path: { classroom_id: id(classroomId) }, query: { start, end } },
    }),
  );
}

/** The classroom's card: name, levels, school, teachers. */
export function fetchClassroom(classroomId: number): Promise<ClassroomDetail> {
  return unwrap(
    api.GET('/api/v1/schools/classrooms/{classroom_id}/', { params: { path: { classroom_id: classroomId } } }),
  );
}

export async function fetchClassroomPupils(classroomId: number): Promise<Pupil[]> {
  const page = await unwrap(
    api.GET('/api/v1/people/pupils/', { params: { query: { classroom: classroomId, page_size: PAGE_SIZE } } }),
  );
  return page.results;
}

/** Whether the school shows the cahier de textes to families (its staff read it). */
export function fetchSchoolHomeworkSettings(schoolId: number): Promise<SchoolHomeworkSettings> {
  return unwrap(
    api.GET('/api/v1/homework/schools/{school_id}/settings/', { params: { path: { school_id: id(schoolId) } } }),
  );
}

// --- Writes ------------------------------------------------------------------------------

export async function setHomeworkDone(homeworkId: number, pupil: number, done: boolean): Promise<HomeworkDoneResult> {
  await ensureCsrfToken();
  return unwrap(
    api.PUT('/api/v1/homework/items/{homework_id}/done/', {
      params: { path: { homework_id: id(homeworkId) } },
      body: { pupil, done },
    }),
  );
}

/** A page of the cahier de textes, with the homework it gives (`body.homework`) in one call. */
export async function createLesson(classroomId: number, body: LessonCreate): Promise<Lesson> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/homework/classrooms/{classroom_id}/lessons/', {
      params: { path: { classroom_id: id(classroomId) } },
      body,
    }),
  );
}

export async function createHomework(classroomId: number, body: HomeworkCreate): Promise<Homework> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/homework/classrooms/{classroom_id}/homework/', {
      params: { path: { classroom_id: id(classroomId) } },
      body,
    }),
  );
}

export async function updateHomework(homeworkId: number, body: HomeworkUpdate): Promise<Homework> {
  await ensureCsrfToken();
  return unwrap(
    api.PATCH('/api/v1/homework/items/{homework_id}/', {
      params: { path: { homework_id: id(homeworkId) } },
      // Only the changed fields (see HomeworkUpdate in src/api/types.ts).
      body: body as components['schemas']['PatchedHomeworkUpdateInputRequest'],
    }),
  );
}

export async function withdrawHomework(homeworkId: number): Promise<Homework> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/homework/items/{homework_id}/withdraw/', { params: { path: { homework_id: id(homeworkId) } } }),
  );
}

export type AttachmentTarget = { kind: 'lesson' | 'homework'; id: number };

/** Multipart upload (field `file`); the server checks size and type and answers 400 otherwise. */
export async function uploadAttachment(target: AttachmentTarget, file: File): Promise<HomeworkAttachment> {
  await ensureCsrfToken();
  const form = new FormData();
  form.append('file', file);
  // The generated body type says `file: string` (binary); the real body is the FormData.
  const multipart = { body: { file: file.name }, bodySerializer: () => form };
  if (target.kind === 'lesson') {
    return unwrap(
      api.POST('/api/v1/homework/lessons/{lesson_id}/attachments/', {
        params: { path: { lesson_id: id(target.id) } },
        ...multipart,
      }),
    );
  }
  return unwrap(
    api.POST('/api/v1/homework/items/{homework_id}/attachments/', {
      params: { path: { homework_id: id(target.id) } },
      ...multipart,
    }),
  );
}

/** The director shows the cahier de textes to families and pupils, or holds it back. */
export async function updateSchoolHomeworkSettings(
  schoolId: number,
  familiesSeeLessons: boolean,
): Promise<SchoolHomeworkSettings> {
  await ensureCsrfToken();
  return unwrap(
    api.PUT('/api/v1/homework/schools/{school_id}/settings/', {
      params: { path: { school_id: id(schoolId) } },
      body: { families_see_lessons: familiesSeeLessons },
    }),
  );
}
