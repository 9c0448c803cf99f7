import { Alert, Badge, Button, Group, List, NativeSelect, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import type { CycleBilan, CycleBilanUpdate } from '../../api/types';
import { formatDate } from '../../shared/dates';
import { errorMessage } from '../../shared/errorMessage';
import { personName } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';
import { useClassCycleBilans, useCycleBilanStep, useUpdateCycleBilan } from './bilanHooks';
import { masteryLabel, STATE_COLOURS, stateLabel } from './bilanLabels';
import { TextOnBlur } from './BilanFields';
import { LivretClassroomPage, type LivretClassroomAccess } from './LivretFrame';

const PUPIL_PARAM = 'eleve';

/**
 * "Bilans de fin de cycle" (end of CE2 and CM2): the eight components of the socle at one of
 * four levels of mastery and a synthesis; the same steps as the periodic bilan.
 */
export function CycleBilansPage() {
  return <LivretClassroomPage page="cycleBilans">{(access) => <CycleBilansContent {...access} />}</LivretClassroomPage>;
}

function CycleBilansContent({ classroom, isTeacher, isDirector }: LivretClassroomAccess) {
  const { t } = useTranslation();
  const bilans = useClassCycleBilans(classroom.id);
  const [params, setParams] = useSearchParams();
  const rows = bilans.data ?? [];
  const requested = Number(params.get(PUPIL_PARAM));
  const selected = rows.find((bilan) => bilan.pupil.id === requested) ?? rows[0];
  if (bilans.data === undefined) return <QueryState query={bilans} />;
  if (rows.length === 0) return <Text>{t('livret.cycleBilans.empty')}</Text>;
  return (
    <Stack gap="md">
      <NativeSelect
        label={t('livret.bilans.pupil')}
        value={String(selected?.pupil.id ?? '')}
        onChange={(event) => {
          const next = new URLSearchParams(params);
          next.set(PUPIL_PARAM, event.currentTarget.value);
          setParams(next, { replace: true });
        }}
        data={rows.map((bilan) => ({
          value: String(bilan.pupil.id),
          label: `${personName(bilan.pupil)} (${stateLabel(t, bilan.state)})`,
        }))}
        maw={360}
      />
      {selected && (
        <CycleBilanEditor
          key={selected.id}
          bilan={selected}
          classroomId={classroom.id}
          isTeacher={isTeacher}
          isDirector={isDirector}
        />
      )}
    </Stack>
  );
}

function CycleBilanEditor({
  bilan,
  classroomId,
  isTeacher,
  isDirector,
}: {
  bilan: CycleBilan;
  classroomId: number;
  isTeacher: boolean;
  isDirector: boolean;
}) {
  const { t, i18n } = useTranslation();
  const update = useUpdateCycleBilan(classroomId);
  const step = useCycleBilanStep(classroomId);
  const [status, setStatus] = useState('');
  const canEdit = isTeacher && bilan.state === 'draft';
  const headingId = `bilan-cycle-${bilan.id}`;
  const error = update.error ?? step.error;
  // A step waits for the edit in flight (a field left by clicking the button saves first).
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const edit = (body: CycleBilanUpdate, onError?: () => void) => {
    setStatus('');
    const call = update.mutateAsync({ bilanId: bilan.id, body });
    saving.current = call.then(() => setStatus(t('livret.bilans.saved')), () => onError?.());
  };
  const runStep = async (which: 'lock' | 'unlock' | 'validate' | 'communicate') => {
    await saving.current;
    setStatus('');
    step.mutate({ bilanId: bilan.id, step: which }, { onSuccess: () => setStatus(t(`livret.bilans.stepDone.${which}`)) });
  };
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md">
      <Stack gap="md">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={2} fz="h3" id={headingId}>
            {t('livret.cycleBilans.bilanOf', { name: personName(bilan.pupil), cycle: bilan.cycle })}
          </Title>
          <Badge color={STATE_COLOURS[bilan.state]} variant="filled">
            {stateLabel(t, bilan.state)}
          </Badge>
        </Group>
        {bilan.components.map((row) => (
          <ComponentRow
            key={row.component}
            label={row.label}
            mastery={row.mastery}
            canEdit={canEdit}
            onSave={(mastery, onError) => edit({ components: [{ component: row.component, mastery }] }, onError)}
          />
        ))}
        <TextOnBlur
          label={t('livret.cycleBilans.synthesis')}
          value={bilan.synthesis}
          disabled={!canEdit}
          maxLength={1500}
          onSave={(synthesis) => edit({ synthesis })}
        />
        {error && (
          <Alert color="red" variant="outline" role="alert" title={t('livret.bilans.saveError')}>
            {errorMessage(error, t)}
          </Alert>
        )}
        <div role="status" aria-live="polite">
          {status && (
            <Text c="teal.9" fw={600}>
              {status}
            </Text>
          )}
        </div>
        <Group gap="sm" wrap="wrap">
          {isTeacher && bilan.state === 'draft' && (
            <Button onClick={() => void runStep('lock')} loading={step.isPending}>
              {t('livret.bilans.lock')}
            </Button>
          )}
          {isTeacher && bilan.state === 'locked' && (
            <Button variant="default" onClick={() => void runStep('unlock')} loading={step.isPending}>
              {t('livret.bilans.unlock')}
            </Button>
          )}
          {isDirector && bilan.state === 'locked' && (
            <Button onClick={() => void runStep('validate')} loading={step.isPending}>
              {t('livret.bilans.validate')}
            </Button>
          )}
          {isDirector && bilan.state === 'validated' && (
            <Button onClick={() => void runStep('communicate')} loading={step.isPending}>
              {t('livret.bilans.communicate')}
            </Button>
          )}
        </Group>
        {bilan.state === 'communicated' && (
          <List size="sm" aria-label={t('livret.bilans.acknowledgements')}>
            {bilan.acknowledgements.map((row) => (
              <List.Item key={row.guardian.id}>
                {personName(row.guardian)} :{' '}
                {row.acknowledged_at
                  ? t('livret.bilans.acknowledgedOn', { date: formatDate(row.acknowledged_at.slice(0, 10), i18n.language) })
                  : t('livret.bilans.notAcknowledged')}
                {row.comment && ` — « ${row.comment} »`}
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Paper>
  );
}

function ComponentRow({
  label,
  mastery,
  canEdit,
  onSave,
}: {
  label: string;
  mastery: number | null;
  canEdit: boolean;
  onSave: (mastery: number, onError: () => void) => void;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState(mastery);
  useEffect(() => setChoice(mastery), [mastery]);
  if (!canEdit) {
    return (
      <Text size="sm">
        <Text span fw={600}>
          {label}
        </Text>{' '}
        : {masteryLabel(t, mastery)}
      </Text>
    );
  }
  return (
    <Radio.Group
      label={label}
      value={choice ? String(choice) : ''}
      onChange={(value) => {
        setChoice(Number(value));
        onSave(Number(value), () => setChoice(mastery));
      }}
    >
      <Group gap="md" mt={2} wrap="wrap">
        {[1, 2, 3, 4].map((level) => (
          <Radio key={level} value={String(level)} label={masteryLabel(t, level)} />
        ))}
      </Group>
    </Radio.Group>
  );
}
