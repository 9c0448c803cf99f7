/**
 * Friendly names for the API types generated from backend/openapi/schema.yaml
 * (`npm run gen:api` → ./generated/schema.d.ts, never edited by hand).
 * Application code imports from here, not from the generated file.
 */
import type { components, paths } from './generated/schema';

export type { components, paths };

type Schemas = components['schemas'];

export type Role = Schemas['RolesEnum'];
export type Level = Schemas['LevelEnum'];
export type Language = Schemas['LanguageEnum'];

export type SchoolRef = Schemas['SchoolRefOutput'];
export type ClassroomRef = Schemas['ClassroomRefOutput'];
export type Person = Schemas['MePersonOutput'];
export type Child = Schemas['MeChildOutput'];
export type Classroom = Schemas['MeClassroomOutput'];
export type School = Schemas['MeSchoolOutput'];
export type AuthorityScope = Schemas['MeAuthorityScopeOutput'];
export type Me = Schemas['MeOutput'];

export type LoginRequest = Schemas['LoginInputRequest'];
export type CsrfResponse = Schemas['CsrfOutput'];
export type ErrorBody = Schemas['ErrorOutput'];
