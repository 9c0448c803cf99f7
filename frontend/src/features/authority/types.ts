import type { components } from '../../api/types';

type Schemas = components['schemas'];

export interface Paginated<T> {
  count: number;
  next?: string | null;
  previous?: string | null;
  results: T[];
}

export type AuthorityOverview = Schemas['AuthorityOverviewOutput'];
export type AuthorityRole = Schemas['MeAuthorityScopeOutputRoleEnum'];
export type AuthoritySchoolRef = Schemas['AuthoritySchoolRefOutput'];
export type AuthoritySchool = Schemas['AuthoritySchoolOutput'];
export type AuthoritySchoolClassrooms = Schemas['AuthoritySchoolClassroomsOutput'];
export type AuthorityClassroom = Schemas['AuthorityClassroomOutput'];
export type AuthorityClassroomDetail = Schemas['AuthorityClassroomDetailOutput'];
export type AuthorityCirconscription = Schemas['AuthorityCirconscriptionOutput'];
export type AuthorityHeadcount = Schemas['AuthorityHeadcountOutput'];
export type AuthorityMovement = Schemas['AuthorityMovementOutput'];
export type AuthorityAttendanceRow = Schemas['AuthorityAttendanceOutput'];
export type AuthorityCanteenRow = Schemas['AuthorityCanteenOutput'];
export type AuthorityCanteenDay = Schemas['AuthorityCanteenDayOutput'];
export type AuthorityNotTaken = Schemas['AuthorityNotTakenOutput'];
export type AuthorityCase = Schemas['AuthorityCaseOutput'];
export type AuthorityCaseStatus = AuthorityCase['case_status'];
export type AuthorityCahierRecap = Schemas['AuthorityCahierRecapOutput'];
export type AuthorityTimetableVolume = Schemas['AuthorityTimetableVolumeOutput'];

export type AuthorityCoverage = Schemas['AuthorityCoverageOutput'];

/**
 * A figure that may be masked: the row's `suppressed` lists the masked field names; a row
 * whose calls do not cover its period says `coverage_sufficient: false` (no rate).
 */
export interface Masked {
  suppressed: string[];
  coverage_sufficient?: boolean;
}
