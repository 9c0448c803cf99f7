import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { AgendaEvent, SchoolEventKind } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { AgendaList } from './AgendaList';
import { addDays, schoolDateTime } from '../../shared/dates';
import { FormErrorAlert, splitFieldErrors } from '../../shared/formErrors';
import { useCreateSchoolEvent, useDeleteSchoolEvent, useSchoolEvents } from './hooks';
import { EVENT_KINDS } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';

/** The API serves at most 42 days at a time: six weeks. */
const RANGE_DAYS = 42;

interface SchoolEventsPanelProps {
  schoolId: number;
  /** First day listed (the week shown, or today). */
  start: string;
  /** Classrooms an event may be for. */
  classrooms: readonly { id: number; name: string }[];
  /** The director adds school-wide events; a teacher, events of their classroom. */
  allowWholeSchool: boolean;
  headingOrder?: 2 | 3;
}

/** The school's agenda for six weeks, with "Ajouter un événement". */
export function SchoolEventsPanel({ schoolId, start, classrooms, allowWholeSchool, headingOrder = 3 }: SchoolEventsPanelProps) {
  const { t } = useTranslation();
  const end = addDays(start, RANGE_DAYS - 1);
  const events = useSchoolEvents(schoolId, start, end);
  const remove = useDeleteSchoolEvent();
  const [adding, setAdding] = useState(false);
  const headingId = `agenda-ecole-${schoolId}`;
  const names = new Map(classrooms.map((c) => [c.id, c.name]));
  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={headingOrder} id={headingId} fz="h4">
          {t('timetable.events.title')}
        </Title>
        <Button onClick={() => setAdding(true)}>{t('timetable.events.add')}</Button>
      </Group>
      <Text size="sm">{t('timetable.events.intro')}</Text>
      {remove.isError && (
        <Alert color="red" variant="outline" role="alert">
          {errorMessage(remove.error, t)}
        </Alert>
      )}
      {events.data === undefined ? (
        <QueryState query={events} />
      ) : (
        <AgendaList
          events={events.data}
          empty={t('timetable.events.empty')}
          classroomName={(id) => names.get(id)}
          renderActions={(event: AgendaEvent) =>
            (allowWholeSchool || (event.classroom_id !== null && names.has(event.classroom_id))) && (
            <Button
              size="compact-sm"
              variant="default"
              w="fit-content"
              loading={remove.isPending && remove.variables === event.id}
              onClick={() => remove.mutate(event.id)}
              aria-label={t('timetable.events.deleteLabel', { title: event.title })}
            >
              {t('timetable.events.delete')}
            </Button>
            )
          }
        />
      )}
      <Modal
        opened={adding}
        onClose={() => setAdding(false)}
        title={t('timetable.events.newTitle')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('timetable.closeDialog') }}
      >
        {adding && (
          <EventForm
            schoolId={schoolId}
            classrooms={classrooms}
            allowWholeSchool={allowWholeSchool}
            defaultDate={start}
            onDone={() => setAdding(false)}
          />
        )}
      </Modal>
    </Stack>
  );
}

type EventValues = {
  kind: SchoolEventKind;
  title: string;
  classroom: string;
  date: string;
  start: string;
  end: string;
  location: string;
  description: string;
};

const SHOWN = ['kind', 'title', 'classroom', 'date', 'start', 'end', 'location', 'description'];

function EventForm({
  schoolId,
  classrooms,
  allowWholeSchool,
  defaultDate,
  onDone,
}: {
  schoolId: number;
  classrooms: readonly { id: number; name: string }[];
  allowWholeSchool: boolean;
  defaultDate: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const create = useCreateSchoolEvent(schoolId);
  const [values, setValues] = useState<EventValues>({
    kind: 'reunion_parents',
    title: '',
    classroom: allowWholeSchool ? '' : String(classrooms[0]?.id ?? ''),
    date: defaultDate,
    start: '18:00',
    end: '19:00',
    location: '',
    description: '',
  });
  const [missing, setMissing] = useState<string[]>([]);
  // The API names date-times; the form splits them into a date and two times.
  const { fieldError: serverError, otherMessages } = splitFieldErrors(create.error, SHOWN, {
    starts_at: 'start',
    ends_at: 'end',
  });
  const fieldError = (name: string) => (missing.includes(name) ? t('timetable.exception.required') : serverError(name));
  const set = (name: keyof EventValues) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [name]: value }));
    setMissing((m) => m.filter((n) => n !== name));
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const blank = (['title', 'date', 'start', 'end'] as const).filter((name) => values[name].trim() === '');
    setMissing(blank);
    if (blank.length > 0) return;
    create.mutate(
      {
        kind: values.kind,
        title: values.title.trim(),
        classroom: values.classroom ? Number(values.classroom) : null,
        starts_at: schoolDateTime(values.date, values.start),
        ends_at: schoolDateTime(values.date, values.end),
        location: values.location.trim(),
        description: values.description.trim(),
      },
      { onSuccess: onDone },
    );
  };
  const audience = [
    ...(allowWholeSchool ? [{ value: '', label: t('timetable.events.wholeSchool') }] : []),
    ...classrooms.map((c) => ({ value: String(c.id), label: c.name })),
  ];
  return (
    <form noValidate onSubmit={onSubmit}>
      <Stack gap="sm">
        <FormErrorAlert error={create.error} otherMessages={otherMessages} />
        <NativeSelect
          label={t('timetable.events.kind')}
          value={values.kind}
          onChange={set('kind')}
          error={fieldError('kind')}
          data={EVENT_KINDS.map((kind) => ({ value: kind, label: t(`timetable.eventKinds.${kind}`) }))}
          data-autofocus
        />
        <TextInput
          label={t('timetable.events.eventTitle')}
          value={values.title}
          onChange={set('title')}
          error={fieldError('title')}
          required
          maxLength={150}
        />
        <NativeSelect
          label={t('timetable.events.audience')}
          value={values.classroom}
          onChange={set('classroom')}
          error={fieldError('classroom')}
          data={audience}
        />
        <TextInput
          type="date"
          label={t('timetable.events.date')}
          value={values.date}
          onChange={set('date')}
          error={fieldError('date')}
          required
        />
        <Group grow align="flex-start">
          <TextInput
            type="time"
            label={t('timetable.events.start')}
            value={values.start}
            onChange={set('start')}
            error={fieldError('start')}
            required
          />
          <TextInput
            type="time"
            label={t('timetable.events.end')}
            value={values.end}
            onChange={set('end')}
            error={fieldError('end')}
            required
          />
        </Group>
        <TextInput
          label={t('timetable.events.location')}
          value={values.location}
          onChange={set('location')}
          error={fieldError('location')}
          maxLength={150}
        />
        <Textarea
          label={t('timetable.events.description')}
          value={values.description}
          onChange={set('description')}
          error={fieldError('description')}
          maxLength={2000}
          autosize
          minRows={2}
        />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('timetable.editor.close')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('timetable.events.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
