import { Alert, Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import type { Me, MusterDetail, StaffMember } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { personName } from '../../shared/labels';
import { NotFoundPage } from '../../shared/NotFoundPage';
import { QueryState } from '../../shared/QueryState';
import { usePageTitle } from '../../shared/usePageTitle';
import type { Assigning, StaffOption } from './AssignForm';
import { EndMusterForm } from './EndMusterForm';
import {
  useAssignClass,
  useEndMuster,
  useMuster,
  usePendingTaps,
  useRetryWhileWaiting,
  useSchoolStaff,
  useTap,
} from './hooks';
import { durationLabel, kindLabel, natureLabel, totalsLabel, whenLabel } from './labels';
import { MusterClassSection } from './MusterClassSection';
import { SAFETY_PATH } from './paths';
import { waitingCount, type PendingTaps } from './pendingTaps';
import { sendPendingTaps } from './pendingTapsSender';
import { PendingTapsStatus } from './PendingTapsStatus';
import classes from './Safety.module.css';
import { shownMuster, type ShownPupil } from './shownMuster';

/**
 * The muster's list, on the phones of the school's staff: each adult taps the pupils found
 * (kept on the phone first, sent when the network allows), the director follows every class
 * filling up live, puts a class in a colleague's charge, and ends it.
 */
export function MusterPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const musterId = Number(useParams().musterId);
  const muster = useMuster(musterId);
  const pending = usePendingTaps(me.id, musterId);
  useRetryWhileWaiting(me.id, waitingCount(pending.data));
  usePageTitle(muster.data ? kindLabel(t, muster.data.kind) : t('safety.home.title'));
  // Opening the page sends what this phone kept (the page may be opened again offline).
  useEffect(() => void sendPendingTaps(me.id, queryClient), [me.id, queryClient]);

  if (!Number.isInteger(musterId) || musterId <= 0) return <NotFoundPage />;
  if (muster.data === undefined) {
    return (
      <Stack gap="lg">
        <Title order={1}>{t('safety.home.title')}</Title>
        <QueryState query={muster} />
      </Stack>
    );
  }
  return <MusterView detail={muster.data} record={pending.data ?? null} me={me} />;
}

function MusterView({ detail, record, me }: { detail: MusterDetail; record: PendingTaps | null; me: Me }) {
  const { t } = useTranslation();
  const tap = useTap(me.id, detail.id);
  const [notKept, setNotKept] = useState(false);
  const endedRef = useRef<HTMLHeadingElement>(null);
  const [justEnded, setJustEnded] = useState(false);
  const ended = detail.ended_at !== null;
  // The writes are held here: the live event of a change may redraw the forms (the end form
  // goes, a class taken by the director moves) before their answer comes back.
  const end = useEndMuster(detail.id);
  const assigning = useAssigning(detail, me);
  const { classes: shown, totals } = shownMuster(detail, record);
  const viewerId = me.person?.id ?? null;
  const mine = shown.filter((group) => viewerId !== null && group.responsible_id === viewerId);
  const others = shown.filter((group) => !mine.includes(group));

  useEffect(() => {
    if (justEnded && ended) endedRef.current?.focus();
  }, [justEnded, ended]);

  const onTap = ended
    ? null
    : (pupil: ShownPupil) => {
        void tap(pupil.pupil_id, !pupil.found).then((kept) => setNotKept(!kept));
      };
  const sectionProps = { onTap, assigning: detail.may_assign ? assigning : null };

  return (
    <Stack gap="lg" maw={1100}>
      <MusterHeader detail={detail} totals={totalsLabel(t, totals)} />
      <PendingTapsStatus record={record} userId={me.id} musterId={detail.id} />
      {notKept && (
        <Alert color="red" variant="outline" role="alert">
          {t('safety.muster.notKept')}
        </Alert>
      )}
      {ended && <EndedSummary detail={detail} headingRef={endedRef} />}
      {shown.length === 0 && <Text>{t('safety.muster.noClasses')}</Text>}
      {mine.length > 0 && (
        <Stack component="section" aria-labelledby="vos-classes" gap="sm">
          <Title order={2} id="vos-classes">
            {t('safety.muster.yourClasses')}
          </Title>
          {mine.map((group) => (
            <MusterClassSection
              key={group.classroom_id}
              group={group}
              collapsible={false}
              defaultOpen
              {...sectionProps}
            />
          ))}
        </Stack>
      )}
      {others.length > 0 && (
        <Stack component="section" aria-labelledby="autres-classes" gap="sm">
          <Title order={2} id="autres-classes">
            {mine.length > 0 ? t('safety.muster.otherClasses') : t('safety.muster.allClasses')}
          </Title>
          {others.map((group) => (
            <MusterClassSection
              key={group.classroom_id}
              group={group}
              // Someone who leads no class (the director) follows them all: open.
              collapsible
              defaultOpen={mine.length === 0}
              {...sectionProps}
            />
          ))}
        </Stack>
      )}
      {detail.may_end && !ended && (
        <EndMusterForm
          muster={detail}
          end={end}
          onEnd={(observations) => end.mutate(observations, { onSuccess: () => setJustEnded(true) })}
        />
      )}
      <Anchor component={Link} to={SAFETY_PATH} w="fit-content">
        {t('safety.muster.back')}
      </Anchor>
    </Stack>
  );
}

/** What it is, since when, and the school's count in big letters. */
function MusterHeader({ detail, totals }: { detail: MusterDetail; totals: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap={6}>
      <Group gap="sm" align="center">
        <Title order={1}>{kindLabel(t, detail.kind)}</Title>
        <Badge size="lg" color={detail.is_drill ? 'blue.9' : 'red.9'} variant="filled" style={{ textTransform: 'none' }}>
          {natureLabel(t, detail.is_drill)}
        </Badge>
      </Group>
      <Text>{t('safety.muster.startedAt', { when: whenLabel(t, detail.started_at, i18n.language) })}</Text>
      <Text className={classes.totals}>{totals}</Text>
    </Stack>
  );
}

/** A muster over: when it ended, how long it lasted, what was seen. */
function EndedSummary({ detail, headingRef }: { detail: MusterDetail; headingRef: Ref<HTMLHeadingElement> }) {
  const { t, i18n } = useTranslation();
  const endedAt = detail.ended_at ?? detail.started_at;
  return (
    <Stack component="section" aria-labelledby="rassemblement-termine" gap="xs">
      <Title order={2} id="rassemblement-termine" ref={headingRef} tabIndex={-1}>
        {t('safety.muster.ended')}
      </Title>
      <Text>
        {t('safety.muster.endedAt', {
          when: whenLabel(t, endedAt, i18n.language),
          duration: durationLabel(t, detail.started_at, endedAt),
        })}
      </Text>
      <Title order={3} fz="h4">
        {t('safety.muster.observationsTitle')}
      </Title>
      <Text className={classes.observations}>{detail.observations || t('safety.muster.noObservations')}</Text>
    </Stack>
  );
}

/** The director's « Confier la classe à », for every class of the list. */
function useAssigning(detail: MusterDetail, me: Me): Assigning {
  const staff = useStaffOptions(detail, me);
  const mutation = useAssignClass(detail.id);
  const [done, setDone] = useState<ReadonlyMap<number, string>>(new Map());
  const classroomOf = mutation.variables?.classroom ?? null;
  return {
    staff,
    assign: (classroomId, responsible) =>
      mutation.mutate(
        { classroom: classroomId, responsible: responsible.personId },
        { onSuccess: () => setDone((was) => new Map(was).set(classroomId, responsible.name)) },
      ),
    pendingFor: mutation.isPending ? classroomOf : null,
    failed: mutation.isError && classroomOf !== null ? { classroomId: classroomOf, error: mutation.error } : null,
    done,
  };
}

/**
 * Who the director may put a class in the charge of: the school's staff this year
 * (`/api/v1/schools/<id>/staff/`, one line per assignment), with those leading a class now
 * and the director, should that list not load.
 */
function useStaffOptions(detail: MusterDetail, me: Me): StaffOption[] {
  const staff = useSchoolStaff(detail.school_id, detail.may_assign);
  const options = new Map<number, string>();
  for (const member of staff.data ?? ([] as StaffMember[])) options.set(member.person_id, personName(member));
  for (const group of detail.classes) {
    if (group.responsible_id !== null && !options.has(group.responsible_id)) {
      options.set(group.responsible_id, group.responsible_name);
    }
  }
  if (me.person && !options.has(me.person.id)) options.set(me.person.id, personName(me.person));
  return [...options].map(([personId, name]) => ({ personId, name }));
}
