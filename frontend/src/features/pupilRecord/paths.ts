/** Route of the pupil record page (src/AppRoutes.tsx); reached from the pupils' names. */
export const PUPIL_RECORD_ROUTE = '/eleves/:pupilId';

export function pupilRecordPath(pupilId: number): string {
  return `/eleves/${pupilId}`;
}
