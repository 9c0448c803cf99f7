import { Alert, Button, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { DigestCategory, PushDevice } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { InlineLoader } from '../../shared/InlineLoader';
import { QueryState } from '../../shared/QueryState';
import { useForgetDevice, usePushSettings, useSavePushCategories, useSubscribeThisBrowser } from './hooks';
import { categoryLabel, DIGEST_CATEGORIES, inDigestOrder } from './labels';
import classes from './Notifications.module.css';
import { PushRefused, pushSupported, thisDevice } from './pushDevice';

/**
 * "Notifications sur vos appareils" on « Mon espace »: this browser subscribes after the
 * person presses the button (then the browser's own prompt); each device keeps its own
 * categories. A notification only says there is news; the page shows the rest.
 */
export function PushSettings() {
  const { t } = useTranslation();
  const settings = usePushSettings();
  if (settings.isPending) return <InlineLoader label={t('notifications.push.loading')} />;
  if (settings.isError) return <QueryState query={settings} title={t('notifications.push.loadError')} />;
  if (!settings.data.enabled) return <Text>{t('notifications.push.disabled')}</Text>;
  return <Devices applicationServerKey={settings.data.application_server_key} devices={settings.data.subscriptions} />;
}

function Devices({ applicationServerKey, devices }: { applicationServerKey: string; devices: PushDevice[] }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const current = thisDevice(me.id);
  const subscribed = devices.some((device) => device.id === current);
  return (
    <Stack gap="md">
      <Text>{t('notifications.push.intro')}</Text>
      {!subscribed && <SubscribeThisBrowser account={me.id} applicationServerKey={applicationServerKey} />}
      {devices.map((device) => (
        <Device key={device.id} account={me.id} device={device} isThisOne={device.id === current} />
      ))}
    </Stack>
  );
}

function SubscribeThisBrowser({ account, applicationServerKey }: { account: number; applicationServerKey: string }) {
  const { t } = useTranslation();
  const [label, setLabel] = useState(() => t('notifications.push.defaultLabel'));
  const subscribe = useSubscribeThisBrowser(account);
  if (!pushSupported()) return <Text>{t('notifications.push.unsupported')}</Text>;
  return (
    <Stack gap="sm">
      <TextInput
        label={t('notifications.push.label')}
        value={label}
        maxLength={120}
        onChange={(event) => setLabel(event.currentTarget.value)}
        maw={{ base: '100%', xs: 360 }}
      />
      <Group>
        <Button loading={subscribe.isPending} onClick={() => subscribe.mutate({ key: applicationServerKey, label })}>
          {t('notifications.push.subscribe')}
        </Button>
      </Group>
      {subscribe.isError && (
        <Alert color="red" variant="outline" role="alert" title={t('notifications.push.errorTitle')}>
          {subscribe.error instanceof PushRefused ? t('notifications.push.refused') : t('notifications.push.failed')}
        </Alert>
      )}
    </Stack>
  );
}

function Device({ account, device, isThisOne }: { account: number; device: PushDevice; isThisOne: boolean }) {
  const { t } = useTranslation();
  const save = useSavePushCategories();
  const forget = useForgetDevice(account);
  const name = device.label || t('notifications.push.unnamed');
  const toggle = (category: DigestCategory, checked: boolean) => {
    const categories = checked
      ? inDigestOrder([...device.categories, category])
      : device.categories.filter((value) => value !== category);
    save.mutate({ id: device.id, categories });
  };
  return (
    <fieldset className={classes.fieldset}>
      <legend className={classes.legend}>
        <Title order={3} fz="md" component="span">
          {isThisOne ? t('notifications.push.thisDevice', { name }) : name}
        </Title>
      </legend>
      <ul className={classes.categories}>
        {DIGEST_CATEGORIES.map((category) => (
          <li key={category}>
            <Checkbox
              label={categoryLabel(t, category)}
              checked={device.categories.includes(category)}
              disabled={save.isPending}
              onChange={(event) => toggle(category, event.currentTarget.checked)}
            />
          </li>
        ))}
      </ul>
      <Group mt="xs" gap="sm">
        <Button variant="default" size="xs" loading={forget.isPending} onClick={() => forget.mutate(device.id)}>
          {t('notifications.push.forget')}
        </Button>
        <Text size="sm" role="status">
          {save.isSuccess ? t('notifications.push.saved') : ''}
        </Text>
      </Group>
    </fieldset>
  );
}
