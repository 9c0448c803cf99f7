import { Alert, Button, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { ClassroomDetail, Homework, HomeworkUpdate, Level, Subject } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { todayAtSchool } from '../../shared/dates';
import { FormErrorAlert } from '../../shared/formErrors';
import { subjectLabel } from '../../shared/labels';
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
import { useCreateHomework, useUpdateHomework, useWithdrawHomework } from './hooks';
import { homeworkTitle, LESSON_SUBJECTS } from './labels';

export type HomeworkEdit = { mode: 'create'; dueDate: string } | { mode: 'edit'; homework: Homework };

interface HomeworkModalProps {
  classroom: ClassroomDetail;
  edit: HomeworkEdit | null;
  onClose: () => void;
  onSaved: () => void;
}

/** "Nouveau devoir" / "Modifier le devoir". */
export function HomeworkModal({ classroom, edit, onClose, onSaved }: HomeworkModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={edit !== null}
      onClose={onClose}
      title={edit?.mode === 'edit' ? t('homework.classroom.editTitle') : t('homework.classroom.newTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('timetable.closeDialog') }}
    >
      {edit && (
        <HomeworkForm
          key={edit.mode === 'edit' ? `edit-${edit.homework.id}` : 'create'}
          classroom={classroom}
          edit={edit}
          onCancel={onClose}
          onSaved={onSaved}
        />
      )}
    </Modal>
  );
}

function valuesOf(homework: Homework): HomeworkValues {
  return {
    instructions: homework.instructions,
    due_date: homework.due_date,
    estimated_minutes: homework.estimated_minutes,
    to_bring_back: homework.to_bring_back,
    audience: homework.audience,
    levels: homework.levels as Level[],
    pupils: homework.pupils.map((pupil) => String(pupil.id)),
  };
}

/** Only what changed: an unchanged past due date must not be checked again. */
function changes(homework: Homework, subject: Subject, values: HomeworkValues): HomeworkUpdate {
  const before = homeworkBody(valuesOf(homework));
  const after = homeworkBody(values);
  const body: HomeworkUpdate = {};
  if (subject !== homework.subject) body.subject = subject;
  if (after.instructions !== before.instructions) body.instructions = after.instructions;
  if (after.due_date !== before.due_date) body.due_date = after.due_date;
  if (after.estimated_minutes !== before.estimated_minutes) body.estimated_minutes = after.estimated_minutes;
  if (after.to_bring_back !== before.to_bring_back) body.to_bring_back = after.to_bring_back;
  const audienceChanged =
    after.audience !== before.audience ||
    JSON.stringify([...(after.levels ?? [])].sort()) !== JSON.stringify([...(before.levels ?? [])].sort()) ||
    JSON.stringify([...(after.pupils ?? [])].sort()) !== JSON.stringify([...(before.pupils ?? [])].sort());
  if (audienceChanged) {
    body.audience = after.audience;
    if (after.levels) body.levels = after.levels;
    if (after.pupils) body.pupils = after.pupils;
  }
  return body;
}

const SHOWN = ['subject', ...HOMEWORK_FIELDS];

function HomeworkForm({
  classroom,
  edit,
  onCancel,
  onSaved,
}: {
  classroom: ClassroomDetail;
  edit: HomeworkEdit;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const create = useCreateHomework(classroom.id);
  const update = useUpdateHomework();
  const mutation = edit.mode === 'edit' ? update : create;
  const [subject, setSubject] = useState<Subject>(edit.mode === 'edit' ? edit.homework.subject : 'francais');
  const [values, setValues] = useState<HomeworkValues>(() =>
    edit.mode === 'edit' ? valuesOf(edit.homework) : emptyHomework(edit.dueDate),
  );
  const [missing, setMissing] = useState<string[]>([]);
  const server = serverFieldErrors(mutation.error);
  const fieldError = (name: string) => (missing.includes(name) ? t('homework.editor.required') : server[name]);

  const onChange = (patch: Partial<HomeworkValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setMissing((names) => names.filter((name) => !(name in patch)));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const empty = missingHomeworkFields(values);
    setMissing(empty);
    if (empty.length > 0) return;
    if (edit.mode === 'edit') {
      const body = changes(edit.homework, subject, values);
      if (Object.keys(body).length === 0) {
        onSaved();
        return;
      }
      update.mutate({ homeworkId: edit.homework.id, body }, { onSuccess: onSaved });
    } else {
      create.mutate({ subject, ...homeworkBody(values) }, { onSuccess: onSaved });
    }
  };

  return (
    <form noValidate onSubmit={onSubmit}>
      <Stack gap="sm">
        <FormErrorAlert error={mutation.error} otherMessages={otherFieldMessages(server, SHOWN)} />
        <NativeSelect
          label={t('homework.editor.subject')}
          value={subject}
          onChange={(event) => setSubject(event.currentTarget.value as Subject)}
          error={fieldError('subject')}
          data={LESSON_SUBJECTS.map((s) => ({ value: s, label: subjectLabel(t, s) }))}
          required
          data-autofocus
        />
        <HomeworkFields
          values={values}
          onChange={onChange}
          error={(name: HomeworkField) => fieldError(name)}
          classroomId={classroom.id}
          classroomLevels={classroom.levels}
          minDueDate={todayAtSchool()}
        />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onCancel}>
            {t('homework.classroom.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('homework.classroom.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Retirer ce devoir ?": families will see it withdrawn. */
export function WithdrawModal({
  homework,
  onClose,
  onDone,
}: {
  homework: Homework | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const withdraw = useWithdrawHomework();
  const close = () => {
    withdraw.reset();
    onClose();
  };
  return (
    <Modal
      opened={homework !== null}
      onClose={close}
      title={t('homework.classroom.withdrawTitle')}
      closeButtonProps={{ 'aria-label': t('timetable.closeDialog') }}
    >
      {homework && (
        <Stack gap="sm">
          <Text>{t('homework.classroom.withdrawText', { title: homeworkTitle(t, homework, i18n.language) })}</Text>
          {withdraw.isError && (
            <Alert color="red" variant="outline" role="alert">
              {errorMessage(withdraw.error, t)}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} data-autofocus>
              {t('homework.classroom.cancel')}
            </Button>
            <Button
              color="red.9"
              loading={withdraw.isPending}
              onClick={() =>
                withdraw.mutate(homework.id, {
                  onSuccess: () => {
                    withdraw.reset();
                    onDone();
                  },
                })
              }
            >
              {t('homework.classroom.confirmWithdraw')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
