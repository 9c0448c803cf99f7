import { Alert, Avatar, Badge, Button, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useLongPress } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';

import { isApiError } from '../../api/errors';
import type { HalfDay, Presence, RollCallMark, RollCallSheet, SheetPupil } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { errorMessage } from '../../shared/errorMessage';
import { usePageTitle } from '../../shared/usePageTitle';
import { useClassroom } from '../homework/hooks';
import { formatDayLong, todayAtSchool } from '../../shared/dates';
import { personName } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';
import wrapping from '../../shared/WrappingButton.module.css';
import { PupilRecordButton } from '../pupilRecord/PupilRecordLink';
import classes from './Attendance.module.css';
import { DayPicker, useHalfDayParams } from './DayPicker';
import { useCorrectRollCall, useRollCallSheet, useTakeRollCall } from './hooks';
import { halfDayAt, halfDayLabel, initials, newIdempotencyKey, reasonLabel, schoolClock } from './labels';
import { ConflictPanel, PendingCallStatus, PendingCallSummary } from './PendingCallParts';
import { forgetPendingCall, keepPendingCall, type PendingCall } from './pendingCalls';
import { sendPendingCalls } from './pendingCallsSender';
import { usePendingCall, useSendPendingCalls, useSentCalls } from './usePendingCalls';

const DEFAULT_MINUTES_LATE = 10;
/** Mantine's orange 9 is too light for white text (axe color-contrast): a darker orange. */
const LATE_COLOR = '#9c3d00';
const MAX_MINUTES_LATE = 300;

interface Mark {
  presence: Presence;
  minutes: number | '';
}

type Marks = Record<number, Mark>;

function marksOf(sheet: RollCallSheet): Marks {
  return Object.fromEntries(
    sheet.pupils.map((row) => [row.pupil.id, { presence: row.presence, minutes: row.minutes_late ?? '' }]),
  );
}

/** The class list with the marks of a call kept on the device: the others are present. */
function marksWith(sheet: RollCallSheet, absences: RollCallMark[]): Marks {
  const listed = new Map(absences.map((absence) => [absence.pupil, absence]));
  return Object.fromEntries(
    sheet.pupils.map((row) => {
      const absence = listed.get(row.pupil.id);
      const mark: Mark =
        absence === undefined
          ? { presence: 'present', minutes: '' }
          : { presence: absence.absence_kind, minutes: absence.minutes_late ?? '' };
      return [row.pupil.id, mark];
    }),
  );
}

/** The `absences` of the API: only the absent and late pupils, the others are present. */
function toAbsences(marks: Marks): RollCallMark[] {
  return Object.entries(marks)
    .filter(([, mark]) => mark.presence !== 'present')
    .map(([pupil, mark]) =>
      mark.presence === 'late'
        ? { pupil: Number(pupil), absence_kind: 'late' as const, minutes_late: mark.minutes === '' ? null : mark.minutes }
        : { pupil: Number(pupil), absence_kind: 'absent' as const },
    )
    .sort((a, b) => a.pupil - b.pupil);
}

/** "Appel" of a classroom for a half-day: one tap per absent pupil, one submit. */
export function RollCallPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const classroomId = Number(useParams().classroomId);
  const { date, halfDay } = useHalfDayParams();
  const sheet = useRollCallSheet(classroomId, date, halfDay);
  // A call taken here without network waits on the device (pendingCalls.ts): the page shows
  // it instead of the server's empty sheet. The sheet is shown once the device has said
  // whether it keeps a call of that half-day (never an empty sheet first, then the call).
  const pending = usePendingCall(
    me.id,
    classroomId,
    sheet.data?.sheet.date ?? date,
    sheet.data?.sheet.half_day ?? halfDay,
  );
  const pendingCall = pending.data ?? null;
  const shown = pending.isPending ? undefined : sheet.data;
  const data = shown?.sheet;
  // The classroom's card names the page even on a day without class (the sheet is a 400 then).
  const classroom = useClassroom(classroomId);
  const classroomName = data?.classroom.name ?? classroom.data?.name;
  const title = classroomName
    ? t('attendance.rollCall.titleOf', { classroom: classroomName })
    : t('attendance.rollCall.title');
  usePageTitle(title);

  // What the pickers show: the server's answer, else the URL, else today and the current half-day.
  const shownDate = data?.date ?? date ?? todayAtSchool();
  const shownHalfDay: HalfDay = data?.half_day ?? halfDay ?? halfDayAt();
  const notASchoolDay = isApiError(sheet.error) && sheet.error.status === 400;
  // After a submission the form comes back with the call taken: focus goes to that message
  // (for that half-day only, not for another one opened afterwards).
  const [submittedFor, setSubmittedFor] = useState<string | null>(null);
  const halfDayKey = `${data?.date}-${data?.half_day}`;
  // Without a day in the URL the server picks it (the current school half-day, else the
  // last one): say no day before it answers rather than today's, which may have no class.
  const dayKnown = date !== undefined || data !== undefined || sheet.isError;

  // Opening the page sends what waits (the layout also does, at start and on `online`).
  useSendPendingCalls(me.id);
  const [sentFor, setSentFor] = useState<string | null>(null);
  useSentCalls((call) => {
    if (call.classroomId === classroomId) setSentFor(`${call.date}-${call.halfDay}`);
  });
  // The kept call the teacher chose to make a correction of the stored one (its key).
  const [correcting, setCorrecting] = useState<string | null>(null);
  const [droppedFor, setDroppedFor] = useState<string | null>(null);
  const conflict = pendingCall?.state === 'conflict' ? pendingCall : null;

  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap={4}>
        <Title order={1}>{title}</Title>
        {dayKnown && (
          <Text>
            {t('attendance.rollCall.when', {
              day: formatDayLong(shownDate, i18n.language),
              halfDay: halfDayLabel(t, shownHalfDay).toLowerCase(),
            })}
          </Text>
        )}
      </Stack>
      {dayKnown && <DayPicker date={shownDate} halfDay={shownHalfDay} />}

      {notASchoolDay ? (
        <Alert
          color="orange"
          variant="outline"
          role="alert"
          title={
            isApiError(sheet.error) && sheet.error.code === 'calendar_unknown'
              ? t('attendance.rollCall.calendarUnknownTitle')
              : t('attendance.rollCall.noClassTitle')
          }
        >
          {errorMessage(sheet.error, t)}
        </Alert>
      ) : shown === undefined ? (
        sheet.data === undefined ? (
          <>
            {/* The class list is out of reach (offline, never opened here online): the kept call still shows. */}
            {pendingCall && (
              <PendingCallSummary call={pendingCall} sheet={undefined} onDiscard={() => void forgetPendingCall(pendingCall)} />
            )}
            <QueryState query={sheet} />
          </>
        ) : (
          <QueryState query={pending} />
        )
      ) : conflict && correcting !== conflict.idempotencyKey ? (
        <ConflictPanel
          call={conflict}
          sheet={shown.sheet}
          onKeepStored={() => {
            setDroppedFor(halfDayKey);
            void forgetPendingCall(conflict);
          }}
          onCorrectWithMine={() => setCorrecting(conflict.idempotencyKey)}
        />
      ) : pendingCall && !conflict && data?.roll_call ? (
        // The server shows a call while this one waits for its answer (200, or a conflict).
        <PendingCallSummary call={pendingCall} sheet={data} onDiscard={() => void forgetPendingCall(pendingCall)} />
      ) : (
        <>
          {droppedFor === halfDayKey && !pendingCall && (
            <Text role="status" c="teal.9">
              {t('attendance.pendingCall.dropped')}
            </Text>
          )}
          <RollCallForm
            // A new half-day, a new version of the call or a call kept on the device (or
            // gone from it) starts from what the server and the device say.
            key={`${data?.date}-${data?.half_day}-${data?.roll_call?.version ?? 0}-${pendingCall?.idempotencyKey ?? ''}`}
            classroomId={classroomId}
            userId={me.id}
            sheet={shown.sheet}
            etag={shown.etag}
            pendingCall={pendingCall}
            sent={sentFor === halfDayKey}
            onReload={() => void sheet.refetch()}
            onBackToChoice={() => setCorrecting(null)}
            focusResult={submittedFor === halfDayKey || sentFor === halfDayKey}
            onSubmitted={() => setSubmittedFor(halfDayKey)}
          />
        </>
      )}
    </Stack>
  );
}

interface RollCallFormProps {
  classroomId: number;
  userId: number;
  sheet: RollCallSheet;
  etag: string | null;
  /**
   * The call kept on the device for this half-day: waiting (no call on the server: a new
   * submission replaces it), or in conflict (the server's call is corrected with it).
   */
  pendingCall: PendingCall | null;
  /** The kept call was just sent: « Appel envoyé ». */
  sent: boolean;
  onReload: () => void;
  onBackToChoice: () => void;
  /** Focus the "call taken" message when the form appears (after a submission). */
  focusResult: boolean;
  onSubmitted: () => void;
}

function RollCallForm({
  classroomId,
  userId,
  sheet,
  etag,
  pendingCall,
  sent,
  onReload,
  onBackToChoice,
  focusResult,
  onSubmitted,
}: RollCallFormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [marks, setMarks] = useState<Marks>(() =>
    pendingCall ? marksWith(sheet, pendingCall.absences) : marksOf(sheet),
  );
  const [invalid, setInvalid] = useState<string | null>(null);
  // The pupils' records are linked until a mark changes: leaving then would lose the marks.
  const [touched, setTouched] = useState(false);
  const take = useTakeRollCall(classroomId, { userId, classroomName: sheet.classroom.name });
  const correct = useCorrectRollCall();
  const [keeping, setKeeping] = useState(false);
  // One key per submission: a retry of the same list (lost answer, double tap) reuses it.
  const attempt = useRef<{ payload: string; key: string } | null>(null);
  const rollCall = sheet.roll_call;
  const mutation = rollCall ? correct : take;
  const resultRef = useRef<HTMLDivElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (focusResult && (rollCall || pendingCall)) resultRef.current?.focus();
    // When the form appears (a new call, a new version or a kept call remounts it), or when
    // the submission that made it is known after it appeared.
  }, [focusResult]);
  useEffect(() => {
    if (mutation.isError || invalid) errorRef.current?.focus();
  }, [mutation.isError, invalid]);

  const setMark = (pupilId: number, mark: Mark) => {
    setInvalid(null);
    setTouched(true);
    setMarks((current) => ({ ...current, [pupilId]: mark }));
  };

  const absences = toAbsences(marks);
  const absentCount = absences.filter((a) => a.absence_kind === 'absent').length;
  const lateCount = absences.length - absentCount;

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    const badLate = absences.find(
      (a) => a.absence_kind === 'late' && (a.minutes_late == null || a.minutes_late < 1 || a.minutes_late > MAX_MINUTES_LATE),
    );
    if (badLate) {
      const pupil = sheet.pupils.find((row) => row.pupil.id === badLate.pupil);
      setInvalid(t('attendance.rollCall.minutesInvalid', { name: personName(pupil?.pupil), max: MAX_MINUTES_LATE }));
      return;
    }
    const payload = JSON.stringify(absences);
    if (!rollCall && pendingCall) {
      replacePendingCall(pendingCall, payload);
      return;
    }
    if (attempt.current?.payload !== payload) attempt.current = { payload, key: newIdempotencyKey() };
    const idempotencyKey = attempt.current.key;
    // After the success, even when the refreshed sheet has already replaced this form (a new
    // version remounts it): mutate()'s own callbacks would not run then.
    const onSuccess = () => {
      attempt.current = null;
      // A correction made with the kept call: that call is done with.
      if (pendingCall) void forgetPendingCall(pendingCall);
      onSubmitted();
    };
    const request = rollCall
      ? correct.mutateAsync({ rollCallId: rollCall.id, etag: etag ?? '*', absences, idempotencyKey })
      : take.mutateAsync({ date: sheet.date, half_day: sheet.half_day, absences, idempotencyKey });
    // A failure is the mutation's state, shown below.
    request.then(onSuccess, () => undefined);
  };

  /**
   * A call still waiting, validated again: it is kept with the new marks, then sent (by the
   * one sender, never alongside it). Other marks take a new key: the old one may have
   * reached the server (a lost answer), and a key serves one request only.
   */
  const replacePendingCall = (call: PendingCall, payload: string) => {
    const same = JSON.stringify(call.absences) === payload;
    const next: PendingCall = same
      ? { ...call, state: 'pending', message: null }
      : {
          ...call,
          absences,
          idempotencyKey: newIdempotencyKey(),
          takenAt: new Date().toISOString(),
          state: 'pending',
          message: null,
        };
    setKeeping(true);
    keepPendingCall(next)
      .then(() => {
        onSubmitted();
        return sendPendingCalls(userId, queryClient);
      })
      .catch(() => setInvalid(t('errors.unexpected')))
      .finally(() => setKeeping(false));
  };

  const stale = isApiError(mutation.error) && mutation.error.status === 412;

  return (
    <Stack gap="md" renderRoot={(props) => <form {...props} noValidate />} onSubmit={onSubmit} aria-labelledby="appel-liste">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2} fz="h3" id="appel-liste">
          {t('attendance.rollCall.pupils', { count: sheet.pupils.length })}
        </Title>
        <Text aria-live="polite">
          {t('attendance.rollCall.summary', {
            absent: absentCount,
            late: lateCount,
            present: sheet.pupils.length - absences.length,
          })}
        </Text>
      </Group>

      <Text size="sm" id="appel-aide-retard">
        {t('attendance.rollCall.help')}
      </Text>

      {rollCall && (
        <Alert color="teal" variant="light" role="status" ref={resultRef} tabIndex={-1}>
          {sent && `${t('attendance.pendingCall.sent')} `}
          {t('attendance.rollCall.taken', { time: schoolClock(rollCall.taken_at), name: personName(rollCall.taken_by) })}
          {rollCall.version > 1 && ` ${t('attendance.rollCall.corrected', { count: rollCall.version - 1 })}`}
        </Alert>
      )}
      {rollCall && pendingCall && (
        <Group justify="space-between" gap="xs">
          <Text size="sm">{t('attendance.pendingCall.correcting')}</Text>
          <Button variant="default" onClick={onBackToChoice}>
            {t('attendance.pendingCall.backToChoice')}
          </Button>
        </Group>
      )}
      {!rollCall && pendingCall && (
        <PendingCallStatus call={pendingCall} ref={resultRef} onDiscard={() => void forgetPendingCall(pendingCall)} />
      )}

      {sheet.pupils.length === 0 ? (
        <Text>{t('attendance.rollCall.noPupils')}</Text>
      ) : (
        <ul className={classes.pupils} aria-labelledby="appel-liste">
          {sheet.pupils.map((row) => (
            <PupilRow
              key={row.pupil.id}
              row={row}
              mark={marks[row.pupil.id] ?? { presence: 'present', minutes: '' }}
              onChange={(mark) => setMark(row.pupil.id, mark)}
              withRecordLink={!touched}
            />
          ))}
        </ul>
      )}

      {invalid && (
        <Alert color="red" variant="outline" role="alert" ref={errorRef} tabIndex={-1}>
          {invalid}
        </Alert>
      )}
      {mutation.isError &&
        (stale ? (
          <Alert color="red" variant="outline" role="alert" title={t('attendance.rollCall.staleTitle')} ref={errorRef} tabIndex={-1}>
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('attendance.rollCall.stale')}</Text>
              <Button variant="outline" color="red" onClick={onReload}>
                {t('attendance.rollCall.reload')}
              </Button>
            </Stack>
          </Alert>
        ) : (
          <Alert color="red" variant="outline" role="alert" title={t('attendance.rollCall.saveError')} ref={errorRef} tabIndex={-1}>
            {errorMessage(mutation.error, t)}
          </Alert>
        ))}
      {correct.isSuccess && rollCall && (
        <Text role="status" c="teal.9">
          {t('attendance.rollCall.correctionSaved')}
        </Text>
      )}

      {/* Always in reach on a tablet or a phone: the bar sticks to the bottom of the screen. */}
      <Group className={classes.submitBar}>
        <Button type="submit" size="lg" loading={mutation.isPending || keeping} disabled={sheet.pupils.length === 0}>
          {rollCall ? t('attendance.rollCall.correct') : t('attendance.rollCall.submit')}
        </Button>
      </Group>
    </Stack>
  );
}

interface PupilRowProps {
  row: SheetPupil;
  mark: Mark;
  onChange: (mark: Mark) => void;
  withRecordLink: boolean;
}

function PupilRow({ row, mark, onChange, withRecordLink }: PupilRowProps) {
  const { t } = useTranslation();
  const name = personName(row.pupil);
  const absent = mark.presence === 'absent';
  const late = mark.presence === 'late';
  // A long press on the name marks late (the "Retard" control does the same in one tap);
  // the click that ends the press must not toggle absent as well.
  const longPressed = useRef(false);
  const longPress = useLongPress(
    () => {
      longPressed.current = true;
      onChange({ presence: 'late', minutes: mark.presence === 'late' ? mark.minutes : DEFAULT_MINUTES_LATE });
    },
    { threshold: 600, cancelOnMove: true },
  );
  const status = absent
    ? t('attendance.presence.absent')
    : late
      ? t('attendance.presence.lateMinutes', { count: mark.minutes === '' ? 0 : mark.minutes })
      : t('attendance.presence.present');
  return (
    <li className={classes.pupil} data-presence={mark.presence}>
      <Button
        variant="subtle"
        color="dark"
        className={classes.toggle}
        classNames={{ inner: wrapping.inner, label: wrapping.label }}
        // A toggle (pressed = absent) named by its own text, the pupil and the state, so that
        // what is heard is what is shown (WCAG 2.5.3); the initials are hidden from it.
        aria-pressed={absent}
        aria-describedby="appel-aide-retard"
        {...longPress}
        onContextMenu={(event) => event.preventDefault()}
        onClick={() => {
          if (longPressed.current) {
            longPressed.current = false;
            return;
          }
          onChange({ presence: absent ? 'present' : 'absent', minutes: '' });
        }}
        leftSection={
          <Avatar color={absent ? 'red.9' : late ? LATE_COLOR : 'teal.9'} variant="filled" radius="xl" aria-hidden>
            {initials(row.pupil)}
          </Avatar>
        }
      >
        <Stack gap={0} align="flex-start">
          <Text fw={600} component="span" className={classes.name}>
            {name}
          </Text>{' '}
          <Text size="sm" component="span">
            {status}
          </Text>
        </Stack>
      </Button>
      <Button
        variant={late ? 'filled' : 'outline'}
        color={LATE_COLOR}
        className={classes.lateButton}
        aria-pressed={late}
        aria-label={t('attendance.rollCall.toggleLate', { name })}
        onClick={() => onChange(late ? { presence: 'present', minutes: '' } : { presence: 'late', minutes: DEFAULT_MINUTES_LATE })}
      >
        {t('attendance.rollCall.late')}
      </Button>
      {late && (
        <NumberInput
          className={classes.minutes}
          label={t('attendance.rollCall.minutes')}
          aria-label={t('attendance.rollCall.minutesOf', { name })}
          value={mark.minutes}
          min={1}
          max={MAX_MINUTES_LATE}
          allowDecimal={false}
          allowNegative={false}
          onChange={(value) => onChange({ presence: 'late', minutes: typeof value === 'number' ? value : '' })}
          size="md"
        />
      )}
      {withRecordLink && <PupilRecordButton pupil={row.pupil} />}
      {row.notice && (
        <Badge color="grape.9" variant="light" size="lg" style={{ textTransform: 'none' }}>
          {t('attendance.rollCall.announced', { reason: reasonLabel(t, row.notice.absence_reason) })}
        </Badge>
      )}
    </li>
  );
}
