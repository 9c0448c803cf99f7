import { Alert, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Absence } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { usePageTitle } from '../../shared/usePageTitle';
import { personName } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';
import { PupilRecordLink } from '../pupilRecord/PupilRecordLink';
import { absenceTitle, JustificationDetails } from './AbsenceParts';
import classes from './Attendance.module.css';
import { useAbsences, useAcceptJustification, useRefuseJustification } from './hooks';

const PENDING = { justification_status: 'pending' } as const;

/** "Justificatifs": the justifications waiting for the director, to accept or refuse. */
export function JustificationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('attendance.queue.title'));
  const queue = useAbsences(PENDING);
  return (
    <Stack gap="lg" maw={900}>
      <Title order={1}>{t('attendance.queue.title')}</Title>
      {queue.data === undefined ? (
        <QueryState query={queue} />
      ) : queue.data.length === 0 ? (
        <Text>{t('attendance.queue.empty')}</Text>
      ) : (
        <ul className={classes.list} aria-label={t('attendance.queue.title')}>
          {queue.data.map((absence) => (
            <li key={absence.id}>
              <QueueItem absence={absence} />
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}

function QueueItem({ absence }: { absence: Absence }) {
  const { t, i18n } = useTranslation();
  const accept = useAcceptJustification();
  const refuse = useRefuseJustification();
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const name = personName(absence.pupil);
  const titleId = `justificatif-${absence.id}`;
  const error = accept.error ?? refuse.error;
  return (
    <Paper component="article" aria-labelledby={titleId} withBorder p="sm" className={classes.card}>
      <Stack gap="xs">
        <Title order={2} fz="md" id={titleId}>
          {t('attendance.queue.itemTitle', { name, classroom: absence.classroom.name })}
        </Title>
        <Text size="sm">{absenceTitle(t, absence, i18n.language)}</Text>
        <Text size="sm">
          <PupilRecordLink pupil={absence.pupil}>{t('pupilRecord.linkLabel', { name })}</PupilRecordLink>
        </Text>
        <JustificationDetails absence={absence} />
        {absence.justified_by && (
          <Text size="sm" c="dimmed">
            {t('attendance.queue.by', { name: personName(absence.justified_by) })}
          </Text>
        )}
        {refusing ? (
          <Stack
            renderRoot={(props) => <form {...props} noValidate />}
            gap="xs"
            onSubmit={(event) => {
              event.preventDefault();
              if (!reason.trim()) {
                setMissing(true);
                return;
              }
              refuse.mutate({ absenceId: absence.id, reason: reason.trim() });
            }}
          >
            <Textarea
              label={t('attendance.queue.refusalReason')}
              required
              value={reason}
              maxLength={500}
              onChange={(event) => {
                setMissing(false);
                setReason(event.currentTarget.value);
              }}
              error={missing ? t('attendance.queue.refusalRequired') : refuse.error?.fields.refusal_reason?.join(' ')}
            />
            <Group>
              <Button type="submit" color="red.9" loading={refuse.isPending}>
                {t('attendance.queue.confirmRefuse')}
              </Button>
              <Button variant="subtle" onClick={() => setRefusing(false)}>
                {t('attendance.cancel')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Group>
            <Button
              color="teal.9"
              loading={accept.isPending}
              onClick={() => accept.mutate(absence.id)}
              aria-label={t('attendance.queue.acceptOf', { name })}
            >
              {t('attendance.queue.accept')}
            </Button>
            <Button
              variant="outline"
              color="red.9"
              onClick={() => setRefusing(true)}
              aria-label={t('attendance.queue.refuseOf', { name })}
            >
              {t('attendance.queue.refuse')}
            </Button>
          </Group>
        )}
        {error && (
          <Alert color="red" variant="outline" role="alert">
            {errorMessage(error, t)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
