import { Alert, Button, Group, Modal, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { Slot, SlotCreate, Subject, Weekday } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { formatDate, formatTime, timeInputValue } from '../../shared/dates';
import { FormErrorAlert, splitFieldErrors } from '../../shared/formErrors';
import { useCreateSlot, useDeleteSlot, useSlots, useUpdateSlot } from './hooks';
import { SUBJECTS, subjectLabel } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';

const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5];

type Editing = { slot: Slot | null } | null;

/** The director's list of recurring slots, with add / edit / delete. */
export function SlotEditor({ classroomId }: { classroomId: number }) {
  const { t } = useTranslation();
  const slots = useSlots(classroomId);
  const [editing, setEditing] = useState<Editing>(null);

  return (
    <Stack gap="sm" component="section" aria-labelledby="creneaux-titre">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={3} id="creneaux-titre" fz="h4">
          {t('timetable.editor.slotsTitle')}
        </Title>
        <Button onClick={() => setEditing({ slot: null })}>{t('timetable.editor.addSlot')}</Button>
      </Group>
      <Text size="sm">{t('timetable.editor.intro')}</Text>
      {slots.data === undefined ? (
        <QueryState query={slots} />
      ) : slots.data.length === 0 ? (
        <Text c="dimmed">{t('timetable.editor.noSlots')}</Text>
      ) : (
        <SlotList slots={slots.data} onEdit={(slot) => setEditing({ slot })} />
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.slot ? t('timetable.editor.editSlotTitle') : t('timetable.editor.newSlotTitle')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('timetable.closeDialog') }}
      >
        {editing && (
          <SlotForm
            key={editing.slot?.id ?? 'new'}
            classroomId={classroomId}
            slot={editing.slot}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}

function useSlotLabel() {
  const { t, i18n } = useTranslation();
  return (slot: Slot) =>
    `${t(`timetable.weekdays.${slot.weekday}`)} ${t('timetable.timeRange', {
      start: formatTime(slot.start_time, i18n.language),
      end: formatTime(slot.end_time, i18n.language),
    })}, ${subjectLabel(t, slot.subject)}`;
}

function SlotList({ slots, onEdit }: { slots: Slot[]; onEdit: (slot: Slot) => void }) {
  const { t } = useTranslation();
  const byDay = WEEKDAYS.map((weekday) => ({ weekday, slots: slots.filter((s) => s.weekday === weekday) })).filter(
    (group) => group.slots.length > 0,
  );
  return (
    <Stack gap="md">
      {byDay.map((group) => (
        <Stack key={group.weekday} gap={6}>
          <Title order={4} fz="md">
            {t(`timetable.weekdays.${group.weekday}`)}
          </Title>
          <Stack component="ul" gap={6} m={0} p={0} style={{ listStyle: 'none' }}>
            {group.slots.map((slot) => (
              <SlotRow key={slot.id} slot={slot} onEdit={onEdit} />
            ))}
          </Stack>
        </Stack>
      ))}
    </Stack>
  );
}

function SlotRow({ slot, onEdit }: { slot: Slot; onEdit: (slot: Slot) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const label = useSlotLabel()(slot);
  const remove = useDeleteSlot();
  const [confirming, setConfirming] = useState(false);
  const validity = slot.valid_until
    ? t('timetable.editor.validity', {
        from: formatDate(slot.valid_from, language),
        until: formatDate(slot.valid_until, language),
      })
    : null;
  return (
    <Paper component="li" withBorder px="sm" py={6}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {t('timetable.timeRange', {
              start: formatTime(slot.start_time, language),
              end: formatTime(slot.end_time, language),
            })}{' '}
            · {subjectLabel(t, slot.subject)}
          </Text>
          {(slot.room || validity) && (
            <Text size="sm" c="dimmed">
              {[slot.room && t('timetable.occurrence.room', { room: slot.room }), validity].filter(Boolean).join(' · ')}
            </Text>
          )}
        </Stack>
        {confirming ? (
          <Group gap="xs">
            <Button
              size="compact-sm"
              color="red.9"
              loading={remove.isPending}
              onClick={() => remove.mutate(slot.id, { onSuccess: () => setConfirming(false) })}
            >
              {t('timetable.editor.confirmDelete')}
            </Button>
            <Button size="compact-sm" variant="default" onClick={() => setConfirming(false)}>
              {t('timetable.editor.keep')}
            </Button>
          </Group>
        ) : (
          <Group gap="xs">
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => onEdit(slot)}
              aria-label={t('timetable.editor.editLabel', { slot: label })}
            >
              {t('timetable.editor.edit')}
            </Button>
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => setConfirming(true)}
              aria-label={t('timetable.editor.deleteLabel', { slot: label })}
            >
              {t('timetable.editor.delete')}
            </Button>
          </Group>
        )}
      </Group>
      {remove.isError && (
        <Alert color="red" variant="outline" role="alert" mt="xs" p="xs">
          {errorMessage(remove.error, t)}
        </Alert>
      )}
    </Paper>
  );
}

type SlotValues = {
  weekday: string;
  start_time: string;
  end_time: string;
  subject: Subject;
  room: string;
  valid_from: string;
  valid_until: string;
};

const SLOT_FIELDS = ['weekday', 'start_time', 'end_time', 'subject', 'room', 'valid_from', 'valid_until'];

function SlotForm({ classroomId, slot, onDone }: { classroomId: number; slot: Slot | null; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateSlot(classroomId);
  const update = useUpdateSlot();
  const mutation = slot ? update : create;
  const [values, setValues] = useState<SlotValues>({
    weekday: String(slot?.weekday ?? 0),
    start_time: timeInputValue(slot?.start_time) || '08:30',
    end_time: timeInputValue(slot?.end_time) || '10:00',
    subject: slot?.subject ?? 'francais',
    room: slot?.room ?? '',
    // Empty for a new slot: from the start of the school year (the server's default).
    valid_from: slot?.valid_from ?? '',
    valid_until: slot?.valid_until ?? '',
  });
  const [missing, setMissing] = useState<string[]>([]);
  const { fieldError: serverError, otherMessages } = splitFieldErrors(mutation.error, SLOT_FIELDS);
  const fieldError = (name: string) => (missing.includes(name) ? t('timetable.exception.required') : serverError(name));

  const set = (name: keyof SlotValues) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [name]: value }));
    setMissing((m) => m.filter((n) => n !== name));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const empty = (['start_time', 'end_time'] as const).filter((name) => values[name] === '');
    setMissing(empty);
    if (empty.length > 0) return;
    const body: SlotCreate = {
      weekday: Number(values.weekday) as Weekday,
      start_time: values.start_time,
      end_time: values.end_time,
      subject: values.subject,
      room: values.room.trim(),
      valid_until: values.valid_until || null,
      ...(values.valid_from ? { valid_from: values.valid_from } : {}),
    };
    if (slot) update.mutate({ slotId: slot.id, body }, { onSuccess: onDone });
    else create.mutate(body, { onSuccess: onDone });
  };

  return (
    <form noValidate onSubmit={onSubmit}>
      <Stack gap="sm">
        <FormErrorAlert error={mutation.error} otherMessages={otherMessages} />
        <NativeSelect
          label={t('timetable.editor.weekday')}
          value={values.weekday}
          onChange={set('weekday')}
          error={fieldError('weekday')}
          data={WEEKDAYS.map((weekday) => ({ value: String(weekday), label: t(`timetable.weekdays.${weekday}`) }))}
          data-autofocus
        />
        <Group grow align="flex-start">
          <TextInput
            type="time"
            label={t('timetable.editor.start')}
            value={values.start_time}
            onChange={set('start_time')}
            error={fieldError('start_time')}
            required
          />
          <TextInput
            type="time"
            label={t('timetable.editor.end')}
            value={values.end_time}
            onChange={set('end_time')}
            error={fieldError('end_time')}
            required
          />
        </Group>
        <NativeSelect
          label={t('timetable.editor.subject')}
          value={values.subject}
          onChange={set('subject')}
          error={fieldError('subject')}
          data={SUBJECTS.map((subject) => ({ value: subject, label: subjectLabel(t, subject) }))}
        />
        <TextInput
          label={t('timetable.editor.room')}
          value={values.room}
          onChange={set('room')}
          error={fieldError('room')}
          maxLength={60}
        />
        <Group grow align="flex-start">
          <TextInput
            type="date"
            label={t('timetable.editor.validFrom')}
            value={values.valid_from}
            onChange={set('valid_from')}
            error={fieldError('valid_from')}
          />
          <TextInput
            type="date"
            label={t('timetable.editor.validUntil')}
            value={values.valid_until}
            onChange={set('valid_until')}
            error={fieldError('valid_until')}
          />
        </Group>
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('timetable.editor.close')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('timetable.editor.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
