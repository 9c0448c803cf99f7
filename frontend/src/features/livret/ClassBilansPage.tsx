import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { isApiError } from '../../api/errors';
import type { Accompaniment, BilanDomain, PeriodicBilan } from '../../api/types';
import { formatDate } from '../../shared/dates';
import { errorMessage } from '../../shared/errorMessage';
import { personName } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';
import { useBilanStep, useClassBilans, useClassStep, useUpdateBilan } from './bilanHooks';
import {
  ACCOMPANIMENTS,
  BILAN_STATES,
  isParentDomain,
  positionnementLabel,
  STATE_COLOURS,
  stateLabel,
} from './bilanLabels';
import { TextOnBlur, WRAPPING } from './BilanFields';
import { ClassParcours } from './ClassParcours';
import { LivretClassroomPage, PeriodSelect, usePeriodChoice, type LivretClassroomAccess } from './LivretFrame';

const PUPIL_PARAM = 'eleve';

/**
 * "Livret" of a class (its teachers, the director): the period's bilans, one per pupil, with
 * the positionnement suggested by the evaluations; the teacher locks, the director validates
 * and communicates.
 */
export function ClassBilansPage() {
  return <LivretClassroomPage page="bilans">{(access) => <ClassBilansContent {...access} />}</LivretClassroomPage>;
}

function ClassBilansContent({ classroom, isTeacher, isDirector }: LivretClassroomAccess) {
  const { t } = useTranslation();
  const { periods, list, period, select } = usePeriodChoice(classroom.school.id);
  const bilans = useClassBilans(classroom.id, period?.id ?? null, period !== undefined);
  const [params, setParams] = useSearchParams();
  const rows = bilans.data ?? [];
  const requested = Number(params.get(PUPIL_PARAM));
  const selected = rows.find((bilan) => bilan.pupil.id === requested) ?? rows[0];
  const selectPupil = (pupilId: number) => {
    const next = new URLSearchParams(params);
    next.set(PUPIL_PARAM, String(pupilId));
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="md">
      <Group align="flex-end" gap="md" wrap="wrap">
        {periods.data ? <PeriodSelect periods={list} period={period} onChange={select} /> : <QueryState query={periods} />}
      </Group>
      {period === undefined ? null : bilans.data === undefined ? (
        <QueryState query={bilans} />
      ) : rows.length === 0 ? (
        <Text>{t('livret.bilans.empty')}</Text>
      ) : (
        <>
          <ClassOverview
            bilans={rows}
            classroomId={classroom.id}
            periodId={period.id}
            isDirector={isDirector}
            onOpen={selectPupil}
          />
          <ClassParcours classroomId={classroom.id} periodId={period.id} canEdit={isTeacher} />
          <NativeSelect
            label={t('livret.bilans.pupil')}
            value={String(selected?.pupil.id ?? '')}
            onChange={(event) => selectPupil(Number(event.currentTarget.value))}
            data={rows.map((bilan) => ({ value: String(bilan.pupil.id), label: personName(bilan.pupil) }))}
            maw={320}
          />
          {selected && (
            <BilanEditor
              key={selected.id}
              bilan={selected}
              classroomId={classroom.id}
              periodId={period.id}
              isTeacher={isTeacher}
              isDirector={isDirector}
            />
          )}
        </>
      )}
    </Stack>
  );
}

/** Each pupil's state and who acknowledged; the director's steps for the whole class. */
function ClassOverview({
  bilans,
  classroomId,
  periodId,
  isDirector,
  onOpen,
}: {
  bilans: PeriodicBilan[];
  classroomId: number;
  periodId: number;
  isDirector: boolean;
  onOpen: (pupilId: number) => void;
}) {
  const { t } = useTranslation();
  const step = useClassStep(classroomId, periodId);
  const [status, setStatus] = useState('');
  const count = (state: string) => bilans.filter((bilan) => bilan.state === state).length;
  return (
    <Stack gap="sm" component="section" aria-labelledby="bilans-classe">
      <Title order={2} fz="h3" id="bilans-classe">
        {t('livret.bilans.overview')}
      </Title>
      <Text size="sm">
        {BILAN_STATES.map((state) => t('livret.bilans.stateCount', { state: stateLabel(t, state), count: count(state) })).join(' · ')}
      </Text>
      {isDirector && (
        <Group gap="sm" wrap="wrap">
          <Button
            {...WRAPPING}
            variant="outline"
            disabled={count('locked') === 0}
            loading={step.isPending && step.variables === 'validate'}
            onClick={() =>
              step.mutate('validate', {
                onSuccess: (result) => setStatus(t('livret.bilans.classValidated', { count: result.changed })),
              })
            }
          >
            {t('livret.bilans.validateClass', { count: count('locked') })}
          </Button>
          <Button
            {...WRAPPING}
            disabled={count('validated') === 0}
            loading={step.isPending && step.variables === 'communicate'}
            onClick={() =>
              step.mutate('communicate', {
                onSuccess: (result) => setStatus(t('livret.bilans.classCommunicated', { count: result.changed })),
              })
            }
          >
            {t('livret.bilans.communicateClass', { count: count('validated') })}
          </Button>
        </Group>
      )}
      {step.error && (
        <Alert color="red" variant="outline" role="alert">
          {errorMessage(step.error, t)}
        </Alert>
      )}
      <div role="status" aria-live="polite">
        {status && (
          <Text c="teal.9" fw={600}>
            {status}
          </Text>
        )}
      </div>
      <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('a11y.scrollTable', { caption: t('livret.bilans.overview') })}>
        <Table withTableBorder verticalSpacing={4} fz="sm" aria-labelledby="bilans-classe">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('livret.bilans.pupil')}</Table.Th>
              <Table.Th scope="col">{t('livret.bilans.state')}</Table.Th>
              <Table.Th scope="col">{t('livret.bilans.acknowledged')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {bilans.map((bilan) => {
              const signed = bilan.acknowledgements.filter((a) => a.acknowledged_at);
              return (
                <Table.Tr key={bilan.id}>
                  <Table.Th scope="row" fw={400}>
                    <Button variant="subtle" size="compact-sm" px={4} c="blue.9" onClick={() => onOpen(bilan.pupil.id)}>
                      {personName(bilan.pupil)}
                    </Button>
                  </Table.Th>
                  <Table.Td>
                    <Badge color={STATE_COLOURS[bilan.state]} variant="filled">
                      {stateLabel(t, bilan.state)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {bilan.state === 'communicated'
                      ? t('livret.bilans.acknowledgedCount', { done: signed.length, total: bilan.acknowledgements.length })
                      : '—'}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}

function fieldMessages(error: unknown): string[] {
  if (!isApiError(error)) return [];
  return Object.values(error.fields).flat();
}

/** One pupil's bilan: positionnements (with the suggestion), appreciations, steps. */
function BilanEditor({
  bilan,
  classroomId,
  periodId,
  isTeacher,
  isDirector,
}: {
  bilan: PeriodicBilan;
  classroomId: number;
  periodId: number;
  isTeacher: boolean;
  isDirector: boolean;
}) {
  const { t, i18n } = useTranslation();
  const update = useUpdateBilan(classroomId, periodId);
  const step = useBilanStep(classroomId, periodId);
  const [status, setStatus] = useState('');
  const canEdit = isTeacher && bilan.state === 'draft';
  const name = personName(bilan.pupil);
  const headingId = `bilan-${bilan.id}`;
  // A step waits for the edit in flight (a field left by clicking the button saves first).
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const save = (
    body: Parameters<typeof update.mutate>[0]['body'],
    message = t('livret.bilans.saved'),
    onError?: () => void,
  ) => {
    setStatus('');
    const call = update.mutateAsync({ bilanId: bilan.id, body });
    saving.current = call.then(() => setStatus(message), () => onError?.());
  };
  const pending = bilan.domains.filter(
    (domain) => domain.suggested !== null && domain.positionnement !== domain.suggested && !isParentDomain(domain, bilan.domains),
  );
  const runStep = async (which: 'lock' | 'unlock' | 'validate' | 'communicate') => {
    await saving.current;
    setStatus('');
    step.mutate({ bilanId: bilan.id, step: which }, { onSuccess: () => setStatus(t(`livret.bilans.stepDone.${which}`)) });
  };
  const error = update.error ?? step.error;

  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md">
      <Stack gap="md">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={2} fz="h3" id={headingId}>
            {t('livret.bilans.bilanOf', { name })}
          </Title>
          <Badge color={STATE_COLOURS[bilan.state]} variant="filled">
            {stateLabel(t, bilan.state)}
          </Badge>
        </Group>
        {canEdit && pending.length > 0 && (
          <Button
            {...WRAPPING}
            variant="light"
            w="fit-content"
            onClick={() =>
              save(
                { domains: pending.map((domain) => ({ domain: domain.domain, accept_suggestion: true })) },
                t('livret.bilans.suggestionsAccepted', { count: pending.length }),
              )
            }
          >
            {t('livret.bilans.acceptAll', { count: pending.length })}
          </Button>
        )}

        <Stack gap="sm">
          {bilan.domains.map((domain) =>
            isParentDomain(domain, bilan.domains) ? (
              <Title key={domain.domain} order={3} fz="md" mt="xs">
                {domain.label}
              </Title>
            ) : (
              <DomainRow
                key={domain.domain}
                domain={domain}
                canEdit={canEdit}
                indent={domain.parent !== null}
                onSave={(entry, message, onError) =>
                  save({ domains: [{ domain: domain.domain, accept_suggestion: false, ...entry }] }, message, onError)
                }
              />
            ),
          )}
        </Stack>

        <TextOnBlur
          label={t('livret.bilans.generalAppreciation')}
          value={bilan.general_appreciation}
          disabled={!canEdit}
          maxLength={2000}
          onSave={(value) => save({ general_appreciation: value })}
        />

        <Accompaniments bilan={bilan} canEdit={canEdit} onSave={(accompaniments) => save({ accompaniments })} />

        {error && (
          <Alert color="red" variant="outline" role="alert" title={t('livret.bilans.saveError')}>
            {errorMessage(error, t)}
            {fieldMessages(error).length > 0 && (
              <List size="sm" mt={4}>
                {fieldMessages(error).map((message) => (
                  <List.Item key={message}>{message}</List.Item>
                ))}
              </List>
            )}
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
          <Stack gap={4}>
            <Title order={3} fz="md">
              {t('livret.bilans.acknowledgements')}
            </Title>
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
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function DomainRow({
  domain,
  canEdit,
  indent,
  onSave,
}: {
  domain: BilanDomain;
  canEdit: boolean;
  indent: boolean;
  onSave: (
    entry: { positionnement?: number | null; accept_suggestion?: boolean; appreciation?: string },
    message?: string,
    onError?: () => void,
  ) => void;
}) {
  const { t } = useTranslation();
  // The choice shows at once; the server's answer (or a refusal) sets it back in line.
  const [choice, setChoice] = useState(domain.positionnement);
  useEffect(() => setChoice(domain.positionnement), [domain.positionnement]);
  return (
    <fieldset style={{ border: 0, margin: 0, padding: 0, paddingLeft: indent ? 12 : 0 }}>
      <legend style={{ fontWeight: 600, padding: 0 }}>{domain.label}</legend>
      <Stack gap={6} mt={4}>
        <Group gap="sm" wrap="wrap" align="center">
          <Text size="sm" c={domain.suggested ? undefined : 'dimmed'}>
            {domain.suggested
              ? t('livret.bilans.suggested', { level: positionnementLabel(t, domain.suggested) })
              : t('livret.bilans.noSuggestion')}
          </Text>
          {canEdit && domain.suggested !== null && domain.suggested !== domain.positionnement && (
            <Button
              size="compact-sm"
              variant="light"
              aria-label={t('livret.bilans.acceptLabel', { domain: domain.label })}
              onClick={() => onSave({ accept_suggestion: true }, t('livret.bilans.suggestionAccepted', { domain: domain.label }))}
            >
              {t('livret.bilans.accept')}
            </Button>
          )}
        </Group>
        {canEdit ? (
          <Radio.Group
            value={choice ? String(choice) : ''}
            onChange={(value) => {
              setChoice(Number(value));
              onSave({ positionnement: Number(value) }, undefined, () => setChoice(domain.positionnement));
            }}
            label={t('livret.bilans.positionnementLabel')}
          >
            <Group gap="md" mt={2} wrap="wrap">
              {[1, 2, 3, 4].map((level) => (
                <Radio key={level} value={String(level)} label={positionnementLabel(t, level)} />
              ))}
            </Group>
          </Radio.Group>
        ) : (
          <Text size="sm">
            {t('livret.bilans.positionnementValue', { level: positionnementLabel(t, domain.positionnement) })}
          </Text>
        )}
        <TextOnBlur
          label={t('livret.bilans.appreciationOf', { domain: domain.label })}
          value={domain.appreciation}
          disabled={!canEdit}
          maxLength={1000}
          onSave={(appreciation) => onSave({ appreciation })}
        />
      </Stack>
    </fieldset>
  );
}

/** The accompaniment modalities: sensitive, the pupil's teachers and the director only. */
function Accompaniments({
  bilan,
  canEdit,
  onSave,
}: {
  bilan: PeriodicBilan;
  canEdit: boolean;
  onSave: (accompaniments: { code: Accompaniment; ppre_complement: string }[]) => void;
}) {
  const { t } = useTranslation();
  const chosen = bilan.accompaniments.map((row) => row.code);
  const ppre = bilan.accompaniments.find((row) => row.code === 'PPRE')?.ppre_complement ?? '';
  const [complement, setComplement] = useState(ppre);
  const body = (codes: Accompaniment[], text: string) =>
    codes.map((code) => ({ code, ppre_complement: code === 'PPRE' ? text : '' }));
  if (!canEdit) {
    // Read, not written: what applies, in text (greyed disabled boxes could not be read).
    return (
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('livret.bilans.accompaniments')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('livret.bilans.accompanimentsHint')}
        </Text>
        <Text size="sm">{chosen.length > 0 ? chosen.join(', ') : t('livret.bilans.noAccompaniment')}</Text>
        {chosen.includes('PPRE') && ppre !== '' && (
          <Text size="sm">
            {t('livret.bilans.ppreComplement')} : {ppre}
          </Text>
        )}
      </Stack>
    );
  }
  return (
    <Stack gap={4}>
      <Checkbox.Group
        label={t('livret.bilans.accompaniments')}
        description={t('livret.bilans.accompanimentsHint')}
        value={chosen}
        onChange={(codes) => onSave(body(codes as Accompaniment[], complement))}
      >
        <Group gap="md" mt={4} wrap="wrap">
          {ACCOMPANIMENTS.map((code) => (
            <Checkbox key={code} value={code} label={code} />
          ))}
        </Group>
      </Checkbox.Group>
      {chosen.includes('PPRE') && (
        <TextInput
          label={t('livret.bilans.ppreComplement')}
          value={complement}
          maxLength={600}
          onChange={(event) => setComplement(event.currentTarget.value)}
          onBlur={() => {
            if (complement !== ppre) onSave(body(chosen, complement));
          }}
        />
      )}
    </Stack>
  );
}
