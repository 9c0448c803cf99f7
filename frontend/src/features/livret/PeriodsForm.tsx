import { Button, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { LivretPeriods, PeriodScheme } from '../../api/types';
import { FormErrorAlert, splitFieldErrors } from '../../shared/formErrors';
import { QueryState } from '../../shared/QueryState';
import { usePeriods, useSetPeriods } from './hooks';

type Dates = { start_date: string; end_date: string }[];

const COUNT: Record<PeriodScheme, number> = { trimesters: 3, semesters: 2 };

function datesOf(periods: LivretPeriods | undefined, scheme: PeriodScheme): Dates {
  const existing = periods?.periods ?? [];
  return Array.from({ length: COUNT[scheme] }, (_, index) => ({
    start_date: existing.length === COUNT[scheme] ? (existing[index]?.start_date ?? '') : '',
    end_date: existing.length === COUNT[scheme] ? (existing[index]?.end_date ?? '') : '',
  }));
}

/** The conseil des maîtres' choice: trimesters or semesters, dated (the director). */
export function PeriodsSection({ schoolId }: { schoolId: number }) {
  const { t } = useTranslation();
  const periods = usePeriods(schoolId);
  // Outside the form: a saved set remounts the form (its key), the message stays.
  const [status, setStatus] = useState('');
  return (
    <Stack gap="sm" component="section" aria-labelledby="periodes-ecole">
      <Title order={2} fz="h3" id="periodes-ecole">
        {t('livret.periodsForm.title')}
      </Title>
      {periods.data === undefined ? (
        <QueryState query={periods} />
      ) : (
        <PeriodsForm
          key={periods.data.periods.map((p) => p.id).join('-')}
          schoolId={schoolId}
          periods={periods.data}
          onSaved={() => setStatus(t('livret.periodsForm.saved'))}
          onEdit={() => setStatus('')}
        />
      )}
      <div role="status" aria-live="polite">
        {status && (
          <Text c="teal.9" fw={600}>
            {status}
          </Text>
        )}
      </div>
    </Stack>
  );
}

function PeriodsForm({
  schoolId,
  periods,
  onSaved,
  onEdit,
}: {
  schoolId: number;
  periods: LivretPeriods;
  onSaved: () => void;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const [scheme, setScheme] = useState<PeriodScheme>(periods.scheme ?? 'trimesters');
  const [dates, setDates] = useState<Dates>(() => datesOf(periods, periods.scheme ?? 'trimesters'));
  const save = useSetPeriods(schoolId);
  const names = dates.flatMap((_, index) => [`periods[${index}].start_date`, `periods[${index}].end_date`]);
  const { fieldError, otherMessages } = splitFieldErrors(save.error, names);
  const change = (index: number, field: 'start_date' | 'end_date', value: string) =>
    setDates((previous) => previous.map((row, i) => (i === index ? { ...row, [field]: value } : row)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onEdit();
    save.mutate({ school_year: periods.school_year_id, scheme, periods: dates }, { onSuccess: onSaved });
  };
  return (
    <form onSubmit={submit} aria-labelledby="periodes-ecole" noValidate>
      <Stack gap="sm">
        <Text size="sm">{t('livret.periodsForm.help', { year: periods.school_year })}</Text>
        <SegmentedControl
          aria-label={t('livret.periodsForm.scheme')}
          value={scheme}
          onChange={(value) => {
            const next = value as PeriodScheme;
            setScheme(next);
            setDates(datesOf(periods, next));
          }}
          data={[
            { value: 'trimesters', label: t('livret.periodsForm.trimesters') },
            { value: 'semesters', label: t('livret.periodsForm.semesters') },
          ]}
          maw={360}
        />
        <FormErrorAlert error={save.error} otherMessages={otherMessages} />
        {dates.map((row, index) => (
          <Group key={index} gap="sm" align="flex-start" wrap="wrap">
            <TextInput
              type="date"
              label={t('livret.periodsForm.start', { index: index + 1 })}
              value={row.start_date}
              onChange={(event) => change(index, 'start_date', event.currentTarget.value)}
              error={fieldError(`periods[${index}].start_date`)}
              required
              miw={170}
            />
            <TextInput
              type="date"
              label={t('livret.periodsForm.end', { index: index + 1 })}
              value={row.end_date}
              onChange={(event) => change(index, 'end_date', event.currentTarget.value)}
              error={fieldError(`periods[${index}].end_date`)}
              required
              miw={170}
            />
          </Group>
        ))}
        <Button type="submit" w="fit-content" loading={save.isPending}>
          {t('livret.periodsForm.save')}
        </Button>
      </Stack>
    </form>
  );
}
