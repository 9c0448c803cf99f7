import { Alert, Anchor, Badge, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';

import { errorMessage } from '../../shared/errorMessage';
import { formatDate } from '../../shared/dates';
import { personName } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';
import { usePageTitle } from '../../shared/usePageTitle';
import type { PickupPerson, PupilRecord, PupilRecordEnrolment, PupilRecordGuardian } from './api';
import { GuardianContactForm, PickupPersonForm } from './forms';
import { useDeletePickupPerson, usePupilRecord } from './hooks';

type Editing =
  | { kind: 'pickup'; pickupPerson: PickupPerson | null }
  | { kind: 'guardian'; guardian: PupilRecordGuardian }
  | null;

/** A pupil's displayed name: the usage name when the family gave one. */
function pupilName(record: { first_name: string; last_name: string; usage_name: string }): string {
  return `${record.first_name} ${record.usage_name || record.last_name}`;
}

/**
 * "Fiche élève": who the child's guardians are and how to reach them, who else may pick the
 * child up, and the child's enrolments. For the class's teachers and the school's director;
 * the director edits (docs/pupil-record.md).
 */
export function PupilRecordPage() {
  const { t } = useTranslation();
  const pupilId = Number(useParams().pupilId);
  const record = usePupilRecord(pupilId);
  const name = record.data ? pupilName(record.data) : '';
  usePageTitle(name ? t('pupilRecord.title', { name }) : t('pupilRecord.pageTitle'));
  return (
    <Stack gap="lg" maw={900}>
      {record.data === undefined ? (
        <>
          <Title order={1}>{t('pupilRecord.pageTitle')}</Title>
          <QueryState query={record} title={t('pupilRecord.loadError')} />
        </>
      ) : (
        <RecordView record={record.data} />
      )}
    </Stack>
  );
}

function RecordView({ record }: { record: PupilRecord }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<Editing>(null);
  const current = record.enrolments.find((enrolment) => enrolment.is_current);
  const name = pupilName(record);
  const close = () => setEditing(null);
  return (
    <>
      <Stack gap={4}>
        <Title order={1}>{t('pupilRecord.title', { name })}</Title>
        <Text>
          {[
            record.birth_date && t('pupilRecord.bornOn', { date: formatDate(record.birth_date, i18n.language) }),
            current && t('pupilRecord.currentClass', { classroom: current.classroom_name, school: current.school_name }),
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="fiche-responsables">
        <Title order={2} fz="h3" id="fiche-responsables">
          {t('pupilRecord.guardians.title')}
        </Title>
        {record.guardians.length === 0 ? (
          <Text c="dimmed">{t('pupilRecord.guardians.empty')}</Text>
        ) : (
          <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
            {record.guardians.map((guardian) => (
              <GuardianRow
                key={guardian.guardianship_id}
                guardian={guardian}
                canEdit={record.can_edit}
                onEdit={() => setEditing({ kind: 'guardian', guardian })}
              />
            ))}
          </Stack>
        )}
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="fiche-autorises">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={2} fz="h3" id="fiche-autorises">
            {t('pupilRecord.pickup.title')}
          </Title>
          {record.can_edit && (
            <Button onClick={() => setEditing({ kind: 'pickup', pickupPerson: null })}>{t('pupilRecord.pickup.add')}</Button>
          )}
        </Group>
        <Text size="sm">{t('pupilRecord.pickup.intro')}</Text>
        {record.pickup_persons.length === 0 ? (
          <Text c="dimmed">{t('pupilRecord.pickup.empty')}</Text>
        ) : (
          <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
            {record.pickup_persons.map((pickupPerson) => (
              <PickupRow
                key={pickupPerson.id}
                pickupPerson={pickupPerson}
                canEdit={record.can_edit}
                onEdit={() => setEditing({ kind: 'pickup', pickupPerson })}
              />
            ))}
          </Stack>
        )}
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="fiche-scolarite">
        <Title order={2} fz="h3" id="fiche-scolarite">
          {t('pupilRecord.enrolments.title')}
        </Title>
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
          {record.enrolments.map((enrolment) => (
            <EnrolmentRow key={enrolment.id} enrolment={enrolment} />
          ))}
        </Stack>
      </Stack>

      <Modal
        opened={editing !== null}
        onClose={close}
        title={
          editing?.kind === 'guardian'
            ? t('pupilRecord.guardians.editTitle', { name: personName(editing.guardian) })
            : editing?.pickupPerson
              ? t('pupilRecord.pickup.editTitle')
              : t('pupilRecord.pickup.newTitle')
        }
        closeButtonProps={{ 'aria-label': t('pupilRecord.closeDialog') }}
      >
        {editing?.kind === 'guardian' && <GuardianContactForm guardian={editing.guardian} onDone={close} />}
        {editing?.kind === 'pickup' && (
          <PickupPersonForm
            key={editing.pickupPerson?.id ?? 'new'}
            pupilId={record.id}
            pickupPerson={editing.pickupPerson}
            onDone={close}
          />
        )}
      </Modal>
    </>
  );
}

function Contact({ phone, email }: { phone: string; email?: string }) {
  const { t } = useTranslation();
  if (!phone && !email) return <Text size="sm" c="dimmed">{t('pupilRecord.noContact')}</Text>;
  return (
    <Group gap="md" wrap="wrap">
      {phone && (
        <Anchor size="sm" href={`tel:${phone.replace(/\s/g, '')}`}>
          {phone}
        </Anchor>
      )}
      {email && (
        <Anchor size="sm" href={`mailto:${email}`} style={{ overflowWrap: 'anywhere' }}>
          {email}
        </Anchor>
      )}
    </Group>
  );
}

function GuardianRow({
  guardian,
  canEdit,
  onEdit,
}: {
  guardian: PupilRecordGuardian;
  canEdit: boolean;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const name = `${guardian.first_name} ${guardian.usage_name || guardian.last_name}`;
  return (
    <Paper component="li" withBorder px="sm" py="xs">
      <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600}>{name}</Text>
            <Text size="sm">{t(`pupilRecord.relationships.${guardian.relationship}`)}</Text>
            {guardian.is_legal && (
              <Badge variant="light" color="blue.9" style={{ textTransform: 'none' }}>
                {t('pupilRecord.guardians.legal')}
              </Badge>
            )}
          </Group>
          <Contact phone={guardian.phone} email={guardian.email} />
        </Stack>
        {canEdit && (
          <Button size="compact-sm" variant="default" onClick={onEdit} aria-label={t('pupilRecord.guardians.editLabel', { name })}>
            {t('pupilRecord.guardians.edit')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}

function PickupRow({ pickupPerson, canEdit, onEdit }: { pickupPerson: PickupPerson; canEdit: boolean; onEdit: () => void }) {
  const { t } = useTranslation();
  const remove = useDeletePickupPerson();
  const [confirming, setConfirming] = useState(false);
  const name = personName(pickupPerson);
  return (
    <Paper component="li" withBorder px="sm" py="xs">
      <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600}>{name}</Text>
            <Text size="sm">{pickupPerson.relationship}</Text>
          </Group>
          <Contact phone={pickupPerson.phone} />
          {pickupPerson.notes && <Text size="sm">{pickupPerson.notes}</Text>}
        </Stack>
        {canEdit &&
          (confirming ? (
            <Group gap="xs">
              <Button
                size="compact-sm"
                color="red.9"
                loading={remove.isPending}
                onClick={() => remove.mutate(pickupPerson.id, { onSuccess: () => setConfirming(false) })}
              >
                {t('pupilRecord.pickup.confirmDelete', { name })}
              </Button>
              <Button size="compact-sm" variant="default" onClick={() => setConfirming(false)}>
                {t('pupilRecord.keep')}
              </Button>
            </Group>
          ) : (
            <Group gap="xs">
              <Button size="compact-sm" variant="default" onClick={onEdit} aria-label={t('pupilRecord.pickup.editLabel', { name })}>
                {t('pupilRecord.edit')}
              </Button>
              <Button
                size="compact-sm"
                variant="default"
                onClick={() => setConfirming(true)}
                aria-label={t('pupilRecord.pickup.deleteLabel', { name })}
              >
                {t('pupilRecord.delete')}
              </Button>
            </Group>
          ))}
      </Group>
      {remove.isError && (
        <Alert color="red" variant="outline" role="alert" mt="xs" p="xs">
          {errorMessage(remove.error, t)}
        </Alert>
      )}
    </Paper>
  );
}

function EnrolmentRow({ enrolment }: { enrolment: PupilRecordEnrolment }) {
  const { t, i18n } = useTranslation();
  const start = formatDate(enrolment.start_date, i18n.language);
  const dates = enrolment.end_date
    ? t('pupilRecord.enrolments.fromTo', { start, end: formatDate(enrolment.end_date, i18n.language) })
    : t('pupilRecord.enrolments.since', { start });
  return (
    <Paper component="li" withBorder px="sm" py="xs">
      <Group gap="xs" wrap="wrap">
        <Text fw={600}>{t('pupilRecord.enrolments.year', { year: enrolment.school_year })}</Text>
        <Text>
          {enrolment.school_name} · {enrolment.classroom_name} ({enrolment.level})
        </Text>
        {enrolment.is_current && (
          <Badge variant="light" color="teal.9" style={{ textTransform: 'none' }}>
            {t('pupilRecord.enrolments.current')}
          </Badge>
        )}
      </Group>
      <Text size="sm">{dates}</Text>
    </Paper>
  );
}
