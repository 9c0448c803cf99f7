import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import type {
  AgendaEvent,
  AgendaEventCreate,
  CalendarFeed,
  CalendarFeedCreated,
  ClassroomDetail,
  ClassroomWeek,
  Closure,
  ClosureCreate,
  ExceptionCreate,
  PupilWeek,
  SchoolCalendar,
  Slot,
  SlotCreate,
  SlotUpdate,
  TeacherDay,
  TimetableException,
} from '../../api/types';

/** Lists are paginated; a classroom has a few dozen slots, a school a few closures. */
const PAGE_SIZE = 200;

const id = (value: number) => String(value);

// --- Reads -------------------------------------------------------------------------------

/** One week per child of the viewer (or the pupil's own week), in one call. */
export function fetchChildrenWeek(start: string): Promise<PupilWeek[]> {
  return unwrap(api.GET('/api/v1/timetable/children/week/', { params: { query: { start } } }));
}

export function fetchClassroomWeek(classroomId: number, start: string): Promise<ClassroomWeek> {
  return unwrap(
    api.GET('/api/v1/timetable/classrooms/{classroom_id}/week/', {
      params: { path: { classroom_id: id(classroomId) }, query: { start } },
    }),
  );
}

export function fetchTeacherDay(date: string): Promise<TeacherDay> {
  return unwrap(api.GET('/api/v1/timetable/teacher/day/', { params: { query: { date } } }));
}

export function fetchSchoolCalendar(schoolId: number, start: string, end: string): Promise<SchoolCalendar> {
  return unwrap(
    api.GET('/api/v1/timetable/schools/{school_id}/calendar/', {
      params: { path: { school_id: id(schoolId) }, query: { start, end } },
    }),
  );
}

export async function fetchSlots(classroomId: number): Promise<Slot[]> {
  const page = await unwrap(
    api.GET('/api/v1/timetable/classrooms/{classroom_id}/slots/', {
      params: { path: { classroom_id: id(classroomId) }, query: { page_size: PAGE_SIZE } },
    }),
  );
  return page.results;
}

export async function fetchClosures(schoolId: number): Promise<Closure[]> {
  const page = await unwrap(
    api.GET('/api/v1/timetable/schools/{school_id}/closures/', {
      params: { path: { school_id: id(schoolId) }, query: { page_size: PAGE_SIZE } },
    }),
  );
  return page.results;
}

export async function fetchSchoolEvents(schoolId: number, start: string, end: string): Promise<AgendaEvent[]> {
  const page = await unwrap(
    api.GET('/api/v1/timetable/schools/{school_id}/events/', {
      params: { path: { school_id: id(schoolId) }, query: { start, end, page_size: PAGE_SIZE } },
    }),
  );
  return page.results;
}

export async function fetchFeeds(): Promise<CalendarFeed[]> {
  const page = await unwrap(api.GET('/api/v1/timetable/feeds/', { params: { query: { page_size: PAGE_SIZE } } }));
  return page.results;
}

/** The classrooms of a school (for the director's list of timetables). */
export async function fetchSchoolClassrooms(schoolId: number): Promise<ClassroomDetail[]> {
  const page = await unwrap(
    api.GET('/api/v1/schools/classrooms/', { params: { query: { school: schoolId, page_size: PAGE_SIZE } } }),
  );
  return page.results;
}

// --- Writes ------------------------------------------------------------------------------

export async function createSlot(classroomId: number, body: SlotCreate): Promise<Slot> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/timetable/classrooms/{classroom_id}/slots/', {
      params: { path: { classroom_id: id(classroomId) } },
      body,
    }),
  );
}

export async function updateSlot(slotId: number, body: SlotUpdate): Promise<Slot> {
  await ensureCsrfToken();
  return unwrap(api.PATCH('/api/v1/timetable/slots/{slot_id}/', { params: { path: { slot_id: id(slotId) } }, body }));
}

export async function deleteSlot(slotId: number): Promise<void> {
  await ensureCsrfToken();
  await unwrap(api.DELETE('/api/v1/timetable/slots/{slot_id}/', { params: { path: { slot_id: id(slotId) } } }));
}

export async function createException(classroomId: number, body: ExceptionCreate): Promise<TimetableException> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/timetable/classrooms/{classroom_id}/exceptions/', {
      params: { path: { classroom_id: id(classroomId) } },
      body,
    }),
  );
}

export async function deleteException(exceptionId: number): Promise<void> {
  await ensureCsrfToken();
  await unwrap(
    api.DELETE('/api/v1/timetable/exceptions/{exception_id}/', {
      params: { path: { exception_id: id(exceptionId) } },
    }),
  );
}

export async function createClosure(schoolId: number, body: ClosureCreate): Promise<Closure> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/timetable/schools/{school_id}/closures/', {
      params: { path: { school_id: id(schoolId) } },
      body,
    }),
  );
}

export async function deleteClosure(closureId: number): Promise<void> {
  await ensureCsrfToken();
  await unwrap(
    api.DELETE('/api/v1/timetable/closures/{closure_id}/', { params: { path: { closure_id: id(closureId) } } }),
  );
}

export async function createSchoolEvent(schoolId: number, body: AgendaEventCreate): Promise<AgendaEvent> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/timetable/schools/{school_id}/events/', {
      params: { path: { school_id: id(schoolId) } },
      body,
    }),
  );
}

export async function deleteSchoolEvent(eventId: number): Promise<void> {
  await ensureCsrfToken();
  await unwrap(api.DELETE('/api/v1/timetable/events/{event_id}/', { params: { path: { event_id: id(eventId) } } }));
}

export async function createFeed(label: string): Promise<CalendarFeedCreated> {
  await ensureCsrfToken();
  return unwrap(api.POST('/api/v1/timetable/feeds/', { body: { label } }));
}

export async function revokeFeed(feedId: number): Promise<void> {
  await ensureCsrfToken();
  await unwrap(api.DELETE('/api/v1/timetable/feeds/{feed_id}/', { params: { path: { feed_id: id(feedId) } } }));
}
