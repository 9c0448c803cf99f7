import { Alert, Button, Group, Input, NativeSelect, Stack, Textarea } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Absence, AbsenceReason } from '../../api/types';
import { FormErrorAlert, splitFieldErrors, useFocusOnFailure } from '../../shared/formErrors';
import classes from './Attendance.module.css';
import { useJustifyAbsence } from './hooks';
import { ABSENCE_REASONS, newIdempotencyKey, reasonLabel } from './labels';

interface JustifyFormProps {
  absence: Absence;
  onDone: () => void;
  onCancel: () => void;
}

/** "Justifier": a reason (the L131-8 ones, or "autre" with a comment), an optional document. */
export function JustifyForm({ absence, onDone, onCancel }: JustifyFormProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<AbsenceReason | ''>('');
  const [comment, setComment] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<{ reason?: string; comment?: string }>({});
  const justify = useJustifyAbsence();
  const attempt = useRef<{ payload: string; key: string } | null>(null);
  const { fieldError, otherMessages } = splitFieldErrors(justify.error, ['absence_reason', 'comment', 'file']);
  const prefix = `justifier-${absence.id}`;
  const formRef = useRef<HTMLDivElement>(null); // the <form> Stack renders
  const [failure, setFailure] = useState<object | null>(null);
  // A reason missing, or refused by the server: focus goes to the first field in error.
  useFocusOnFailure(formRef, failure ?? justify.error);
  const labels = {
    absence_reason: t('attendance.justify.reason'),
    comment: t('attendance.justify.comment'),
    file: t('attendance.justify.document'),
  };

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!reason) next.reason = t('attendance.justify.reasonRequired');
    if (reason === 'autre' && !comment.trim()) next.comment = t('attendance.justify.commentRequired');
    setErrors(next);
    setFailure(next.reason || next.comment ? {} : null);
    if (next.reason || next.comment || !reason) return;
    const payload = JSON.stringify([reason, comment.trim(), file?.name, file?.size]);
    if (attempt.current?.payload !== payload) attempt.current = { payload, key: newIdempotencyKey() };
    justify.mutate(
      { absenceId: absence.id, absence_reason: reason, comment: comment.trim(), file, idempotencyKey: attempt.current.key },
      { onSuccess: onDone },
    );
  };

  return (
    <Stack ref={formRef} renderRoot={(props) => <form {...props} noValidate />} gap="sm" onSubmit={onSubmit} aria-label={t('attendance.justify.formLabel')}>
      <NativeSelect
        label={t('attendance.justify.reason')}
        required
        value={reason}
        onChange={(event) => setReason(event.currentTarget.value as AbsenceReason | '')}
        data={[
          { value: '', label: t('attendance.justify.choose') },
          ...ABSENCE_REASONS.map((value) => ({ value, label: reasonLabel(t, value) })),
        ]}
        error={errors.reason ?? fieldError('absence_reason')}
      />
      <Textarea
        label={reason === 'autre' ? t('attendance.justify.commentRequiredLabel') : t('attendance.justify.comment')}
        required={reason === 'autre'}
        value={comment}
        maxLength={500}
        autosize
        minRows={2}
        onChange={(event) => setComment(event.currentTarget.value)}
        error={errors.comment ?? fieldError('comment')}
      />
      <Input.Wrapper
        label={t('attendance.justify.document')}
        description={t('attendance.justify.documentHint')}
        id={`${prefix}-fichier-wrapper`}
        labelProps={{ htmlFor: `${prefix}-fichier` }}
        error={fieldError('file')}
      >
        <input
          id={`${prefix}-fichier`}
          type="file"
          className={classes.file}
          onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
        />
      </Input.Wrapper>
      <FormErrorAlert error={justify.error} otherMessages={otherMessages} labels={labels} />
      <Group>
        <Button type="submit" loading={justify.isPending}>
          {t('attendance.justify.submit')}
        </Button>
        <Button variant="subtle" onClick={onCancel}>
          {t('attendance.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The confirmation of a justification sent; focus moves to it (the form is gone). */
export function JustifySuccess() {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert color="teal" variant="light" role="status" ref={ref} tabIndex={-1}>
      {t('attendance.justify.sent')}
    </Alert>
  );
}
