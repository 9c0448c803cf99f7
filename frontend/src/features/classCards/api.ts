import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import { isApiError } from '../../api/errors';
import type { ClassroomDetail, components } from '../../api/types';

type Schemas = components['schemas'];
export type DeviceState = Schemas['ClassDeviceStateOutput'];
export type DevicePupil = Schemas['ClassDevicePupilOutput'];
export type ClassCard = Schemas['ClassCardOutput'];
export type ClassDevice = Schemas['ClassDeviceOutput'];
export type SignInRequest = Schemas['CardSignInInputRequest'];
export type SignInResult = Schemas['CardSignInOutput'];
export type Picture = Schemas['CardPictureOutput'];
export type PrintRequest = Schemas['ClassCardsPrintInputRequest'];
/** The nine pictures' keys (« chat », « soleil »…), as the sign-in takes them. */
export type PictureKey = NonNullable<SignInRequest['pictures']>[number];

/** A class has a few dozen pupils and a few tablets: one page holds them all. */
const PAGE_SIZE = 200;

const id = (value: number) => String(value);

// --- The tablet ------------------------------------------------------------------------------

/** What this browser is for the class cards; 403 when it is not an enrolled device. */
export function fetchDevice(): Promise<DeviceState> {
  return unwrap(api.GET('/api/v1/class-cards/device/'));
}

/**
 * A pupil's sign-in on the tablet: the pupil and two pictures, or the card's QR code. On a
 * tablet left open for hours the CSRF token may be stale: refreshed once.
 */
export async function signIn(body: SignInRequest): Promise<SignInResult> {
  const send = () => unwrap(api.POST('/api/v1/class-cards/device/sign-in/', { body }));
  await ensureCsrfToken();
  try {
    return await send();
  } catch (error) {
    if (isApiError(error) && error.status === 403 && error.code === 'csrf_failed') {
      await ensureCsrfToken(true);
      return send();
    }
    throw error;
  }
}

// --- The teacher's page ----------------------------------------------------------------------

export function fetchClassroom(classroomId: number): Promise<ClassroomDetail> {
  return unwrap(
    api.GET('/api/v1/schools/classrooms/{classroom_id}/', { params: { path: { classroom_id: classroomId } } }),
  );
}

export async function fetchClassCards(classroomId: number): Promise<ClassCard[]> {
  const page = await unwrap(
    api.GET('/api/v1/class-cards/classrooms/{classroom_id}/cards/', {
      params: { path: { classroom_id: id(classroomId) }, query: { page_size: PAGE_SIZE } },
    }),
  );
  return page.results;
}

export async function fetchClassDevices(classroomId: number): Promise<ClassDevice[]> {
  const page = await unwrap(
    api.GET('/api/v1/class-cards/classrooms/{classroom_id}/devices/', {
      params: { path: { classroom_id: id(classroomId) }, query: { page_size: PAGE_SIZE } },
    }),
  );
  return page.results;
}

/**
 * The cards to print as a PDF: the pupils' without a card, or (`reprint`) those named in
 * `pupils` (all of them without) again, with a new QR code.
 */
export async function printCards(classroomId: number, body: PrintRequest): Promise<Blob> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/class-cards/classrooms/{classroom_id}/cards/pdf/', {
      params: { path: { classroom_id: id(classroomId) } },
      body,
      parseAs: 'blob',
    }),
  ) as Promise<Blob>;
}

export async function resetCard(pupilId: number): Promise<ClassCard> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/class-cards/cards/{pupil_id}/reset/', { params: { path: { pupil_id: id(pupilId) } } }),
  );
}

/** Enrols the browser of this request: the answer sets its device cookie. */
export async function enrolDevice(classroomId: number, name: string): Promise<ClassDevice> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/class-cards/classrooms/{classroom_id}/devices/', {
      params: { path: { classroom_id: id(classroomId) } },
      body: { name },
    }),
  );
}

export async function revokeDevice(deviceId: number): Promise<ClassDevice> {
  await ensureCsrfToken();
  return unwrap(
    api.DELETE('/api/v1/class-cards/devices/{device_id}/', { params: { path: { device_id: id(deviceId) } } }),
  );
}
