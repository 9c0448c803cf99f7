import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import type {
  Absence,
  AbsenceNotice,
  AbsenceReason,
  AbsenteeismCase,
  AttendancePreferences,
  CallsNotTaken,
  CaseStatus,
  CaseUpdate,
  HalfDay,
  JustificationStatus,
  NoticeCreate,
  Register,
  RegisterSignOff,
  RollCall,
  RollCallMark,
  RollCallReminder,
  RollCallSheet,
} from '../../api/types';

/** Lists are paginated; a family's year or a school's queue stays well under this. */
const PAGE_SIZE = 200;

const id = (value: number) => String(value);

export const ATTENDANCE_API = '/api/v1/attendance';

/** The sheet and the ETag to send in If-Match when correcting the call. */
export interface SheetWithEtag {
  sheet: RollCallSheet;
  etag: string | null;
}

/** The ETag the server gives a call: `"roll-call-<id>-v<version>"`. */
export function rollCallEtag(rollCall: { id: number; version: number }): string {
  return `"roll-call-${rollCall.id}-v${rollCall.version}"`;
}

// --- Reads -------------------------------------------------------------------------------

/** Without a date or a half-day the server takes today and the current half-day. */
export async function fetchRollCallSheet(
  classroomId: number,
  date: string | undefined,
  halfDay: HalfDay | undefined,
): Promise<SheetWithEtag> {
  const result = api.GET('/api/v1/attendance/classrooms/{classroom_id}/roll-call/', {
    params: { path: { classroom_id: id(classroomId) }, query: { date, half_day: halfDay } },
  });
  const sheet = await unwrap(result);
  const { response } = await result;
  return { sheet, etag: response.headers.get('ETag') ?? (sheet.roll_call ? rollCallEtag(sheet.roll_call) : null) };
}

export interface AbsenceFilters {
  pupil?: number;
  classroom?: number;
  school?: number;
  start?: string;
  end?: string;
  justification_status?: JustificationStatus;
}

export async function fetchAbsences(filters: AbsenceFilters = {}): Promise<Absence[]> {
  const page = await unwrap(
    api.GET('/api/v1/attendance/absences/', { params: { query: { ...filters, page_size: PAGE_SIZE } } }),
  );
  return page.results;
}

/** The viewer's choice of an e-mail when a child is marked absent. */
export function fetchPreferences(): Promise<AttendancePreferences> {
  return unwrap(api.GET('/api/v1/attendance/preferences/'));
}

export async function savePreferences(body: AttendancePreferences): Promise<AttendancePreferences> {
  await ensureCsrfToken();
  return unwrap(api.PUT('/api/v1/attendance/preferences/', { body }));
}

export async function fetchNotices(pupilId: number): Promise<AbsenceNotice[]> {
  const page = await unwrap(
    api.GET('/api/v1/attendance/pupils/{pupil_id}/notices/', {
      params: { path: { pupil_id: id(pupilId) }, query: { page_size: PAGE_SIZE } },
    }),
  );
  return page.results;
}

/** The week of calls not taken of a school (the week of `date`; by default, the school's current or last half-day). */
export function fetchCallsNotTaken(schoolId: number, date?: string): Promise<CallsNotTaken> {
  return unwrap(
    api.GET('/api/v1/attendance/schools/{school_id}/calls-not-taken/', {
      params: { path: { school_id: id(schoolId) }, query: { date } },
    }),
  );
}

/** The director reminds a classroom's teachers of a call not taken (a message to them). */
export async function sendRollCallReminder(
  classroomId: number,
  body: { date: string; half_day: HalfDay },
): Promise<RollCallReminder> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/attendance/classrooms/{classroom_id}/roll-call/reminders/', {
      params: { path: { classroom_id: id(classroomId) } },
      body,
    }),
  );
}

export function fetchRegister(classroomId: number, month: string): Promise<Register> {
  return unwrap(
    api.GET('/api/v1/attendance/classrooms/{classroom_id}/register/', {
      params: { path: { classroom_id: id(classroomId) }, query: { month } },
    }),
  );
}

export function registerDownloadUrl(classroomId: number, month: string, format: 'csv' | 'pdf'): string {
  return `${ATTENDANCE_API}/classrooms/${classroomId}/register.${format}?month=${month}`;
}

export function absenceDocumentUrl(absenceId: number): string {
  return `${ATTENDANCE_API}/absences/${absenceId}/document/`;
}

export async function fetchCases(status?: CaseStatus): Promise<AbsenteeismCase[]> {
  const page = await unwrap(
    api.GET('/api/v1/attendance/cases/', { params: { query: { case_status: status, page_size: PAGE_SIZE } } }),
  );
  return page.results;
}

// --- Writes ------------------------------------------------------------------------------

export interface RollCallSubmission {
  date: string;
  half_day: HalfDay;
  absences: RollCallMark[];
  /** One key per submission, kept for its retries: a resend never takes the call twice. */
  idempotencyKey: string;
}

export async function submitRollCall(classroomId: number, submission: RollCallSubmission): Promise<RollCall> {
  await ensureCsrfToken();
  const { idempotencyKey, ...body } = submission;
  return unwrap(
    api.POST('/api/v1/attendance/classrooms/{classroom_id}/roll-calls/', {
      params: { path: { classroom_id: id(classroomId) }, header: { 'Idempotency-Key': idempotencyKey } },
      body,
    }),
  );
}

export interface RollCallCorrection {
  rollCallId: number;
  etag: string;
  absences: RollCallMark[];
  idempotencyKey: string;
}

/** Replaces the call's list; a stale ETag answers 412 (someone corrected it meanwhile). */
export async function correctRollCall(correction: RollCallCorrection): Promise<RollCall> {
  await ensureCsrfToken();
  return unwrap(
    api.PUT('/api/v1/attendance/roll-calls/{roll_call_id}/', {
      params: {
        path: { roll_call_id: id(correction.rollCallId) },
        header: { 'If-Match': correction.etag, 'Idempotency-Key': correction.idempotencyKey },
      },
      body: { absences: correction.absences },
    }),
  );
}

export interface Justification {
  absenceId: number;
  absence_reason: AbsenceReason;
  comment: string;
  file: File | null;
  idempotencyKey: string;
}

/** JSON, or multipart when a document is attached (field `file`). */
export async function justifyAbsence(justification: Justification): Promise<Absence> {
  await ensureCsrfToken();
  const { absenceId, absence_reason, comment, file, idempotencyKey } = justification;
  const body = { absence_reason, comment };
  const params = { path: { absence_id: id(absenceId) }, header: { 'Idempotency-Key': idempotencyKey } };
  if (!file) {
    return unwrap(api.POST('/api/v1/attendance/absences/{absence_id}/justification/', { params, body }));
  }
  const form = new FormData();
  form.append('absence_reason', absence_reason);
  form.append('comment', comment);
  form.append('file', file);
  return unwrap(
    api.POST('/api/v1/attendance/absences/{absence_id}/justification/', {
      params,
      body,
      bodySerializer: () => form,
    }),
  );
}

export async function acceptJustification(absenceId: number): Promise<Absence> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/attendance/absences/{absence_id}/justification/accept/', {
      params: { path: { absence_id: id(absenceId) } },
    }),
  );
}

export async function refuseJustification(absenceId: number, refusalReason: string): Promise<Absence> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/attendance/absences/{absence_id}/justification/refuse/', {
      params: { path: { absence_id: id(absenceId) } },
      body: { refusal_reason: refusalReason },
    }),
  );
}

export async function declareNotice(pupilId: number, body: NoticeCreate, idempotencyKey: string): Promise<AbsenceNotice> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/attendance/pupils/{pupil_id}/notices/', {
      params: { path: { pupil_id: id(pupilId) }, header: { 'Idempotency-Key': idempotencyKey } },
      body,
    }),
  );
}

export async function cancelNotice(noticeId: number): Promise<AbsenceNotice> {
  await ensureCsrfToken();
  return unwrap(
    api.DELETE('/api/v1/attendance/notices/{notice_id}/', { params: { path: { notice_id: id(noticeId) } } }),
  );
}

export async function signRegister(classroomId: number, month: string): Promise<RegisterSignOff> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/attendance/classrooms/{classroom_id}/register/sign-off/', {
      params: { path: { classroom_id: id(classroomId) } },
      body: { month },
    }),
  );
}

export async function updateCase(caseId: number, body: Partial<CaseUpdate>): Promise<AbsenteeismCase> {
  await ensureCsrfToken();
  return unwrap(
    api.PATCH('/api/v1/attendance/cases/{case_id}/', {
      params: { path: { case_id: id(caseId) } },
      body: body as CaseUpdate,
    }),
  );
}
