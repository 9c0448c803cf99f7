import { Alert, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { Passkey } from '../../api/types';
import { InlineLoader } from '../../shared/InlineLoader';
import {
  passkeyErrorMessage,
  passkeysSupported,
  useAddPasskey,
  useLoginPasswordless,
  useLoginWithPasskey,
  usePasskeys,
  useRemovePasskey,
} from './passkeys';

function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(
    new Date(iso),
  );
}

/**
 * Name a new passkey, then let the browser create it (fingerprint, PIN, phone…).
 * `onAdded`: what follows (the first-login page goes home).
 */
export function AddPasskeyForm({ onAdded }: { onAdded?: () => void }) {
  const { t } = useTranslation();
  const add = useAddPasskey();
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const cleaned = name.trim();
    setMissing(cleaned === '');
    if (cleaned !== '') {
      add.mutate(cleaned, {
        onSuccess: () => {
          setName('');
          onAdded?.();
        },
      });
    }
  };

  return (
    <form noValidate onSubmit={onSubmit}>
      <Stack gap="sm">
        {add.error && (
          <Alert color="red" variant="outline" title={t('accounts.passkeys.addError')} role="alert">
            {passkeyErrorMessage(add.error, t)}
          </Alert>
        )}
        {add.isSuccess && (
          <Text size="sm" role="status">
            {t('accounts.passkeys.added', { name: add.data.name })}
          </Text>
        )}
        <TextInput
          label={t('accounts.passkeys.nameLabel')}
          description={t('accounts.passkeys.nameHelp')}
          name="passkey-name"
          maxLength={64}
          required
          withAsterisk={false}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setMissing(false);
          }}
          error={missing ? t('accounts.passkeys.nameRequired') : undefined}
        />
        <Button type="submit" variant="light" loading={add.isPending} w={{ base: '100%', sm: 'fit-content' }}>
          {t('accounts.passkeys.add')}
        </Button>
      </Stack>
    </form>
  );
}

function PasskeyRow({ passkey }: { passkey: Passkey }) {
  const { t, i18n } = useTranslation();
  const remove = useRemovePasskey();
  const [confirming, setConfirming] = useState(false);
  return (
    <Paper component="li" withBorder p="sm" radius="md">
      <Stack gap={4}>
        <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
          {passkey.name}
        </Text>
        <Text size="sm">{t('accounts.passkeys.createdAt', { date: formatDateTime(passkey.created_at, i18n.language) })}</Text>
        <Text size="sm">
          {passkey.last_used_at
            ? t('accounts.passkeys.lastUsed', { date: formatDateTime(passkey.last_used_at, i18n.language) })
            : t('accounts.passkeys.neverUsed')}
        </Text>
        {confirming ? (
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              {t('accounts.passkeys.revokeWarning')}
            </Text>
            <Group gap="xs">
              <Button size="compact-sm" color="red.9" loading={remove.isPending} onClick={() => remove.mutate(passkey)}>
                {t('accounts.passkeys.confirmRevoke')}
              </Button>
              <Button size="compact-sm" variant="default" onClick={() => setConfirming(false)}>
                {t('accounts.passkeys.keep')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Button
            size="compact-sm"
            variant="default"
            w="fit-content"
            onClick={() => setConfirming(true)}
            aria-label={t('accounts.passkeys.revokeLabel', { name: passkey.name })}
          >
            {t('accounts.passkeys.revoke')}
          </Button>
        )}
        {remove.isError && (
          <Alert color="red" variant="outline" role="alert" p="xs">
            {passkeyErrorMessage(remove.error, t)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** « Clés d'accès » on Mon espace: the account's passkeys, add one, revoke one. */
export function PasskeysPanel() {
  const { t } = useTranslation();
  const passkeys = usePasskeys();

  if (passkeys.isPending) return <InlineLoader label={t('accounts.passkeys.title')} />;
  if (passkeys.isError) {
    return (
      <Alert color="red" variant="outline" title={t('accounts.passkeys.loadError')} role="alert">
        {passkeyErrorMessage(passkeys.error, t)}
      </Alert>
    );
  }
  return (
    <Stack gap="sm">
      <Text>{t('accounts.passkeys.help')}</Text>
      {passkeys.data.length > 0 ? (
        <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('accounts.passkeys.listLabel')}>
          {passkeys.data.map((passkey) => (
            <PasskeyRow key={passkey.id} passkey={passkey} />
          ))}
        </Stack>
      ) : (
        <Text size="sm">{t('accounts.passkeys.none')}</Text>
      )}
      {passkeysSupported() ? <AddPasskeyForm /> : <Text size="sm">{t('accounts.passkeys.unsupported')}</Text>}
    </Stack>
  );
}

/** Second step of the login: « Utiliser ma clé d'accès ». */
export function PasskeyLoginButton({ primary }: { primary: boolean }) {
  const { t } = useTranslation();
  const login = useLoginWithPasskey();
  return (
    <Stack gap="sm">
      {login.error && (
        <Alert color="red" variant="outline" title={t('accounts.passkeys.loginError')} role="alert">
          {passkeyErrorMessage(login.error, t)}
        </Alert>
      )}
      <Button
        variant={primary ? 'filled' : 'light'}
        loading={login.isPending}
        onClick={() => login.mutate()}
        w={{ base: '100%', sm: 'fit-content' }}
      >
        {t('accounts.passkeys.use')}
      </Button>
    </Stack>
  );
}

/** On the login page: a passkey alone, no password (only staff and authorities hold passkeys). */
export function PasswordlessSignIn() {
  const { t } = useTranslation();
  const login = useLoginPasswordless();
  if (!passkeysSupported()) return null;
  return (
    <Stack gap="xs">
      {login.error && (
        <Alert color="red" variant="outline" title={t('accounts.passkeys.loginError')} role="alert">
          {passkeyErrorMessage(login.error, t)}
        </Alert>
      )}
      <Button variant="default" fullWidth loading={login.isPending} onClick={() => login.mutate()}>
        {t('accounts.passkeys.signInWithout')}
      </Button>
    </Stack>
  );
}
