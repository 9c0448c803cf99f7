import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { Closure, ClosureCreate } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { formatDayLong } from '../../shared/dates';
import { FormErrorAlert, splitFieldErrors } from '../../shared/formErrors';
import { useClosures, useCreateClosure, useDeleteClosure } from './hooks';
import { QueryState } from '../../shared/QueryState';
import classes from './Timetable.module.css';

const FIELDS = ['start_date', 'end_date', 'half_day', 'reason'];

/** The director records the days the school is closed (with a reason families see). */
export function ClosuresPanel({ schoolId, headingOrder = 3 }: { schoolId: number; headingOrder?: 2 | 3 }) {
  const { t } = useTranslation();
  const closures = useClosures(schoolId);
  const headingId = `fermetures-${schoolId}`;
  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Title order={headingOrder} id={headingId} fz="h4">
        {t('timetable.closures.title')}
      </Title>
      <Text size="sm">{t('timetable.closures.intro')}</Text>
      {closures.data === undefined ? (
        <QueryState query={closures} />
      ) : closures.data.length === 0 ? (
        <Text c="dimmed">{t('timetable.closures.empty')}</Text>
      ) : (
        <Stack component="ul" gap={6} m={0} p={0} style={{ listStyle: 'none' }}>
          {closures.data.map((closure) => (
            <ClosureRow key={closure.id} closure={closure} />
          ))}
        </Stack>
      )}
      <ClosureForm schoolId={schoolId} headingOrder={headingOrder === 2 ? 3 : 4} />
    </Stack>
  );
}

function ClosureRow({ closure }: { closure: Closure }) {
  const { t, i18n } = useTranslation();
  const remove = useDeleteClosure();
  const language = i18n.language;
  const when =
    closure.start_date === closure.end_date
      ? formatDayLong(closure.start_date, language, { withYear: true })
      : t('timetable.closures.range', {
          start: formatDayLong(closure.start_date, language, { withYear: true }),
          end: formatDayLong(closure.end_date, language, { withYear: true }),
        });
  const halfDay = closure.half_day ? ` (${t(`timetable.halfDays.${closure.half_day}`)})` : '';
  return (
    <Paper component="li" withBorder px="sm" py={6}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Stack gap={0}>
          <Text size="sm" fw={600} className={classes.capitalized}>
            {when}
            {halfDay}
          </Text>
          <Text size="sm">{closure.reason}</Text>
        </Stack>
        <Button
          size="compact-sm"
          variant="default"
          loading={remove.isPending}
          onClick={() => remove.mutate(closure.id)}
          aria-label={t('timetable.closures.deleteLabel', { reason: closure.reason })}
        >
          {t('timetable.closures.delete')}
        </Button>
      </Group>
      {remove.isError && (
        <Alert color="red" variant="outline" role="alert" mt="xs" p="xs">
          {errorMessage(remove.error, t)}
        </Alert>
      )}
    </Paper>
  );
}

function ClosureForm({ schoolId, headingOrder }: { schoolId: number; headingOrder: 3 | 4 }) {
  const { t } = useTranslation();
  const create = useCreateClosure(schoolId);
  const empty: ClosureCreate = { start_date: '', end_date: '', half_day: '', reason: '' };
  const [values, setValues] = useState<ClosureCreate>(empty);
  const [missing, setMissing] = useState<string[]>([]);
  const { fieldError: serverError, otherMessages } = splitFieldErrors(create.error, FIELDS);
  const fieldError = (name: string) => (missing.includes(name) ? t('timetable.exception.required') : serverError(name));
  const set = (name: keyof ClosureCreate) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [name]: value }));
    setMissing((m) => m.filter((n) => n !== name));
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const blank = (['start_date', 'reason'] as const).filter((name) => values[name].trim() === '');
    setMissing(blank);
    if (blank.length > 0) return;
    create.mutate(
      { ...values, end_date: values.end_date || values.start_date, reason: values.reason.trim() },
      { onSuccess: () => setValues(empty) },
    );
  };
  const headingId = `nouvelle-fermeture-${schoolId}`;
  return (
    <Paper component="form" noValidate onSubmit={onSubmit} withBorder p="sm" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={headingOrder} id={headingId} fz="md">
          {t('timetable.closures.newTitle')}
        </Title>
        <FormErrorAlert error={create.error} otherMessages={otherMessages} />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            type="date"
            label={t('timetable.closures.startDate')}
            value={values.start_date}
            onChange={set('start_date')}
            error={fieldError('start_date')}
            required
            miw={150}
          />
          <TextInput
            type="date"
            label={t('timetable.closures.endDate')}
            value={values.end_date}
            onChange={set('end_date')}
            error={fieldError('end_date')}
            miw={150}
          />
        </Group>
        <NativeSelect
          label={t('timetable.closures.halfDay')}
          value={values.half_day}
          onChange={set('half_day')}
          error={fieldError('half_day')}
          data={[
            { value: '', label: t('timetable.closures.wholeDay') },
            { value: 'morning', label: t('timetable.closures.morningOnly') },
            { value: 'afternoon', label: t('timetable.closures.afternoonOnly') },
          ]}
        />
        <TextInput
          label={t('timetable.closures.reason')}
          value={values.reason}
          onChange={set('reason')}
          error={fieldError('reason')}
          required
          maxLength={200}
        />
        <Button type="submit" loading={create.isPending} w="fit-content">
          {t('timetable.closures.add')}
        </Button>
      </Stack>
    </Paper>
  );
}
