import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { AbsenteeismCase, CaseStatus } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { usePageTitle } from '../../shared/usePageTitle';
import { personName } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';
import { PupilRecordLink } from '../pupilRecord/PupilRecordLink';
import classes from './Attendance.module.css';
import { useCases, useUpdateCase } from './hooks';
import { CASE_STATUSES, caseStatusLabel } from './labels';

/** "Absentéisme (L131-8)": the cases opened at 4 unjustified half-days in a month. */
export function CasesPage() {
  const { t } = useTranslation();
  usePageTitle(t('attendance.cases.title'));
  const cases = useCases();
  return (
    <Stack gap="lg" maw={900}>
      <Stack gap={4}>
        <Title order={1}>{t('attendance.cases.title')}</Title>
        <Text>{t('attendance.cases.intro')}</Text>
      </Stack>
      {cases.data === undefined ? (
        <QueryState query={cases} />
      ) : cases.data.length === 0 ? (
        <Text>{t('attendance.cases.empty')}</Text>
      ) : (
        <ul className={classes.list} aria-label={t('attendance.cases.title')}>
          {cases.data.map((item) => (
            <li key={item.id}>
              <CaseCard item={item} />
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}

function CaseCard({ item }: { item: AbsenteeismCase }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateCase();
  const [status, setStatus] = useState<CaseStatus>(item.case_status);
  const [note, setNote] = useState('');
  const name = personName(item.pupil);
  const titleId = `dossier-${item.id}`;
  // Statuses move forward only.
  const next = CASE_STATUSES.slice(CASE_STATUSES.indexOf(item.case_status));
  const [year, month] = item.month.split('-').map(Number);
  const monthName = new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, 1)),
  );
  return (
    <Paper component="article" aria-labelledby={titleId} withBorder p="sm" className={classes.card}>
      <Stack gap="xs">
        <Title order={2} fz="md" id={titleId}>
          {t('attendance.cases.itemTitle', { name, classroom: item.classroom.name, month: monthName })}
        </Title>
        <Text size="sm">
          {t('attendance.cases.count', { count: item.unjustified_half_days })} ·{' '}
          {t('attendance.cases.status', { status: caseStatusLabel(t, item.case_status) })}
        </Text>
        <Text size="sm">
          <PupilRecordLink pupil={item.pupil}>{t('pupilRecord.linkLabel', { name })}</PupilRecordLink>
        </Text>
        {item.notes && <div className={classes.notes}>{item.notes}</div>}
        <Stack
          renderRoot={(props) => <form {...props} noValidate />}
          gap="xs"
          aria-label={t('attendance.cases.formLabel', { name })}
          onSubmit={(event) => {
            event.preventDefault();
            const body = {
              ...(status !== item.case_status ? { case_status: status } : {}),
              note: note.trim(),
            };
            update.mutate({ caseId: item.id, body }, { onSuccess: () => setNote('') });
          }}
        >
          <NativeSelect
            label={t('attendance.cases.changeStatus')}
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value as CaseStatus)}
            data={next.map((value) => ({ value, label: caseStatusLabel(t, value) }))}
          />
          <Textarea
            label={t('attendance.cases.note')}
            value={note}
            maxLength={2000}
            onChange={(event) => setNote(event.currentTarget.value)}
          />
          {update.isError && (
            <Alert color="red" variant="outline" role="alert">
              {errorMessage(update.error, t)}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={update.isPending} disabled={status === item.case_status && !note.trim()}>
              {t('attendance.cases.save')}
            </Button>
          </Group>
        </Stack>
      </Stack>
    </Paper>
  );
}
