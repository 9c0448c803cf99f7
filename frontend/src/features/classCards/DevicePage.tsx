import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { FullPageLoader } from '../../shared/FullPageLoader';
import { PublicPageShell } from '../../shared/PublicPageShell';
import { usePageTitle } from '../../shared/usePageTitle';
import { rememberClassTablet } from './classTablet';
import classes from './ClassCards.module.css';
import type { DevicePupil, Picture, PictureKey } from './api';
import { useCardSignIn, useDevice } from './hooks';
import { PictureGrid, toggled } from './PictureGrid';
import { QrScanner } from './QrScanner';
import { closedMessage, pictureLabel, refusalOf, type Refusal } from './refusals';

type Step = { kind: 'names' } | { kind: 'pictures'; pupil: DevicePupil } | { kind: 'card' };

/**
 * « /classe », the classroom's tablet (public: the device's cookie says which class it
 * is). The class's first names as big buttons; a child taps their own, then their two
 * pictures out of nine — or shows their printed card to the camera. Signed in, the child
 * lands on their home page.
 */
export function DevicePage() {
  const { t } = useTranslation();
  usePageTitle(t('classCards.device.title'));
  const device = useDevice();
  const [step, setStep] = useState<Step>({ kind: 'names' });
  // Signing out on this tablet comes back here (classTablet.ts).
  const refused = device.isError && device.error.status === 403;
  useEffect(() => {
    if (device.isSuccess) rememberClassTablet(true);
    else if (refused) rememberClassTablet(false);
  }, [device.isSuccess, refused]);

  let content;
  if (device.isPending) {
    content = <FullPageLoader />;
  } else if (device.isError) {
    content = <RefusalAlert refusal={refusalOf(device.error, t)} onRetry={() => void device.refetch()} />;
  } else if (!device.data.cards_open) {
    content = (
      <RefusalAlert
        refusal={{ kind: 'closed', title: t('classCards.refusal.closed.title'), message: closedMessage(t, device.data) }}
      />
    );
  } else if (step.kind === 'pictures') {
    content = (
      <PicturesStep
        key={step.pupil.id}
        pupil={step.pupil}
        pictures={device.data.pictures}
        onBack={() => setStep({ kind: 'names' })}
      />
    );
  } else if (step.kind === 'card') {
    content = <CardStep onBack={() => setStep({ kind: 'names' })} />;
  } else {
    content = (
      <NamesStep
        pupils={device.data.pupils}
        onPupil={(pupil) => setStep({ kind: 'pictures', pupil })}
        onCard={() => setStep({ kind: 'card' })}
      />
    );
  }

  return (
    <PublicPageShell
      title={device.data ? t('classCards.device.titleOf', { classroom: device.data.classroom.name }) : t('classCards.device.title')}
      width={960}
    >
      {content}
    </PublicPageShell>
  );
}

/** A step's heading takes the focus when the step opens: a screen reader says where one is. */
function StepHeading({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Title order={2} fz={{ base: 26, sm: 32 }} ref={ref} tabIndex={-1} ta="center">
      {children}
    </Title>
  );
}

function NamesStep({
  pupils,
  onPupil,
  onCard,
}: {
  pupils: readonly DevicePupil[];
  onPupil: (pupil: DevicePupil) => void;
  onCard: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <StepHeading>{t('classCards.device.whoAreYou')}</StepHeading>
      {pupils.length === 0 ? (
        <Text fz="xl" ta="center">
          {t('classCards.device.noPupils')}
        </Text>
      ) : (
        <ul className={classes.names} aria-label={t('classCards.device.names')}>
          {pupils.map((pupil) => (
            <li key={pupil.id}>
              <Button variant="white" color="blue.9" className={classes.name} onClick={() => onPupil(pupil)}>
                {pupil.first_name}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Group justify="center">
        <Button size="xl" className={classes.big} onClick={onCard}>
          {t('classCards.device.showMyCard')}
        </Button>
      </Group>
    </Stack>
  );
}

function PicturesStep({
  pupil,
  pictures,
  onBack,
}: {
  pupil: DevicePupil;
  pictures: readonly Picture[];
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<PictureKey[]>([]);
  const signIn = useCardSignIn();
  const refusal = signIn.isError ? refusalOf(signIn.error, t) : null;

  const shown = pictures.map((picture) => ({
    key: picture.key as PictureKey,
    label: pictureLabel(t, picture),
    url: picture.url,
  }));
  const choose = (key: PictureKey) => {
    const next = toggled(chosen, key);
    setChosen(next);
    if (next.length === 2) {
      signIn.mutate(
        { pupil: pupil.id, pictures: next },
        // A refusal: the pictures are taken back, the child tries again.
        { onError: () => setChosen([]) },
      );
    }
  };

  return (
    <Stack gap="lg">
      <StepHeading>{t('classCards.device.hello', { name: pupil.first_name })}</StepHeading>
      <Text fz="xl" ta="center">
        {t('classCards.device.touchTwo')}
      </Text>
      {refusal && <RefusalAlert refusal={refusal} />}
      <PictureGrid
        pictures={shown}
        chosen={chosen}
        onToggle={choose}
        disabled={signIn.isPending || refusal?.kind === 'throttled'}
        label={t('classCards.device.picturesOf', { name: pupil.first_name })}
      />
      <Group justify="center">
        <Button variant="default" size="xl" className={classes.big} onClick={onBack}>
          {t('classCards.device.notMe')}
        </Button>
      </Group>
    </Stack>
  );
}

function CardStep({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const signIn = useCardSignIn();
  const refusal = signIn.isError ? refusalOf(signIn.error, t) : null;
  return (
    <Stack gap="lg">
      <StepHeading>{t('classCards.device.cardTitle')}</StepHeading>
      {refusal && <RefusalAlert refusal={refusal} />}
      {signIn.isPending && (
        <Text fz="xl" ta="center" role="status">
          {t('classCards.device.checking')}
        </Text>
      )}
      <QrScanner
        paused={signIn.isPending || signIn.isSuccess}
        onCode={(token) => signIn.mutate({ qr: token })}
      />
      <Group justify="center">
        <Button variant="default" size="xl" className={classes.big} onClick={onBack}>
          {t('classCards.device.back')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Why the tablet said no, in words a child (or the teacher) understands. */
function RefusalAlert({ refusal, onRetry }: { refusal: Refusal; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p={0} radius="md">
      <Alert color="red.9" variant="outline" role="alert" title={refusal.title} styles={{ title: { fontSize: '1.5rem' } }}>
        <Stack gap="sm">
          <Text fz="xl">{refusal.message}</Text>
          {onRetry && refusal.kind === 'network' && (
            <Button onClick={onRetry} w="fit-content">
              {t('errors.retry')}
            </Button>
          )}
        </Stack>
      </Alert>
    </Paper>
  );
}
