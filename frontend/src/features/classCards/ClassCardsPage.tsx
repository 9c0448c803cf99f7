import { Alert, Anchor, Badge, Button, Group, Modal, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { errorMessage } from '../../shared/errorMessage';
import { QueryState } from '../../shared/QueryState';
import { usePageTitle } from '../../shared/usePageTitle';
import { whenLabel } from '../safety/labels';
import type { ClassCard, ClassDevice } from './api';
import {
  useClassCards,
  useClassDevices,
  useClassroomOfCards,
  useEnrolDevice,
  usePrintCards,
  useResetCard,
  useRevokeDevice,
} from './hooks';
import { DEVICE_PATH } from './paths';

const PUPILS_HEADING = 'cartes-eleves';
const DEVICES_HEADING = 'cartes-appareils';

/**
 * « Cartes de classe » of a classroom, for its teachers and the school's director: the
 * pupils, their card and who is signed in now; print the cards, reset one; enrol this
 * device for the class, and the devices enrolled.
 */
export function ClassCardsPage() {
  const { t } = useTranslation();
  const classroomId = Number(useParams().classroomId);
  const classroom = useClassroomOfCards(classroomId);
  const title = classroom.data
    ? t('classCards.teacher.titleOf', { classroom: classroom.data.name })
    : t('classCards.teacher.title');
  usePageTitle(title);

  return (
    <Stack gap="xl" maw={1100}>
      <Stack gap="xs">
        <Title order={1}>{title}</Title>
        <Text>{t('classCards.teacher.intro')}</Text>
      </Stack>
      <PupilsSection classroomId={classroomId} />
      <DevicesSection classroomId={classroomId} />
    </Stack>
  );
}

function PupilsSection({ classroomId }: { classroomId: number }) {
  const { t, i18n } = useTranslation();
  const cards = useClassCards(classroomId);
  const print = usePrintCards(classroomId);
  const [resetting, setResetting] = useState<ClassCard | null>(null);
  const reset = useResetCard(classroomId);
  const alreadyPrinted = print.isError && print.error.code === 'cards_already_printed';

  return (
    <Stack component="section" aria-labelledby={PUPILS_HEADING} gap="sm">
      <Title order={2} id={PUPILS_HEADING}>
        {t('classCards.teacher.pupils')}
      </Title>
      <Group gap="sm">
        <Button onClick={() => print.mutate({ reprint: false })} loading={print.isPending && !print.variables.reprint}>
          {t('classCards.teacher.print')}
        </Button>
      </Group>
      <Text size="sm">{t('classCards.teacher.printHelp')}</Text>
      {print.isSuccess && (
        <Text role="status" c="teal.9" fw={600}>
          {t('classCards.teacher.printed')}
        </Text>
      )}
      {print.isError && (
        <Alert color="red.9" variant="outline" role="alert" title={t('classCards.teacher.printError')}>
          <Stack gap="sm">
            <Text>{errorMessage(print.error, t)}</Text>
            {alreadyPrinted && (
              <Button
                variant="default"
                w="fit-content"
                onClick={() => print.mutate({ reprint: true })}
                loading={print.isPending}
              >
                {t('classCards.teacher.reprint')}
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      {cards.data === undefined ? (
        <QueryState query={cards} />
      ) : cards.data.length === 0 ? (
        <Text>{t('classCards.teacher.noPupils')}</Text>
      ) : (
        <div
          style={{ overflowX: 'auto' }}
          tabIndex={0}
          role="region"
          aria-label={t('a11y.scrollTable', { caption: t('classCards.teacher.pupils') })}
        >
          <Table withTableBorder verticalSpacing={6} aria-labelledby={PUPILS_HEADING}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('classCards.teacher.pupil')}</Table.Th>
                <Table.Th scope="col">{t('classCards.teacher.card')}</Table.Th>
                <Table.Th scope="col">{t('classCards.teacher.now')}</Table.Th>
                <Table.Th scope="col">{t('classCards.teacher.lastSignIn')}</Table.Th>
                <Table.Th scope="col">{t('classCards.teacher.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cards.data.map((card) => {
                const name = `${card.first_name} ${card.last_name}`;
                return (
                  <Table.Tr key={card.pupil_id}>
                    <Table.Th scope="row">{name}</Table.Th>
                    <Table.Td>{cardState(t, card)}</Table.Td>
                    <Table.Td>
                      {card.signed_in_now ? (
                        <Badge color="teal.9" variant="filled" tt="none">
                          {t('classCards.teacher.signedIn')}
                        </Badge>
                      ) : (
                        t('classCards.teacher.notSignedIn')
                      )}
                    </Table.Td>
                    <Table.Td>
                      {card.last_sign_in_at
                        ? t('classCards.teacher.lastSignInOn', {
                            when: whenLabel(t, card.last_sign_in_at, i18n.language),
                            device: card.last_sign_in_device ?? '',
                          })
                        : t('classCards.teacher.never')}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        {card.has_card && !card.printed_at && (
                          <Button
                            variant="default"
                            size="xs"
                            onClick={() => print.mutate({ pupils: [card.pupil_id], reprint: true })}
                            aria-label={t('classCards.teacher.printOneOf', { name })}
                          >
                            {t('classCards.teacher.printOne')}
                          </Button>
                        )}
                        <Button
                          variant="default"
                          size="xs"
                          onClick={() => {
                            reset.reset();
                            setResetting(card);
                          }}
                          aria-label={t('classCards.teacher.resetOf', { name })}
                        >
                          {t('classCards.teacher.reset')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {reset.isSuccess && (
        <Text role="status" c="teal.9" fw={600}>
          {t('classCards.teacher.resetDone', { name: reset.data.name })}
        </Text>
      )}
      <Modal
        opened={resetting !== null}
        onClose={() => setResetting(null)}
        title={t('classCards.teacher.resetTitle')}
        closeButtonProps={{ 'aria-label': t('classCards.teacher.cancel') }}
      >
        {resetting && (
          <Stack gap="md">
            <Text>{t('classCards.teacher.resetConfirm', { name: `${resetting.first_name} ${resetting.last_name}` })}</Text>
            {reset.isError && (
              <Alert color="red.9" variant="outline" role="alert">
                {errorMessage(reset.error, t)}
              </Alert>
            )}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setResetting(null)}>
                {t('classCards.teacher.cancel')}
              </Button>
              <Button
                color="red.9"
                loading={reset.isPending}
                onClick={() =>
                  reset.mutate(
                    { pupilId: resetting.pupil_id, name: `${resetting.first_name} ${resetting.last_name}` },
                    { onSuccess: () => setResetting(null) },
                  )
                }
              >
                {t('classCards.teacher.resetYes')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

function cardState(t: TFunction, card: ClassCard): string {
  if (!card.has_card) return t('classCards.teacher.noCard');
  if (!card.printed_at) return t('classCards.teacher.toPrint');
  return t('classCards.teacher.cardPrinted');
}

function DevicesSection({ classroomId }: { classroomId: number }) {
  const { t, i18n } = useTranslation();
  const devices = useClassDevices(classroomId);
  const revoke = useRevokeDevice(classroomId);
  const enrolled = (devices.data ?? []).filter((device) => device.revoked_at === null);
  const thisOne = enrolled.find((device) => device.is_this_device);

  return (
    <Stack component="section" aria-labelledby={DEVICES_HEADING} gap="sm">
      <Title order={2} id={DEVICES_HEADING}>
        {t('classCards.teacher.devices')}
      </Title>
      <Text>{t('classCards.teacher.devicesHelp')}</Text>
      {thisOne ? (
        <Paper withBorder p="md" radius="md">
          <Group justify="space-between" gap="sm">
            <Text fw={600}>{t('classCards.teacher.thisDeviceIs', { name: thisOne.name })}</Text>
            <Button component={Link} to={DEVICE_PATH}>
              {t('classCards.teacher.openDevicePage')}
            </Button>
          </Group>
        </Paper>
      ) : (
        devices.data !== undefined && <EnrolForm classroomId={classroomId} count={enrolled.length} />
      )}
      {devices.data === undefined ? (
        <QueryState query={devices} />
      ) : enrolled.length === 0 ? (
        <Text>{t('classCards.teacher.noDevices')}</Text>
      ) : (
        <Stack
          component="ul"
          gap="xs"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label={t('classCards.teacher.enrolledDevices')}
        >
          {enrolled.map((device) => (
            <li key={device.id}>
              <DeviceLine device={device} language={i18n.language} onRevoke={() => revoke.mutate(device.id)} />
            </li>
          ))}
        </Stack>
      )}
      {revoke.isError && (
        <Alert color="red.9" variant="outline" role="alert">
          {errorMessage(revoke.error, t)}
        </Alert>
      )}
      <Anchor component={Link} to={DEVICE_PATH} w="fit-content">
        {t('classCards.teacher.devicePageLink')}
      </Anchor>
    </Stack>
  );
}

function DeviceLine({ device, language, onRevoke }: { device: ClassDevice; language: string; onRevoke: () => void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" radius="md">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Stack gap={2}>
          <Text fw={700}>
            {device.name}
            {device.is_this_device && ` · ${t('classCards.teacher.thisDevice')}`}
          </Text>
          <Text size="sm">
            {t('classCards.teacher.enrolledBy', {
              name: device.enrolled_by_name,
              when: whenLabel(t, device.enrolled_at, language),
            })}
            {device.last_used_at && ` · ${t('classCards.teacher.lastUsed', { when: whenLabel(t, device.last_used_at, language) })}`}
          </Text>
        </Stack>
        <Button variant="default" color="red.9" onClick={onRevoke} aria-label={t('classCards.teacher.revokeOf', { name: device.name })}>
          {t('classCards.teacher.revoke')}
        </Button>
      </Group>
    </Paper>
  );
}

/** « Enregistrer cette tablette pour la classe »: a name, and the device gets its cookie. */
function EnrolForm({ classroomId, count }: { classroomId: number; count: number }) {
  const { t } = useTranslation();
  const [name, setName] = useState(t('classCards.teacher.defaultName', { number: count + 1 }));
  const enrol = useEnrolDevice(classroomId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    enrol.mutate(name);
  };
  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={submit} aria-labelledby="enrol-title">
      <Stack gap="sm">
        <Title order={3} fz="h4" id="enrol-title">
          {t('classCards.teacher.enrolTitle')}
        </Title>
        <Text size="sm">{t('classCards.teacher.enrolHelp')}</Text>
        <TextInput
          label={t('classCards.teacher.deviceName')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={60}
          required
          error={enrol.isError ? errorMessage(enrol.error, t, { name: t('classCards.teacher.deviceName') }) : undefined}
          maw={360}
        />
        <Button type="submit" loading={enrol.isPending} w="fit-content">
          {t('classCards.teacher.enrol')}
        </Button>
      </Stack>
    </Paper>
  );
}
