import { Button, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { ExceptionCreate, ExtraActivityKind, Occurrence } from '../../api/types';
import { formatDayLong, formatTime, timeInputValue } from '../../shared/dates';
import { FormErrorAlert, splitFieldErrors } from '../../shared/formErrors';
import { useCreateException } from './hooks';
import { ACTIVITIES, activityLabel, occurrenceTitle } from '../../shared/labels';

export type ExceptionEdit =
  | { mode: 'cancel' | 'replace' | 'move'; occurrence: Occurrence }
  | { mode: 'extra'; date: string };

interface ExceptionModalProps {
  classroomId: number;
  edit: ExceptionEdit | null;
  onClose: () => void;
  onSaved: () => void;
}

/** "Annuler ce cours", "Remplacement", "Déplacer", "Ajouter une activité". */
export function ExceptionModal({ classroomId, edit, onClose, onSaved }: ExceptionModalProps) {
  const { t } = useTranslation();
  const titles = {
    cancel: t('timetable.exception.cancelTitle'),
    replace: t('timetable.exception.replaceTitle'),
    move: t('timetable.exception.moveTitle'),
    extra: t('timetable.exception.extraTitle'),
  };
  return (
    <Modal
      opened={edit !== null}
      onClose={onClose}
      title={edit ? titles[edit.mode] : ''}
      size="lg"
      closeButtonProps={{ 'aria-label': t('timetable.closeDialog') }}
    >
      {edit && (
        <ExceptionForm
          // A fresh form for each lesson and action.
          key={edit.mode === 'extra' ? `extra-${edit.date}` : `${edit.mode}-${edit.occurrence.uid}`}
          classroomId={classroomId}
          edit={edit}
          onCancel={onClose}
          onSaved={onSaved}
        />
      )}
    </Modal>
  );
}

type Values = {
  reason: string;
  replacement_name: string;
  new_date: string;
  start_time: string;
  end_time: string;
  date: string;
  title: string;
  activity: ExtraActivityKind;
  location: string;
};

const SHOWN: Record<ExceptionEdit['mode'], string[]> = {
  cancel: ['reason'],
  replace: ['replacement_name', 'reason'],
  move: ['new_date', 'start_time', 'end_time', 'reason'],
  extra: ['title', 'activity', 'date', 'start_time', 'end_time', 'location'],
};

function ExceptionForm({
  classroomId,
  edit,
  onCancel,
  onSaved,
}: {
  classroomId: number;
  edit: ExceptionEdit;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const create = useCreateException(classroomId);
  const occurrence = edit.mode === 'extra' ? null : edit.occurrence;
  const [values, setValues] = useState<Values>({
    reason: '',
    replacement_name: '',
    new_date: occurrence?.date ?? '',
    start_time: timeInputValue(occurrence?.start_time),
    end_time: timeInputValue(occurrence?.end_time),
    date: edit.mode === 'extra' ? edit.date : '',
    title: '',
    activity: 'sortie',
    location: '',
  });
  const [missing, setMissing] = useState<string[]>([]);

  const { fieldError: serverError, otherMessages } = splitFieldErrors(create.error, SHOWN[edit.mode], {
    replacement_teacher: 'replacement_name',
    ...(edit.mode === 'move' ? { date: 'new_date' } : {}),
  });
  const fieldError = (name: keyof Values) =>
    missing.includes(name) ? t('timetable.exception.required') : serverError(name);

  const set = (name: keyof Values) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [name]: value }));
    setMissing((m) => m.filter((n) => n !== name));
  };

  const required: Record<ExceptionEdit['mode'], (keyof Values)[]> = {
    cancel: [],
    replace: ['replacement_name'],
    move: ['new_date', 'start_time', 'end_time'],
    extra: ['title', 'date', 'start_time', 'end_time'],
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const empty = required[edit.mode].filter((name) => values[name].trim() === '');
    setMissing(empty);
    if (empty.length > 0) return;
    create.mutate(body(edit, values), { onSuccess: onSaved });
  };

  const submitLabel = {
    cancel: t('timetable.exception.confirmCancel'),
    replace: t('timetable.exception.confirmReplace'),
    move: t('timetable.exception.confirmMove'),
    extra: t('timetable.exception.confirmExtra'),
  }[edit.mode];

  return (
    <form noValidate onSubmit={onSubmit}>
      <Stack gap="sm">
        {occurrence && (
          <Text fw={600}>
            {t('timetable.exception.lesson', {
              subject: occurrenceTitle(t, occurrence),
              date: formatDayLong(occurrence.date, language),
              time: t('timetable.timeRange', {
                start: formatTime(occurrence.start_time, language),
                end: formatTime(occurrence.end_time, language),
              }),
            })}
          </Text>
        )}
        <FormErrorAlert error={create.error} otherMessages={otherMessages} />

        {edit.mode === 'replace' && (
          <TextInput
            label={t('timetable.exception.replacementName')}
            value={values.replacement_name}
            onChange={set('replacement_name')}
            error={fieldError('replacement_name')}
            required
            maxLength={120}
            data-autofocus
          />
        )}

        {edit.mode === 'move' && (
          <>
            <TextInput
              type="date"
              label={t('timetable.exception.newDate')}
              value={values.new_date}
              onChange={set('new_date')}
              error={fieldError('new_date')}
              required
              data-autofocus
            />
            <Group grow align="flex-start">
              <TextInput
                type="time"
                label={t('timetable.exception.newStart')}
                value={values.start_time}
                onChange={set('start_time')}
                error={fieldError('start_time')}
                required
              />
              <TextInput
                type="time"
                label={t('timetable.exception.newEnd')}
                value={values.end_time}
                onChange={set('end_time')}
                error={fieldError('end_time')}
                required
              />
            </Group>
          </>
        )}

        {edit.mode === 'extra' && (
          <>
            <TextInput
              label={t('timetable.exception.title')}
              value={values.title}
              onChange={set('title')}
              error={fieldError('title')}
              required
              maxLength={150}
              data-autofocus
            />
            <NativeSelect
              label={t('timetable.exception.activity')}
              value={values.activity}
              onChange={set('activity')}
              error={fieldError('activity')}
              data={ACTIVITIES.map((activity) => ({ value: activity, label: activityLabel(t, activity) }))}
            />
            <TextInput
              type="date"
              label={t('timetable.exception.date')}
              value={values.date}
              onChange={set('date')}
              error={fieldError('date')}
              required
            />
            <Group grow align="flex-start">
              <TextInput
                type="time"
                label={t('timetable.exception.start')}
                value={values.start_time}
                onChange={set('start_time')}
                error={fieldError('start_time')}
                required
              />
              <TextInput
                type="time"
                label={t('timetable.exception.end')}
                value={values.end_time}
                onChange={set('end_time')}
                error={fieldError('end_time')}
                required
              />
            </Group>
            <TextInput
              label={t('timetable.exception.location')}
              value={values.location}
              onChange={set('location')}
              error={fieldError('location')}
              maxLength={150}
            />
          </>
        )}

        {edit.mode !== 'extra' && (
          <TextInput
            label={edit.mode === 'cancel' ? t('timetable.exception.reason') : t('timetable.exception.reasonOptional')}
            value={values.reason}
            onChange={set('reason')}
            error={fieldError('reason')}
            maxLength={200}
            data-autofocus={edit.mode === 'cancel' || undefined}
          />
        )}

        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onCancel}>
            {t('timetable.exception.close')}
          </Button>
          <Button type="submit" loading={create.isPending} color={edit.mode === 'cancel' ? 'red.9' : undefined}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function body(edit: ExceptionEdit, values: Values): ExceptionCreate {
  if (edit.mode === 'extra') {
    return {
      kind: 'extra',
      date: values.date,
      start_time: values.start_time,
      end_time: values.end_time,
      title: values.title.trim(),
      activity: values.activity,
      location: values.location.trim(),
    };
  }
  const { occurrence } = edit;
  const common = { slot: occurrence.slot_id, date: occurrence.date, reason: values.reason.trim() };
  if (edit.mode === 'cancel') return { ...common, kind: 'cancelled' };
  if (edit.mode === 'replace') return { ...common, kind: 'replaced', replacement_name: values.replacement_name.trim() };
  return {
    ...common,
    kind: 'moved',
    new_date: values.new_date,
    start_time: values.start_time,
    end_time: values.end_time,
  };
}
