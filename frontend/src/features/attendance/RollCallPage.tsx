import { Alert, Avatar, Badge, Button, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useLongPress } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';

import { isApiError } from '../../api/errors';
import type { HalfDay, Presence, RollCallMark, RollCallSheet, SheetPupil } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { usePageTitle } from '../../shared/usePageTitle';
import { useClassroom } from '../homework/hooks';
import { formatDayLong, todayAtSchool } from '../../shared/dates';
import { personName } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';
import { PupilRecordButton } from '../pupilRecord/PupilRecordLink';
import classes from './Attendance.module.css';
import { DayPicker, useHalfDayParams } from './DayPicker';
import { useCorrectRollCall, useRollCallSheet, useSubmitRollCall } from './hooks';
import { halfDayAt, halfDayLabel, initials, newIdempotencyKey, reasonLabel, schoolClock } from './labels';

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
  const classroomId = Number(useParams().classroomId);
  const { date, halfDay } = useHalfDayParams();
  const sheet = useRollCallSheet(classroomId, date, halfDay);
  const data = sheet.data?.sheet;
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
      ) : sheet.data === undefined ? (
        <QueryState query={sheet} />
      ) : (
        <RollCallForm
          // A new half-day or a new version of the call starts from what the server says.
          key={`${data?.date}-${data?.half_day}-${data?.roll_call?.version ?? 0}`}
          classroomId={classroomId}
          sheet={sheet.data.sheet}
          etag={sheet.data.etag}
          onReload={() => void sheet.refetch()}
          focusResult={submittedFor === halfDayKey}
          onSubmitted={() => setSubmittedFor(halfDayKey)}
        />
      )}
    </Stack>
  );
}

interface RollCallFormProps {
  classroomId: number;
  sheet: RollCallSheet;
  etag: string | null;
  onReload: () => void;
  /** Focus the "call taken" message when the form appears (after a submission). */
  focusResult: boolean;
  onSubmitted: () => void;
}

function RollCallForm({ classroomId, sheet, etag, onReload, focusResult, onSubmitted }: RollCallFormProps) {
  const { t } = useTranslation();
  const [marks, setMarks] = useState<Marks>(() => marksOf(sheet));
  const [invalid, setInvalid] = useState<string | null>(null);
  // The pupils' records are linked until a mark changes: leaving then would lose the marks.
  const [touched, setTouched] = useState(false);
  const submit = useSubmitRollCall(classroomId);
  const correct = useCorrectRollCall();
  // One key per submission: a retry of the same list (lost answer, double tap) reuses it.
  const attempt = useRef<{ payload: string; key: string } | null>(null);
  const rollCall = sheet.roll_call;
  const mutation = rollCall ? correct : submit;
  const resultRef = useRef<HTMLDivElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (focusResult && rollCall) resultRef.current?.focus();
    // Only when the form appears: a new call or a new version remounts it.
  }, []);
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
    if (attempt.current?.payload !== payload) attempt.current = { payload, key: newIdempotencyKey() };
    const idempotencyKey = attempt.current.key;
    const onSuccess = () => {
      attempt.current = null;
      onSubmitted();
    };
    if (rollCall) {
      correct.mutate(
        { rollCallId: rollCall.id, etag: etag ?? '*', absences, idempotencyKey },
        { onSuccess },
      );
    } else {
      submit.mutate({ date: sheet.date, half_day: sheet.half_day, absences, idempotencyKey }, { onSuccess });
    }
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
          {t('attendance.rollCall.taken', { time: schoolClock(rollCall.taken_at), name: personName(rollCall.taken_by) })}
          {rollCall.version > 1 && ` ${t('attendance.rollCall.corrected', { count: rollCall.version - 1 })}`}
        </Alert>
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
        <Button type="submit" size="lg" loading={mutation.isPending} disabled={sheet.pupils.length === 0}>
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
        classNames={{ inner: classes.toggleInner, label: classes.toggleLabel }}
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
