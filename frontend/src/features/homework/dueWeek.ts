import { useSearchParams } from 'react-router';

import { WEEK_PARAM } from '../../shared/DateNavigation';
import { addDays, defaultWeekStart, isIsoDate, mondayOf, todayAtSchool } from '../../shared/dates';
import { useDefaultDays } from '../timetable/hooks';

/**
 * The homework week a page shows: `?semaine=` (any day of it), or the week of the
 * school's next half-day of class (the server's one rule, `default_days.homework`): the
 * half-day under way, else the next one — on Friday evening, a Saturday or a Wednesday
 * without class, the coming school day; in the holidays, the week class resumes. `null`
 * while the school calendar answers; if it cannot, the week of tomorrow.
 */
export function useDueWeekParam(schoolId: number | undefined): string | null {
  const [params] = useSearchParams();
  const value = params.get(WEEK_PARAM);
  const asked = isIsoDate(value);
  const defaults = useDefaultDays(asked ? undefined : schoolId);
  if (asked) return mondayOf(value);
  if (defaults.data?.homework) return mondayOf(defaults.data.homework.date);
  if (schoolId === undefined || defaults.isFetched || defaults.isError) {
    return defaultWeekStart(addDays(todayAtSchool(), 1));
  }
  return null;
}
