import { Alert, Button, CloseButton, Fieldset, Group, NativeSelect, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { ClassroomDetail, Lesson, Subject } from '../../api/types';
import { addDays, formatTime, mondayOf, todayAtSchool } from '../../shared/dates';
import { FormErrorAlert } from '../../shared/formErrors';
import { useClassroomWeek, useSchoolCalendars } from '../timetable/hooks';
import { subjectLabel } from '../../shared/labels';
import { MarkdownField } from '../../shared/richText/MarkdownField';
import {
  emptyHomework,
  HOMEWORK_FIELDS,
  homeworkBody,
  HomeworkFields,
  missingHomeworkFields,
  otherFieldMessages,
  serverFieldErrors,
  type HomeworkField,
  type HomeworkValues,
} from './HomeworkFields';
import { AttachmentUpload } from './HomeworkParts';
import { useCreateLesson } from './hooks';
import { LESSON_SUBJECTS } from './labels';

interface LessonValues {
  date: string;
  slot: string;
  subject: Subject;
  title: string;
  content: string;
}

type LessonField = keyof LessonValues;
const LESSON_FIELDS: readonly LessonField[] = ['date', 'slot', 'subject', 'title', 'content'];
const SHOWN = [...LESSON_FIELDS, ...HOMEWORK_FIELDS.map((name) => `homework.${name}`)];

function emptyLesson(today: string): LessonValues {
  return { date: today, slot: '', subject: 'francais', title: '', content: '' };
}

/**
 * The cahier de textes editor of a classroom's teacher: what was done in a lesson (today
 * by default, or a past day) and, in the same form, the homework it gives.
 */
export function LessonEditor({ classroom }: { classroom: ClassroomDetail }) {
  const { t, i18n } = useTranslation();
  const today = todayAtSchool();
  const create = useCreateLesson(classroom.id);
  const [lesson, setLesson] = useState<LessonValues>(() => emptyLesson(today));
  const [withHomework, setWithHomework] = useState(false);
  const [homework, setHomework] = useState<HomeworkValues>(() => emptyHomework());
  const [dueDateTouched, setDueDateTouched] = useState(false);
  const [missing, setMissing] = useState<string[]>([]);
  const [saved, setSaved] = useState<Lesson | null>(null);

  const suggestedDue = useNextSchoolDay(classroom.school.id, today);
  const dueDate = dueDateTouched ? homework.due_date : homework.due_date || suggestedDue || '';
  const homeworkValues = { ...homework, due_date: dueDate };
  const todaysLessons = useDayLessons(classroom.id, lesson.date);

  const server = serverFieldErrors(create.error);
  const fieldError = (name: string) => (missing.includes(name) ? t('homework.editor.required') : server[name]);

  const changeLesson = (patch: Partial<LessonValues>) => {
    setLesson((values) => ({ ...values, ...patch }));
    setMissing((names) => names.filter((name) => !(name in patch)));
  };
  const changeHomework = (patch: Partial<HomeworkValues>) => {
    if ('due_date' in patch) setDueDateTouched(true);
    setHomework((values) => ({ ...values, ...patch }));
    setMissing((names) => names.filter((name) => !Object.keys(patch).some((key) => name === `homework.${key}`)));
  };

  const chooseSlot = (slot: string) => {
    const occurrence = todaysLessons.find((o) => String(o.slot_id) === slot);
    const subject = occurrence?.subject;
    changeLesson({
      slot,
      ...(subject && LESSON_SUBJECTS.includes(subject) ? { subject } : {}),
    });
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const empty: string[] = [];
    if (!lesson.title.trim()) empty.push('title');
    if (!lesson.date) empty.push('date');
    if (withHomework) empty.push(...missingHomeworkFields(homeworkValues).map((name) => `homework.${name}`));
    setMissing(empty);
    if (empty.length > 0) return;
    setSaved(null);
    create.mutate(
      {
        date: lesson.date,
        subject: lesson.subject,
        title: lesson.title.trim(),
        content: lesson.content.trim(),
        slot: lesson.slot ? Number(lesson.slot) : null,
        homework: withHomework ? homeworkBody(homeworkValues) : null,
      },
      {
        onSuccess: (entry) => {
          setSaved(entry);
          setLesson(emptyLesson(todayAtSchool()));
          setHomework(emptyHomework());
          setDueDateTouched(false);
          setWithHomework(false);
        },
      },
    );
  };

  const requiredMessages = missing.length > 0 ? [t('homework.editor.checkFields')] : [];

  return (
    <Stack gap="md">
      <div role="status" aria-live="polite">
        {saved && (
          <Text c="teal.9" fw={600}>
            {saved.homework_ids.length > 0 ? t('homework.editor.savedWithHomework') : t('homework.editor.saved')}
          </Text>
        )}
      </div>
      {saved && <SavedLesson lesson={saved} onClose={() => setSaved(null)} />}
      <form noValidate onSubmit={onSubmit} aria-label={t('homework.editor.title')}>
        <Stack gap="sm">
          <FormErrorAlert error={create.error} otherMessages={otherFieldMessages(server, SHOWN)} />
          {requiredMessages.length > 0 && !create.error && (
            <Alert color="red" variant="outline" role="alert">
              {requiredMessages[0]}
            </Alert>
          )}
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              type="date"
              label={t('homework.editor.date')}
              value={lesson.date}
              max={today}
              onChange={(event) => changeLesson({ date: event.currentTarget.value, slot: '' })}
              error={fieldError('date')}
              required
              miw={160}
            />
            <NativeSelect
              label={t('homework.editor.slot')}
              value={lesson.slot}
              onChange={(event) => chooseSlot(event.currentTarget.value)}
              error={fieldError('slot')}
              miw={200}
              data={[
                { value: '', label: t('homework.editor.noSlot') },
                ...todaysLessons.map((occurrence) => ({
                  value: String(occurrence.slot_id),
                  label: t('homework.editor.slotOption', {
                    time: formatTime(occurrence.start_time, i18n.language),
                    subject: subjectLabel(t, occurrence.subject),
                  }),
                })),
              ]}
            />
          </Group>
          <NativeSelect
            label={t('homework.editor.subject')}
            value={lesson.subject}
            onChange={(event) => changeLesson({ subject: event.currentTarget.value as Subject })}
            error={fieldError('subject')}
            data={LESSON_SUBJECTS.map((subject) => ({ value: subject, label: subjectLabel(t, subject) }))}
            required
          />
          <TextInput
            label={t('homework.editor.lessonTitle')}
            value={lesson.title}
            onChange={(event) => changeLesson({ title: event.currentTarget.value })}
            error={fieldError('title')}
            required
            maxLength={150}
          />
          <MarkdownField
            label={t('homework.editor.content')}
            value={lesson.content}
            onChange={(content) => changeLesson({ content })}
            error={fieldError('content')}
            minRows={4}
          />

          <Switch
            label={t('homework.editor.giveHomework')}
            checked={withHomework}
            onChange={(event) => setWithHomework(event.currentTarget.checked)}
            size="md"
          />
          {withHomework && (
            <Fieldset legend={t('homework.editor.homeworkLegend')} variant="filled" p="sm">
              <HomeworkFields
                values={homeworkValues}
                onChange={changeHomework}
                error={(name: HomeworkField) => fieldError(`homework.${name}`)}
                classroomId={classroom.id}
                classroomLevels={classroom.levels}
                minDueDate={today}
              />
            </Fieldset>
          )}

          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              {t('homework.editor.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/** After saving: say so, and offer to attach files to the entry and to its homework. */
function SavedLesson({ lesson, onClose }: { lesson: Lesson; onClose: () => void }) {
  const { t } = useTranslation();
  const homeworkId = lesson.homework_ids[0];
  return (
    <Alert color="teal" variant="light" p="sm">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text size="sm">{t('homework.editor.savedHint', { title: lesson.title })}</Text>
          <CloseButton onClick={onClose} aria-label={t('homework.editor.closeSaved')} />
        </Group>
        <AttachmentUpload target={{ kind: 'lesson', id: lesson.id }} label={t('homework.editor.attachLesson')} />
        {homeworkId !== undefined && (
          <AttachmentUpload target={{ kind: 'homework', id: homeworkId }} label={t('homework.editor.attachHomework')} />
        )}
      </Stack>
    </Alert>
  );
}

/** The first school day after `today` at the classroom's school (the usual due date). */
function useNextSchoolDay(schoolId: number, today: string): string | undefined {
  const [calendar] = useSchoolCalendars([schoolId], addDays(today, 1), addDays(today, 28));
  return calendar?.data?.days.find((day) => day.is_school_day)?.date;
}

/** The classroom's lessons of the timetable on `date` (to tie the entry to one of them). */
function useDayLessons(classroomId: number, date: string) {
  const week = useClassroomWeek(classroomId, date ? mondayOf(date) : mondayOf(todayAtSchool()));
  const day = week.data?.days.find((d) => d.date === date);
  return (day?.occurrences ?? []).filter(
    (occurrence) =>
      occurrence.is_teaching &&
      occurrence.slot_id !== null &&
      occurrence.status !== 'cancelled' &&
      occurrence.status !== 'moved_away',
  );
}
