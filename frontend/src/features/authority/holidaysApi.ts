import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import type { DepartementHolidays, DepartementHolidaysInput } from '../../api/types';

const id = (value: number) => String(value);

export function fetchDepartementHolidays(departementId: number, schoolYear: string): Promise<DepartementHolidays> {
  return unwrap(
    api.GET('/api/v1/schools/departements/{departement_id}/holidays/', {
      params: { path: { departement_id: id(departementId) }, query: { school_year: schoolYear } },
    }),
  );
}

export async function saveDepartementHolidays(
  departementId: number,
  body: DepartementHolidaysInput,
): Promise<DepartementHolidays> {
  await ensureCsrfToken();
  return unwrap(
    api.PUT('/api/v1/schools/departements/{departement_id}/holidays/', {
      params: { path: { departement_id: id(departementId) } },
      body,
    }),
  );
}
