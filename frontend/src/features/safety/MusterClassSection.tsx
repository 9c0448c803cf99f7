import { Button, Collapse, Paper, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { personName } from '../../shared/labels';
import wrapping from '../../shared/WrappingButton.module.css';
import { AssignForm, type Assigning } from './AssignForm';
import { clockAt, totalsLabel } from './labels';
import classes from './Safety.module.css';
import type { ShownClass, ShownPupil } from './shownMuster';

interface MusterClassSectionProps {
  group: ShownClass;
  /** A class of someone else: its list folds away (the adult looks after their own first). */
  collapsible: boolean;
  defaultOpen: boolean;
  /** Null once the muster is over: the list is read-only. */
  onTap: ((pupil: ShownPupil) => void) | null;
  /** The director's « Confier la classe à » (null: not the director, or the muster is over). */
  assigning: Assigning | null;
}

/** One class: who leads it out, its count, who is missing, and its pupils to tap. */
export function MusterClassSection({ group, collapsible, defaultOpen, onTap, assigning }: MusterClassSectionProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(defaultOpen || !collapsible);
  const headingId = useId();
  const panelId = useId();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="sm" radius="md">
      <Stack gap="xs">
        {/* Under the page's « Vos classes » or « Autres classes ». */}
        <Title order={3} fz="h4" id={headingId}>
          {collapsible ? (
            <Button
              variant="subtle"
              color="dark"
              className={classes.disclosure}
              aria-expanded={open}
              aria-controls={panelId}
              onClick={() => setOpen((was) => !was)}
            >
              <span aria-hidden="true">{open ? '▾' : '▸'}&nbsp;</span>
              {group.classroom_name}
            </Button>
          ) : (
            group.classroom_name
          )}
        </Title>
        <Text size="sm">
          {group.responsible_name
            ? t('safety.muster.responsible', { name: group.responsible_name })
            : t('safety.muster.noResponsible')}
        </Text>
        <Text fw={700}>{totalsLabel(t, group)}</Text>
        <Text fw={group.missing > 0 ? 700 : 400} c={group.missing > 0 ? 'red.9' : undefined}>
          {group.missing > 0
            ? t('safety.muster.stillMissing', { names: group.stillMissing.map((pupil) => personName(pupil)).join(', ') })
            : t('safety.muster.noneMissing')}
        </Text>
        {assigning && (
          <AssignForm
            classroomId={group.classroom_id}
            classroomName={group.classroom_name}
            responsibleId={group.responsible_id}
            assigning={assigning}
          />
        )}
        <Collapse expanded={open} id={panelId}>
          <Stack gap="sm" pt="xs">
            {group.present.length + group.absent.length === 0 && <Text>{t('safety.muster.noPupils')}</Text>}
            {group.present.length > 0 && (
              <PupilList
                pupils={group.present}
                label={t('safety.muster.pupils', { classroom: group.classroom_name })}
                onTap={onTap}
              />
            )}
            {group.absent.length > 0 && (
              <Stack gap={4}>
                <Title order={4} fz="h5">
                  {t('safety.muster.absentAtCall')}
                </Title>
                {onTap && <Text size="sm">{t('safety.muster.absentHelp')}</Text>}
                <PupilList
                  pupils={group.absent}
                  label={`${t('safety.muster.absentAtCall')} · ${group.classroom_name}`}
                  onTap={onTap}
                />
              </Stack>
            )}
          </Stack>
        </Collapse>
      </Stack>
    </Paper>
  );
}

interface PupilListProps {
  pupils: ShownPupil[];
  label: string;
  onTap: MusterClassSectionProps['onTap'];
}

function PupilList({ pupils, label, onTap }: PupilListProps) {
  return (
    <ul className={classes.pupils} aria-label={label}>
      {pupils.map((pupil) => (
        <li key={pupil.pupil_id}>
          {onTap ? <PupilToggle pupil={pupil} onTap={() => onTap(pupil)} /> : <PupilLine pupil={pupil} />}
        </li>
      ))}
    </ul>
  );
}

function useStateText(pupil: ShownPupil): string {
  const { t, i18n } = useTranslation();
  if (!pupil.found) return t('safety.muster.toFind');
  if (pupil.pending || pupil.found_at === null) return t('safety.muster.foundPending');
  return t('safety.muster.foundAt', { time: clockAt(pupil.found_at, i18n.language) });
}

/**
 * A big toggle (pressed = found), named by its own text — the pupil and the state — so that
 * what is heard is what is shown (WCAG 2.5.3).
 */
function PupilToggle({ pupil, onTap }: { pupil: ShownPupil; onTap: () => void }) {
  const state = useStateText(pupil);
  return (
    <Button
      variant={pupil.found ? 'filled' : 'default'}
      color={pupil.found ? 'teal.9' : undefined}
      className={classes.toggle}
      classNames={{ inner: wrapping.inner, label: wrapping.label }}
      aria-pressed={pupil.found}
      onClick={onTap}
    >
      <Stack gap={0} align="flex-start">
        <Text component="span" fw={700} className={classes.name}>
          {personName(pupil)}
        </Text>{' '}
        <Text component="span" size="sm">
          {state}
        </Text>
      </Stack>
    </Button>
  );
}

/** The read-only line of a muster that is over. */
function PupilLine({ pupil }: { pupil: ShownPupil }) {
  const state = useStateText(pupil);
  return (
    <Text>
      <Text component="span" fw={700}>
        {personName(pupil)}
      </Text>
      {' — '}
      {state}
    </Text>
  );
}
