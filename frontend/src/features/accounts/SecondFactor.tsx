import { Alert, Anchor, Button, Code, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiError } from '../../api/errors';
import type { OtpSetup, Role } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { InlineLoader } from '../../shared/InlineLoader';
import { useConfirmOtp, useLoginOtp, useOtpStatus, useRemoveOtp, useStartOtp } from './hooks';
import { AddPasskeyForm, PasskeyLoginButton } from './Passkeys';
import { passkeysSupported, usePasskeys } from './passkeys';

/** Staff and authority roles are offered a second factor; families and pupils are not. */
export const SECOND_FACTOR_ROLES: Role[] = ['teacher', 'director', 'commune', 'inspector', 'dasen', 'operator'];

/** The 6-digit code field, with the server's message for the `code` field. */
function CodeForm({
  submitLabel,
  pending,
  error,
  onCode,
}: {
  submitLabel: string;
  pending: boolean;
  error: ApiError | null;
  onCode: (code: string) => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const fieldError = missing ? t('accounts.otp.codeRequired') : error?.fields?.code?.join(' ') || undefined;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const cleaned = code.replace(/\s/g, '');
    setMissing(cleaned === '');
    if (cleaned !== '') onCode(cleaned);
  };

  return (
    <form noValidate onSubmit={onSubmit}>
      <Stack gap="sm">
        {error && !error.fields?.code && (
          <Alert color="red" variant="outline" title={t('accounts.otp.errorTitle')} role="alert">
            {errorMessage(error, t)}
          </Alert>
        )}
        <TextInput
          label={t('accounts.otp.codeLabel')}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          required
          withAsterisk={false}
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value);
            setMissing(false);
          }}
          error={fieldError}
        />
        <Button type="submit" loading={pending} w={{ base: '100%', sm: 'fit-content' }}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}

/**
 * Second step of the login: the code of the authentication application, or a passkey
 * (« Utiliser ma clé d'accès ») when the account has one (`factors`, from the login's answer).
 */
export function LoginCodeStep({ factors = ['totp'] }: { factors?: readonly string[] }) {
  const { t } = useTranslation();
  const loginOtp = useLoginOtp();
  const passkey = factors.includes('passkey');
  const code = factors.includes('totp') || !passkey;
  return (
    <Stack>
      {code && (
        <>
          <Text>{t('accounts.otp.loginHelp')}</Text>
          <CodeForm
            submitLabel={t('accounts.otp.verify')}
            pending={loginOtp.isPending}
            error={loginOtp.error}
            onCode={(value) => loginOtp.mutate(value)}
          />
        </>
      )}
      {passkey && (
        <Stack gap="xs">
          <Text>{code ? t('accounts.passkeys.orUse') : t('accounts.passkeys.loginHelp')}</Text>
          <PasskeyLoginButton primary={!code} />
        </Stack>
      )}
    </Stack>
  );
}

/** The secret and link for the application, then the first code that confirms them. */
function SetupSteps({ setup, onConfirmed }: { setup: OtpSetup; onConfirmed: () => void }) {
  const { t } = useTranslation();
  const confirm = useConfirmOtp();
  return (
    <Stack gap="sm">
      <Text>{t('accounts.otp.setupHelp')}</Text>
      <Text>
        {t('accounts.otp.secret')}{' '}
        <Code fz="md" style={{ wordBreak: 'break-all' }}>
          {setup.secret}
        </Code>
      </Text>
      <Anchor href={setup.otpauth_uri} style={{ wordBreak: 'break-all' }}>
        {t('accounts.otp.openApp')}
      </Anchor>
      <CodeForm
        submitLabel={t('accounts.otp.confirm')}
        pending={confirm.isPending}
        error={confirm.error}
        onCode={(code) => confirm.mutate(code, { onSuccess: onConfirmed })}
      />
    </Stack>
  );
}

function StartSetup({ onConfirmed }: { onConfirmed: () => void }) {
  const { t } = useTranslation();
  const start = useStartOtp();
  if (start.data) return <SetupSteps setup={start.data} onConfirmed={onConfirmed} />;
  return (
    <Stack gap="sm">
      {start.error && (
        <Alert color="red" variant="outline" title={t('accounts.otp.errorTitle')} role="alert">
          {errorMessage(start.error, t)}
        </Alert>
      )}
      <Button variant="light" w={{ base: '100%', sm: 'fit-content' }} loading={start.isPending} onClick={() => start.mutate()}>
        {t('accounts.otp.start')}
      </Button>
    </Stack>
  );
}

/**
 * Login of a role that must use a second factor and has none yet: set it up now, the
 * application's code or (where the browser can) a passkey.
 */
export function LoginSetupStep({ onConfirmed }: { onConfirmed: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Alert color="blue" variant="outline" title={t('accounts.otp.requiredTitle')} role="status">
        {t('accounts.otp.requiredHelp')}
      </Alert>
      <StartSetup onConfirmed={onConfirmed} />
      {passkeysSupported() && (
        <Stack gap="sm">
          <Text>{t('accounts.passkeys.setupInstead')}</Text>
          <AddPasskeyForm onAdded={onConfirmed} />
        </Stack>
      )}
    </Stack>
  );
}

/** "Double authentification" on Mon espace: set up, or remove unless the role requires it. */
export function SecondFactorPanel() {
  const { t } = useTranslation();
  const status = useOtpStatus();
  const remove = useRemoveOtp();
  // A passkey also satisfies a role's required second factor: the application may then go.
  const passkeys = usePasskeys();
  const otherFactor = (passkeys.data?.length ?? 0) > 0;

  if (status.isPending) return <InlineLoader label={t('accounts.otp.title')} />;
  if (status.isError) {
    return (
      <Alert color="red" variant="outline" title={t('accounts.otp.errorTitle')} role="alert">
        {errorMessage(status.error, t)}
      </Alert>
    );
  }
  if (!status.data.enabled) {
    return (
      <Stack gap="sm">
        <Text>{t('accounts.otp.offer')}</Text>
        <StartSetup onConfirmed={() => undefined} />
      </Stack>
    );
  }
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Text fw={700} role="status">
          {t('accounts.otp.enabled')}
        </Text>
        {remove.error && (
          <Alert color="red" variant="outline" title={t('accounts.otp.errorTitle')} role="alert">
            {errorMessage(remove.error, t)}
          </Alert>
        )}
        {status.data.required && !otherFactor ? (
          <Text size="sm">{t('accounts.otp.requiredByRole')}</Text>
        ) : (
          <Group>
            <Button variant="light" color="red.9" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('accounts.otp.remove')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
