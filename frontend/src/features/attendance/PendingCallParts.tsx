import { Alert, Button, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

import type { RollCallMark, RollCallSheet } from '../../api/types';
import { personName } from '../../shared/labels';
import { schoolClock } from './labels';
import type { PendingCall } from './pendingCalls';

/** One absent or late pupil, as the lists of the conflict say it. */
interface ListedMark {
  pupilId: number;
  name: string;
  kind: RollCallMark['absence_kind'];
  minutes: number | null;
}

function markText(t: TFunction, mark: ListedMark): string {
  const status =
    mark.kind === 'late'
      ? t('attendance.presence.lateMinutes', { count: mark.minutes ?? 0 })
      : t('attendance.presence.absent');
  return t('attendance.pendingCall.pupilMark', { name: mark.name, status });
}

/** The marks of the call kept on the device, named from the class list. */
function pendingMarks(t: TFunction, call: PendingCall, sheet: RollCallSheet | undefined): ListedMark[] {
  return call.absences.map((absence) => {
    const row = sheet?.pupils.find((candidate) => candidate.pupil.id === absence.pupil);
    return {
      pupilId: absence.pupil,
      name: row ? personName(row.pupil) : t('attendance.pendingCall.unknownPupil', { id: absence.pupil }),
      kind: absence.absence_kind,
      minutes: absence.minutes_late ?? null,
    };
  });
}

/** The marks of the call the server holds (the sheet of a half-day whose call is taken). */
function storedMarks(sheet: RollCallSheet): ListedMark[] {
  return sheet.pupils
    .filter((row) => row.presence !== 'present')
    .map((row) => ({
      pupilId: row.pupil.id,
      name: personName(row.pupil),
      kind: row.presence === 'late' ? ('late' as const) : ('absent' as const),
      minutes: row.minutes_late,
    }));
}

function MarkList({ marks }: { marks: ListedMark[] }) {
  const { t } = useTranslation();
  if (marks.length === 0) return <Text size="sm">{t('attendance.pendingCall.nobody')}</Text>;
  return (
    <List size="sm" spacing={2}>
      {marks.map((mark) => (
        <List.Item key={mark.pupilId}>{markText(t, mark)}</List.Item>
      ))}
    </List>
  );
}

interface PendingCallStatusProps {
  call: PendingCall;
  /** Focused when it appears after the teacher's own submission. */
  ref?: Ref<HTMLDivElement>;
  onDiscard: () => void;
}

/**
 * « En attente d’envoi »: a state, not an error (announced politely). A call the server
 * refused (another 4xx than the conflict) says the server's message, and may be given up.
 */
export function PendingCallStatus({ call, ref, onDiscard }: PendingCallStatusProps) {
  const { t } = useTranslation();
  const time = schoolClock(call.takenAt);
  if (call.state === 'refused') {
    return (
      <Alert color="red" variant="outline" role="alert" title={t('attendance.pendingCall.refusedTitle')} ref={ref} tabIndex={-1}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm">
            {t('attendance.pendingCall.refused', { time, message: call.message ?? t('errors.unexpected') })}
          </Text>
          <Text size="sm">{t('attendance.pendingCall.refusedRetry')}</Text>
          <Button variant="outline" color="red" onClick={onDiscard}>
            {t('attendance.pendingCall.discard')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color="blue" variant="outline" role="status" title={t('attendance.pendingCall.pendingTitle')} ref={ref} tabIndex={-1}>
      {t('attendance.pendingCall.pending', { time })}
    </Alert>
  );
}

/**
 * The kept call without its form: the class list is not at hand (offline, never opened
 * online), or the server already shows a call while this one waits for its answer.
 */
export function PendingCallSummary({
  call,
  sheet,
  onDiscard,
}: {
  call: PendingCall;
  sheet: RollCallSheet | undefined;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  const absent = call.absences.filter((absence) => absence.absence_kind === 'absent').length;
  return (
    <Stack gap="xs">
      <PendingCallStatus call={call} onDiscard={onDiscard} />
      {sheet ? (
        <MarkList marks={pendingMarks(t, call, sheet)} />
      ) : (
        <Text>{t('attendance.pendingCall.summary', { absent, late: call.absences.length - absent })}</Text>
      )}
    </Stack>
  );
}

interface ConflictPanelProps {
  call: PendingCall;
  /** The sheet as the server has it now: with its call, unless it could not be read. */
  sheet: RollCallSheet;
  onKeepStored: () => void;
  onCorrectWithMine: () => void;
}

/**
 * A call was recorded for the half-day while this one waited: both lists side by side (one
 * above the other on a phone), and the teacher's choice. Nothing is overwritten here: the
 * correction goes through the usual form, with If-Match.
 */
export function ConflictPanel({ call, sheet, onKeepStored, onCorrectWithMine }: ConflictPanelProps) {
  const { t } = useTranslation();
  const stored = sheet.roll_call;
  return (
    <Alert color="red" variant="outline" role="alert" title={t('attendance.pendingCall.conflictTitle')}>
      <Stack gap="md">
        <Text size="sm">{t('attendance.pendingCall.conflict', { time: schoolClock(call.takenAt) })}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Stack gap={4}>
            <Title order={2} fz="md">
              {stored
                ? t('attendance.pendingCall.stored', { time: schoolClock(stored.taken_at), name: personName(stored.taken_by) })
                : t('attendance.pendingCall.storedUnknown')}
            </Title>
            {stored && <MarkList marks={storedMarks(sheet)} />}
          </Stack>
          <Stack gap={4}>
            <Title order={2} fz="md">
              {t('attendance.pendingCall.mine', { time: schoolClock(call.takenAt) })}
            </Title>
            <MarkList marks={pendingMarks(t, call, sheet)} />
          </Stack>
        </SimpleGrid>
        <Group gap="sm">
          <Button onClick={onKeepStored}>
            {t('attendance.pendingCall.keepStored')}
          </Button>
          {/* A correction needs the stored call's version (If-Match): not without it. */}
          {stored && (
            <Button variant="outline" color="red" onClick={onCorrectWithMine}>
              {t('attendance.pendingCall.correctWithMine')}
            </Button>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
