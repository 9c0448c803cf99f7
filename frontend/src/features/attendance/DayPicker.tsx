import { Group, SegmentedControl, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import type { HalfDay } from '../../api/types';
import { isIsoDate } from '../../shared/dates';
import { HALF_DAYS, halfDayLabel } from './labels';

export const DATE_PARAM = 'date';
export const HALF_DAY_PARAM = 'demi-journee';

/** `?date=` and `?demi-journee=` (undefined: let the server pick today and the current half-day). */
export function useHalfDayParams(): { date: string | undefined; halfDay: HalfDay | undefined } {
  const [params] = useSearchParams();
  const date = params.get(DATE_PARAM);
  const halfDay = params.get(HALF_DAY_PARAM);
  return {
    date: isIsoDate(date) ? date : undefined,
    halfDay: halfDay === 'morning' || halfDay === 'afternoon' ? halfDay : undefined,
  };
}

interface DayPickerProps {
  date: string;
  halfDay: HalfDay;
}

/** The day and the half-day of a call, kept in the URL (so that a link opens the same call). */
export function DayPicker({ date, halfDay }: DayPickerProps) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const change = (nextDate: string, nextHalfDay: HalfDay) => {
    const next = new URLSearchParams(params);
    next.set(DATE_PARAM, nextDate);
    next.set(HALF_DAY_PARAM, nextHalfDay);
    setParams(next, { replace: true });
  };
  return (
    <Group gap="md" align="flex-end" wrap="wrap">
      <TextInput
        type="date"
        label={t('attendance.picker.date')}
        value={date}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (isIsoDate(value)) change(value, halfDay);
        }}
        size="md"
      />
      <SegmentedControl
        aria-label={t('attendance.picker.halfDay')}
        value={halfDay}
        onChange={(value) => change(date, value as HalfDay)}
        data={HALF_DAYS.map((value) => ({ value, label: halfDayLabel(t, value) }))}
        size="md"
        color="blue.9"
      />
    </Group>
  );
}
