import { Button, Group, NativeSelect, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '../../shared/errorMessage';

/** A member of the school's staff who may lead a class out. */
export interface StaffOption {
  personId: number;
  name: string;
}

/**
 * The director's reassignments, held by the page rather than by each form: when the
 * director takes a class, it moves to « Vos classes » (a new form) — sometimes before the
 * answer, when the live event comes first — and what was done must still be said.
 */
export interface Assigning {
  staff: StaffOption[];
  assign: (classroomId: number, responsible: StaffOption) => void;
  /** The classroom whose assignment is on its way. */
  pendingFor: number | null;
  /** The classroom whose last assignment failed, and why. */
  failed: { classroomId: number; error: unknown } | null;
  /** Whom each class was put in the charge of from this page. */
  done: ReadonlyMap<number, string>;
}

interface AssignFormProps {
  classroomId: number;
  classroomName: string;
  responsibleId: number | null;
  assigning: Assigning;
}

/**
 * The director puts the class in a colleague's charge (its teacher is absent or elsewhere).
 * A select and a button: choosing in the list never sends anything on its own (WCAG 3.2.2).
 */
export function AssignForm({ classroomId, classroomName, responsibleId, assigning }: AssignFormProps) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string>(responsibleId === null ? '' : String(responsibleId));
  // Someone else changed who leads the class (live): the select shows it again.
  const [shownFor, setShownFor] = useState(responsibleId);
  if (shownFor !== responsibleId) {
    setShownFor(responsibleId);
    setChosen(responsibleId === null ? '' : String(responsibleId));
  }
  const options = [
    ...(responsibleId === null ? [{ value: '', label: '—' }] : []),
    ...assigning.staff.map((member) => ({ value: String(member.personId), label: member.name })),
  ];
  const unchanged = chosen === '' || chosen === String(responsibleId);
  const failed = assigning.failed?.classroomId === classroomId ? assigning.failed : null;
  const done = assigning.done.get(classroomId);

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const member = assigning.staff.find((option) => String(option.personId) === chosen);
        if (!unchanged && member) assigning.assign(classroomId, member);
      }}
    >
      <Group gap="xs" align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('safety.muster.assign', { classroom: classroomName })}
          value={chosen}
          onChange={(event) => setChosen(event.currentTarget.value)}
          data={options}
          size="md"
          style={{ flex: '1 1 14rem' }}
        />
        <Button
          type="submit"
          variant="default"
          size="md"
          disabled={unchanged}
          loading={assigning.pendingFor === classroomId}
        >
          {t('safety.muster.assignSubmit')}
        </Button>
      </Group>
      <Text size="sm" role="status" c={failed ? 'red.9' : 'teal.9'} mt={4}>
        {failed ? errorMessage(failed.error, t) : done ? t('safety.muster.assigned', { name: done }) : ''}
      </Text>
    </form>
  );
}
