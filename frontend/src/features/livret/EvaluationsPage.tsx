import { Badge, Button, Checkbox, Group, Modal, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import type { ClassroomDetail, Cycle, Evaluation, ProgrammeDomain } from '../../api/types';
import { formatDayLong, todayAtSchool } from '../../shared/dates';
import { FormErrorAlert, splitFieldErrors } from '../../shared/formErrors';
import { QueryState } from '../../shared/QueryState';
import { cyclesOfLevels } from './grid';
import { useClassroomEvaluations, useCreateEvaluation, useProgramme } from './hooks';
import { LivretClassroomPage, PeriodSelect, usePeriodChoice, type LivretClassroomAccess } from './LivretFrame';
import { gridPath } from './paths';

/** "Évaluations" of a class (its teachers, the director): by period; teachers add one. */
export function EvaluationsPage() {
  return <LivretClassroomPage page="evaluations">{(access) => <EvaluationsContent {...access} />}</LivretClassroomPage>;
}

function EvaluationsContent({ classroom, isTeacher, isDirector }: LivretClassroomAccess) {
  const { t } = useTranslation();
  const { periods, list, period, select } = usePeriodChoice(classroom.school.id);
  const evaluations = useClassroomEvaluations(classroom.id, period?.id ?? null, periods.isSuccess);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();

  return (
    <Stack gap="md" component="section" aria-labelledby="evaluations-liste">
      <Title order={2} fz="h3" id="evaluations-liste">
        {period ? t('livret.evaluations.ofPeriod', { period: period.label }) : t('livret.evaluations.all')}
      </Title>
      <Group align="flex-end" gap="md" wrap="wrap">
        {periods.data ? <PeriodSelect periods={list} period={period} onChange={select} /> : <QueryState query={periods} />}
        {(isTeacher || isDirector) && (
          <Button onClick={() => setCreating(true)}>{t('livret.evaluations.add')}</Button>
        )}
      </Group>
      {evaluations.data === undefined ? (
        periods.isSuccess && <QueryState query={evaluations} />
      ) : evaluations.data.length === 0 ? (
        <Text>{t('livret.evaluations.empty')}</Text>
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {evaluations.data.map((evaluation) => (
            <li key={evaluation.id}>
              <EvaluationCard evaluation={evaluation} />
            </li>
          ))}
        </Stack>
      )}
      <CreateEvaluationModal
        classroom={classroom}
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(evaluation) => {
          setCreating(false);
          void navigate(gridPath(evaluation.id));
        }}
      />
    </Stack>
  );
}

function EvaluationCard({ evaluation }: { evaluation: Evaluation }) {
  const { t, i18n } = useTranslation();
  const titleId = `evaluation-${evaluation.id}`;
  return (
    <Paper component="article" aria-labelledby={titleId} withBorder p="sm">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={3} fz="md" id={titleId}>
            {evaluation.title}
          </Title>
          {evaluation.published_at ? (
            <Badge color="teal.9" variant="filled">
              {t('livret.evaluations.published')}
            </Badge>
          ) : (
            <Badge color="gray.8" variant="outline">
              {t('livret.evaluations.draft')}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {formatDayLong(evaluation.date, i18n.language)} ·{' '}
          {t('livret.evaluations.elementCount', { count: evaluation.elements.length })} ·{' '}
          {t('livret.evaluations.resultCount', { count: evaluation.result_count })}
        </Text>
        <Text size="sm">{evaluation.elements.map((element) => element.label).join(' ; ')}</Text>
        <Button
          component={Link}
          to={gridPath(evaluation.id)}
          variant="light"
          size="xs"
          w="fit-content"
          aria-label={t('livret.evaluations.openGridLabel', { title: evaluation.title })}
        >
          {t('livret.evaluations.openGrid')}
        </Button>
      </Stack>
    </Paper>
  );
}

const FIELDS = ['title', 'date', 'elements'];

function CreateEvaluationModal({
  classroom,
  opened,
  onClose,
  onCreated,
}: {
  classroom: ClassroomDetail;
  opened: boolean;
  onClose: () => void;
  onCreated: (evaluation: Evaluation) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('livret.evaluations.newTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('timetable.closeDialog') }}
    >
      {opened && <CreateEvaluationForm classroom={classroom} onCancel={onClose} onCreated={onCreated} />}
    </Modal>
  );
}

function CreateEvaluationForm({
  classroom,
  onCancel,
  onCreated,
}: {
  classroom: ClassroomDetail;
  onCancel: () => void;
  onCreated: (evaluation: Evaluation) => void;
}) {
  const { t } = useTranslation();
  const cycles = cyclesOfLevels(classroom.levels);
  const [cycle, setCycle] = useState<Cycle | undefined>(cycles[0]);
  const programme = useProgramme(classroom.school.id, cycle);
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(todayAtSchool());
  const [elements, setElements] = useState<number[]>([]);
  const [missing, setMissing] = useState<string[]>([]);
  const create = useCreateEvaluation(classroom.id);
  const { fieldError, otherMessages } = splitFieldErrors(create.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const absent = [!title.trim() && 'title', !date && 'date', elements.length === 0 && 'elements'].filter(
      (name): name is string => Boolean(name),
    );
    setMissing(absent);
    if (absent.length > 0) return;
    create.mutate({ title: title.trim(), date, elements }, { onSuccess: onCreated });
  };
  const missingText: Record<string, string> = {
    title: t('livret.evaluations.missing.title'),
    date: t('livret.evaluations.missing.date'),
    elements: t('livret.evaluations.missing.elements'),
  };
  const error = (name: string): string | undefined => (missing.includes(name) ? missingText[name] : fieldError(name));

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormErrorAlert error={create.error} otherMessages={otherMessages} />
        <TextInput
          label={t('livret.evaluations.fields.title')}
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          error={error('title')}
          maxLength={200}
          required
          data-autofocus
        />
        <TextInput
          type="date"
          label={t('livret.evaluations.fields.date')}
          value={date}
          onChange={(event) => setDate(event.currentTarget.value)}
          error={error('date')}
          required
          maw={200}
        />
        {cycles.length > 1 && (
          <SegmentedControl
            aria-label={t('livret.evaluations.fields.cycle')}
            value={cycle}
            onChange={(value) => setCycle(value as Cycle)}
            data={cycles.map((c) => ({ value: c, label: t('livret.cycle', { cycle: c }) }))}
          />
        )}
        <Stack gap={4} role="group" aria-labelledby="elements-programme">
          <Text fw={600} size="sm" id="elements-programme">
            {t('livret.evaluations.fields.elements')}{' '}
            <Text span c="dimmed" size="sm">
              {t('livret.evaluations.selected', { count: elements.length })}
            </Text>
          </Text>
          {error('elements') && (
            <Text c="red.8" size="sm" role="alert">
              {error('elements')}
            </Text>
          )}
          {programme.data === undefined ? (
            <QueryState query={programme} />
          ) : (
            <ProgrammeTree domains={programme.data.domains} selected={elements} onChange={setElements} />
          )}
        </Stack>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('livret.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('livret.evaluations.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The programme of the cycle: a domain (with its sub-domains) per fold, elements as boxes. */
export function ProgrammeTree({
  domains,
  selected,
  onChange,
}: {
  domains: readonly ProgrammeDomain[];
  selected: readonly number[];
  onChange: (ids: number[]) => void;
}) {
  const { t } = useTranslation();
  const roots = domains.filter((domain) => domain.parent_id === null);
  const childrenOf = (id: number) => domains.filter((domain) => domain.parent_id === id);
  const toggle = (id: number, checked: boolean) =>
    onChange(checked ? [...selected, id] : selected.filter((value) => value !== id));
  const elementBoxes = (domain: ProgrammeDomain) =>
    domain.elements.map((element) => (
      <Checkbox
        key={element.id}
        label={element.label}
        checked={selected.includes(element.id)}
        onChange={(event) => toggle(element.id, event.currentTarget.checked)}
      />
    ));
  return (
    <Stack gap={4} mah={360} style={{ overflowY: 'auto' }} tabIndex={-1}>
      {roots.map((root) => {
        const subs = childrenOf(root.id);
        const ids = [root, ...subs].flatMap((domain) => domain.elements.map((element) => element.id));
        const count = ids.filter((id) => selected.includes(id)).length;
        if (ids.length === 0) return null;
        return (
          <details key={root.id} open={count > 0 || undefined}>
            <summary style={{ cursor: 'pointer', padding: '4px 0', fontWeight: 600 }}>
              {root.label}
              {count > 0 && ` — ${t('livret.evaluations.selected', { count })}`}
            </summary>
            <Stack gap={6} pl="md" py={4}>
              {elementBoxes(root)}
              {subs
                .filter((sub) => sub.elements.length > 0)
                .map((sub) => (
                  <fieldset key={sub.id} style={{ border: 0, margin: 0, padding: 0 }}>
                    <legend style={{ fontStyle: 'italic', padding: 0, marginBottom: 4 }}>{sub.label}</legend>
                    <Stack gap={6}>{elementBoxes(sub)}</Stack>
                  </fieldset>
                ))}
            </Stack>
          </details>
        );
      })}
    </Stack>
  );
}
