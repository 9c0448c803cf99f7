import {
  Alert,
  Anchor,
  Button,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';

import { errorMessage } from '../../shared/errorMessage';
import { useFocusOnFailure } from '../../shared/formErrors';
import { PublicPageShell } from '../../shared/PublicPageShell';
import { isSessionExpiredNoticePending } from '../../shared/sessionExpiry';
import { usePageTitle } from '../../shared/usePageTitle';
import { ClassTabletLink } from '../classCards/ClassTabletLink';
import { ProviderButtons } from '../federation/ProviderButtons';
import { ACTIVATE_PATH, HOME_PATH, isSecondFactorStep, PASSWORD_FORGOT_PATH, useLogin, useMe } from './hooks';
import { PasswordlessSignIn } from './Passkeys';
import { LoginCodeStep } from './SecondFactor';

type Field = 'username' | 'password';

export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('login.pageTitle'));

  // No second request when the auth guard has just been told 401.
  const me = useMe({ retryOnMount: false });
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [sessionExpired] = useState(isSessionExpiredNoticePending);
  const [missing, setMissing] = useState<Record<Field, boolean>>({ username: false, password: false });
  const formRef = useRef<HTMLFormElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  // An empty field: focus goes to it. A refusal (wrong password): focus goes to the message.
  useFocusOnFailure(formRef, missing.username || missing.password ? missing : null);
  useEffect(() => {
    if (login.error) errorRef.current?.focus();
  }, [login.error]);

  // Already signed in (e.g. bookmark on /connexion): go straight home.
  if (me.isSuccess) return <Navigate to={HOME_PATH} replace />;

  if (login.data && isSecondFactorStep(login.data) && login.data.otp_required) {
    return (
      <PublicPageShell title={t('login.title')} intro={t('accounts.otp.loginIntro')}>
        <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
          <LoginCodeStep factors={login.data.second_factors} />
        </Paper>
      </PublicPageShell>
    );
  }

  const serverFields = login.error?.fields ?? {};
  const fieldError = (field: Field): string | undefined =>
    missing[field] ? t('login.required') : serverFields[field]?.join(' ') || undefined;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const nextMissing = { username: username.trim() === '', password: password === '' };
    setMissing(nextMissing);
    if (nextMissing.username || nextMissing.password) return;
    login.mutate({ username: username.trim(), password });
  };

  return (
    <PublicPageShell title={t('login.title')} intro={t('login.intro')}>
      <Paper component="form" ref={formRef} noValidate onSubmit={onSubmit} withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
        <Stack>
          {sessionExpired && !login.isError && (
            <Alert color="blue" variant="outline" title={t('login.sessionEndedTitle')} role="status">
              {t('login.sessionEnded')}
            </Alert>
          )}
          {login.isError && (
            <Alert color="red" variant="outline" title={t('login.errorTitle')} role="alert" ref={errorRef} tabIndex={-1}>
              {errorMessage(login.error, t)}
            </Alert>
          )}
          <TextInput
            label={t('login.username')}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            withAsterisk={false}
            value={username}
            onChange={(event) => {
              setUsername(event.currentTarget.value);
              setMissing((m) => ({ ...m, username: false }));
            }}
            error={fieldError('username')}
          />
          <PasswordInput
            label={t('login.password')}
            name="password"
            autoComplete="current-password"
            required
            withAsterisk={false}
            value={password}
            onChange={(event) => {
              setPassword(event.currentTarget.value);
              setMissing((m) => ({ ...m, password: false }));
            }}
            error={fieldError('password')}
            visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
          />
          <Button type="submit" fullWidth loading={login.isPending} mt="xs">
            {t('login.submit')}
          </Button>
          <PasswordlessSignIn />
          <Text size="sm" ta="center">
            <Anchor component={Link} to={PASSWORD_FORGOT_PATH}>
              {t('login.forgotLink')}
            </Anchor>
          </Text>
          <Text size="sm" ta="center">
            {t('accounts.activate.firstTime')}{' '}
            <Anchor component={Link} to={ACTIVATE_PATH}>
              {t('accounts.activate.link')}
            </Anchor>
          </Text>
        </Stack>
      </Paper>
      <ProviderButtons />
      <ClassTabletLink />
    </PublicPageShell>
  );
}
