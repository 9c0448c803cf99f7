import { Alert, Button, Checkbox, Group, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Absence, AbsenceReason, Child, HalfDay } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { usePageTitle } from '../../shared/usePageTitle';
import { formatDayLong, todayAtSchool } from '../../shared/dates';
import { FormErrorAlert, splitFieldErrors } from '../../shared/formErrors';
import { QueryState } from '../../shared/QueryState';
import { absenceTitle, JustificationBadge, JustificationDetails } from './AbsenceParts';
import classes from './Attendance.module.css';
import { useAbsences, useCancelNotice, useDeclareNotice, useNotices, usePreferences, useSavePreferences } from './hooks';
import { JustifyForm, JustifySuccess } from './JustifyForm';
import { ABSENCE_REASONS, halfDayLabel, HALF_DAYS, newIdempotencyKey, reasonLabel } from './labels';

/** "Absences": each child's absences and lateness, to justify; absences to announce. */
export function AbsencesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  usePageTitle(t('attendance.family.title'));
  // One call for every child (the list is scoped to the viewer's children), newest first.
  const absences = useAbsences({});

  return (
    <Stack gap="xl" maw={900}>
      <Title order={1}>{t('attendance.family.title')}</Title>
      {me.children.length === 0 && <Text>{t('attendance.family.noChildren')}</Text>}
      {me.children.length > 0 && <EmailPreference />}
      {absences.data === undefined ? (
        <QueryState query={absences} />
      ) : (
        me.children.map((child) => (
          <ChildAbsences
            key={child.id}
            child={child}
            absences={absences.data.filter((absence) => absence.pupil.id === child.id)}
          />
        ))
      )}
    </Stack>
  );
}

/** The guardian's choice of an e-mail, besides the live notice, when a child is marked absent. */
function EmailPreference() {
  const { t } = useTranslation();
  const preferences = usePreferences();
  const save = useSavePreferences();
  if (preferences.data === undefined) return <QueryState query={preferences} />;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="xs">
        <Checkbox
          label={t('attendance.family.emailLabel')}
          description={t('attendance.family.emailHint')}
          checked={save.isPending ? save.variables : preferences.data.notify_absence_by_email}
          disabled={save.isPending}
          onChange={(event) => save.mutate(event.currentTarget.checked)}
        />
        {save.isError && (
          <Alert color="red" role="alert">
            {t('attendance.family.emailError', { message: save.error.message })}
          </Alert>
        )}
        {save.isSuccess && (
          <Text size="sm" role="status">
            {t('attendance.family.emailSaved')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function ChildAbsences({ child, absences }: { child: Child; absences: Absence[] }) {
  const { t } = useTranslation();
  const headingId = `absences-${child.id}`;
  return (
    <Stack gap="md" component="section" aria-labelledby={headingId}>
      <Title order={2} id={headingId}>
        {child.first_name} {child.last_name}
      </Title>
      {absences.length === 0 ? (
        <Text>{t('attendance.family.empty')}</Text>
      ) : (
        <ul className={classes.list} aria-labelledby={headingId}>
          {absences.map((absence) => (
            <li key={absence.id}>
              <AbsenceCard absence={absence} />
            </li>
          ))}
        </ul>
      )}
      <NoticeSection child={child} />
    </Stack>
  );
}

function AbsenceCard({ absence }: { absence: Absence }) {
  const { t, i18n } = useTranslation();
  const [justifying, setJustifying] = useState(false);
  const [sent, setSent] = useState(false);
  const title = absenceTitle(t, absence, i18n.language);
  const titleId = `absence-${absence.id}`;
  // Just sent: the confirmation shows at once, before the list comes back with "pending".
  const justSent = sent && (absence.justification_status === 'none' || absence.justification_status === 'pending');
  const canJustify =
    (absence.justification_status === 'none' || absence.justification_status === 'refused') && !justSent;
  return (
    <Paper component="article" aria-labelledby={titleId} withBorder p="sm" className={classes.card}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={3} fz="md" id={titleId}>
            {title}
          </Title>
          <JustificationBadge status={absence.justification_status} />
        </Group>
        <JustificationDetails absence={absence} />
        {justSent && <JustifySuccess />}
        {canJustify && !justifying && (
          <Group>
            <Button
              variant="light"
              onClick={() => setJustifying(true)}
              aria-label={t('attendance.justify.actionOf', { title })}
            >
              {t('attendance.justify.action')}
            </Button>
          </Group>
        )}
        {/* Mounted until the answer is handled: the list refetched on success already says
            "pending", and a form unmounted then would never call onDone (no confirmation). */}
        {justifying && (
          <JustifyForm
            absence={absence}
            onCancel={() => setJustifying(false)}
            onDone={() => {
              setJustifying(false);
              setSent(true);
            }}
          />
        )}
      </Stack>
    </Paper>
  );
}

function NoticeSection({ child }: { child: Child }) {
  const { t, i18n } = useTranslation();
  const notices = useNotices(child.id);
  const cancel = useCancelNotice();
  const [open, setOpen] = useState(false);
  const today = todayAtSchool();
  const upcoming = (notices.data ?? []).filter((notice) => !notice.cancelled_at && notice.end_date >= today);
  const headingId = `annonces-${child.id}`;
  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Title order={3} fz="h4" id={headingId}>
        {t('attendance.notice.title')}
      </Title>
      {upcoming.length > 0 && (
        <ul className={classes.list}>
          {upcoming.map((notice) => (
            <li key={notice.id}>
              <Group gap="xs" wrap="wrap">
                <Text size="sm">
                  {t('attendance.notice.item', {
                    start: formatDayLong(notice.start_date, i18n.language),
                    end: formatDayLong(notice.end_date, i18n.language),
                    halfDay: halfDayLabel(t, notice.half_day).toLowerCase(),
                    reason: reasonLabel(t, notice.absence_reason),
                  })}
                </Text>
                <Button size="compact-sm" variant="subtle" color="red.9" onClick={() => cancel.mutate(notice.id)}>
                  {t('attendance.notice.cancel')}
                </Button>
              </Group>
            </li>
          ))}
        </ul>
      )}
      {open ? (
        <NoticeForm child={child} onClose={() => setOpen(false)} />
      ) : (
        <Group>
          <Button variant="outline" onClick={() => setOpen(true)}>
            {t('attendance.notice.open', { name: child.first_name })}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function NoticeForm({ child, onClose }: { child: Child; onClose: () => void }) {
  const { t } = useTranslation();
  const declare = useDeclareNotice(child.id);
  const [start, setStart] = useState(todayAtSchool());
  const [end, setEnd] = useState('');
  const [halfDay, setHalfDay] = useState<HalfDay | ''>('');
  const [reason, setReason] = useState<AbsenceReason | ''>('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const key = useRef<{ payload: string; key: string } | null>(null);
  const { fieldError, otherMessages } = splitFieldErrors(declare.error, [
    'start_date',
    'end_date',
    'half_day',
    'absence_reason',
    'comment',
  ]);

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!start) next.start_date = t('attendance.notice.startRequired');
    if (!reason) next.absence_reason = t('attendance.justify.reasonRequired');
    if (reason === 'autre' && !comment.trim()) next.comment = t('attendance.justify.commentRequired');
    setErrors(next);
    if (Object.keys(next).length > 0 || !reason) return;
    const body = {
      start_date: start,
      ...(end ? { end_date: end } : {}),
      half_day: halfDay,
      absence_reason: reason,
      comment: comment.trim(),
    };
    const payload = JSON.stringify(body);
    if (key.current?.payload !== payload) key.current = { payload, key: newIdempotencyKey() };
    declare.mutate({ body, idempotencyKey: key.current.key }, { onSuccess: onClose });
  };

  return (
    <Stack
      renderRoot={(props) => <form {...props} noValidate />}
      gap="sm"
      onSubmit={onSubmit}
      aria-label={t('attendance.notice.formLabel', { name: child.first_name })}
    >
      <Group gap="sm" wrap="wrap" align="flex-start">
        <TextInput
          type="date"
          label={t('attendance.notice.start')}
          required
          value={start}
          onChange={(event) => setStart(event.currentTarget.value)}
          error={errors.start_date ?? fieldError('start_date')}
        />
        <TextInput
          type="date"
          label={t('attendance.notice.end')}
          value={end}
          onChange={(event) => setEnd(event.currentTarget.value)}
          error={fieldError('end_date')}
        />
        <NativeSelect
          label={t('attendance.notice.halfDay')}
          value={halfDay}
          onChange={(event) => setHalfDay(event.currentTarget.value as HalfDay | '')}
          data={[
            { value: '', label: halfDayLabel(t, '') },
            ...HALF_DAYS.map((value) => ({ value, label: halfDayLabel(t, value) })),
          ]}
          error={fieldError('half_day')}
        />
      </Group>
      <NativeSelect
        label={t('attendance.justify.reason')}
        required
        value={reason}
        onChange={(event) => setReason(event.currentTarget.value as AbsenceReason | '')}
        data={[
          { value: '', label: t('attendance.justify.choose') },
          ...ABSENCE_REASONS.map((value) => ({ value, label: reasonLabel(t, value) })),
        ]}
        error={errors.absence_reason ?? fieldError('absence_reason')}
      />
      <Textarea
        label={reason === 'autre' ? t('attendance.justify.commentRequiredLabel') : t('attendance.justify.comment')}
        required={reason === 'autre'}
        value={comment}
        maxLength={500}
        onChange={(event) => setComment(event.currentTarget.value)}
        error={errors.comment ?? fieldError('comment')}
      />
      <FormErrorAlert error={declare.error} otherMessages={otherMessages} />
      <Group>
        <Button type="submit" loading={declare.isPending}>
          {t('attendance.notice.submit')}
        </Button>
        <Button variant="subtle" onClick={onClose}>
          {t('attendance.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
