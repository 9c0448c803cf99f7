import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import type { components } from '../../api/types';

type Schemas = components['schemas'];
export type PupilRecord = Schemas['PupilRecordOutput'];
export type PupilRecordGuardian = Schemas['PupilRecordGuardianOutput'];
export type PupilRecordEnrolment = Schemas['PupilRecordEnrolmentOutput'];
export type PickupPerson = Schemas['PickupPersonOutput'];
export type PickupPersonCreate = Schemas['PickupPersonCreateInputRequest'];
export type PickupPersonUpdate = Schemas['PatchedPickupPersonUpdateInputRequest'];
export type GuardianContactUpdate = Schemas['PatchedGuardianContactUpdateInputRequest'];

const id = (value: number) => String(value);

export function fetchPupilRecord(pupilId: number): Promise<PupilRecord> {
  return unwrap(
    api.GET('/api/v1/people/pupils/{pupil_id}/record/', { params: { path: { pupil_id: id(pupilId) } } }),
  );
}

/** `idempotencyKey`: one per dialog, so that a resent addition (a lost answer, a double tap) is made once. */
export async function createPickupPerson(
  pupilId: number,
  body: PickupPersonCreate,
  idempotencyKey: string,
): Promise<PickupPerson> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/people/pupils/{pupil_id}/pickup-persons/', {
      params: { path: { pupil_id: id(pupilId) }, header: { 'Idempotency-Key': idempotencyKey } },
      body,
    }),
  );
}

export async function updatePickupPerson(pickupPersonId: number, body: PickupPersonUpdate): Promise<PickupPerson> {
  await ensureCsrfToken();
  return unwrap(
    api.PATCH('/api/v1/people/pickup-persons/{pickup_person_id}/', {
      params: { path: { pickup_person_id: id(pickupPersonId) } },
      body,
    }),
  );
}

export async function deletePickupPerson(pickupPersonId: number): Promise<void> {
  await ensureCsrfToken();
  await unwrap(
    api.DELETE('/api/v1/people/pickup-persons/{pickup_person_id}/', {
      params: { path: { pickup_person_id: id(pickupPersonId) } },
    }),
  );
}

export async function updateGuardianContact(
  guardianshipId: number,
  body: GuardianContactUpdate,
): Promise<PupilRecordGuardian> {
  await ensureCsrfToken();
  return unwrap(
    api.PATCH('/api/v1/people/guardianships/{guardianship_id}/contact/', {
      params: { path: { guardianship_id: id(guardianshipId) } },
      body,
    }),
  );
}
