import { Alert, CloseButton, Group, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import type { ChildEvaluation, ChildResult, Me } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { formatDayLong } from '../../shared/dates';
import { QueryState } from '../../shared/QueryState';
import { usePageTitle } from '../../shared/usePageTitle';
import { dismissBilanArrivals, useBilanArrivals } from './bilanNotices';
import { ChildBilans } from './FamilyBilans';
import { textColourOn } from './grid';
import classes from './Livret.module.css';
import { useChildEvaluations } from './hooks';

const CHILD_PARAM = 'enfant';

export interface LivretChild {
  id: number;
  first_name: string;
  last_name: string;
}

/** A guardian's children, or the pupil themself. */
export function livretChildren(me: Me): LivretChild[] {
  if (me.children.length > 0) return me.children;
  if (me.roles.includes('pupil') && me.person) return [me.person];
  return [];
}

/** "Livret" of the families: each child's communicated bilans and published evaluations. */
export function FamilyLivretPage() {
  const { t } = useTranslation();
  usePageTitle(t('livret.family.title'));
  const me = useCurrentUser();
  const children = livretChildren(me);
  const [params, setParams] = useSearchParams();
  const requested = Number(params.get(CHILD_PARAM));
  const selected = children.find((child) => child.id === requested) ?? children[0];

  return (
    <Stack gap="lg" maw={900}>
      <Title order={1}>{t('livret.family.title')}</Title>
      <ArrivalNotice pupils={children} />
      {children.length > 1 && (
        <SegmentedControl
          aria-label={t('livret.family.childSwitcher')}
          value={String(selected?.id ?? '')}
          onChange={(value) => {
            const next = new URLSearchParams(params);
            next.set(CHILD_PARAM, value);
            setParams(next, { replace: true });
          }}
          data={children.map((child) => ({ value: String(child.id), label: child.first_name }))}
          fullWidth
          maw={640}
        />
      )}
      {selected ? <ChildLivret key={selected.id} child={selected} /> : <Text>{t('livret.family.noChild')}</Text>}
    </Stack>
  );
}

/** "Un nouveau bilan est arrivé" when one was communicated while the page was open. */
function ArrivalNotice({ pupils }: { pupils: readonly LivretChild[] }) {
  const { t } = useTranslation();
  const arrivals = useBilanArrivals();
  const names = pupils.filter((child) => arrivals.includes(child.id)).map((child) => child.first_name);
  return (
    <div role="status" aria-live="polite">
      {names.length > 0 && (
        <Alert color="teal.9" variant="light">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text fw={600}>
              {t('livret.family.arrived')} ({names.join(', ')})
            </Text>
            <CloseButton aria-label={t('livret.family.dismiss')} onClick={dismissBilanArrivals} />
          </Group>
        </Alert>
      )}
    </div>
  );
}

function ChildLivret({ child }: { child: LivretChild }) {
  return (
    <Stack gap="lg">
      <ChildBilans child={child} />
      <ChildEvaluations child={child} />
    </Stack>
  );
}

function ChildEvaluations({ child }: { child: LivretChild }) {
  const { t } = useTranslation();
  const evaluations = useChildEvaluations(child.id);
  const headingId = `evaluations-${child.id}`;
  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Title order={2} fz="h3" id={headingId}>
        {t('livret.family.evaluationsOf', { name: child.first_name })}
      </Title>
      {evaluations.data === undefined ? (
        <QueryState query={evaluations} />
      ) : evaluations.data.length === 0 ? (
        <Text>{t('livret.family.noEvaluation')}</Text>
      ) : (
        evaluations.data.map((evaluation) => <ChildEvaluationCard key={evaluation.id} evaluation={evaluation} />)
      )}
    </Stack>
  );
}

export function LevelBadge({ result }: { result: Pick<ChildResult, 'level' | 'absent' | 'label' | 'colour'> | undefined }) {
  const { t } = useTranslation();
  if (!result || (!result.absent && result.level === null)) return <Text span size="sm">{t('livret.grid.empty')}</Text>;
  if (result.absent) return <Text span size="sm">{t('livret.grid.absent')}</Text>;
  const colour = result.colour ?? '#ffffff';
  return (
    <span className={classes.levelBadge} style={{ background: colour, color: textColourOn(colour) }}>
      {result.level} – {result.label}
    </span>
  );
}

function ChildEvaluationCard({ evaluation }: { evaluation: ChildEvaluation }) {
  const { t, i18n } = useTranslation();
  const titleId = `evaluation-${evaluation.id}`;
  return (
    <Paper component="article" aria-labelledby={titleId} withBorder p="sm">
      <Stack gap="xs">
        <Title order={3} fz="md" id={titleId}>
          {evaluation.title}
        </Title>
        <Text size="sm" c="dimmed">
          {formatDayLong(evaluation.date, i18n.language)}
        </Text>
        <Table verticalSpacing={4} fz="sm" aria-labelledby={titleId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('livret.family.element')}</Table.Th>
              <Table.Th scope="col">{t('livret.family.level')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {evaluation.elements.map((element) => (
              <Table.Tr key={element.id}>
                <Table.Th scope="row" fw={400}>
                  {element.label}
                </Table.Th>
                <Table.Td>
                  <LevelBadge result={evaluation.results.find((result) => result.element_id === element.id)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
