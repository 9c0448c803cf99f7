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
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';

import { errorMessage } from '../../shared/errorMessage';
import { PublicPageShell } from '../../shared/PublicPageShell';
import { usePageTitle } from '../../shared/usePageTitle';
import { HOME_PATH, LOGIN_PATH, useActivate, useMe } from './hooks';

type Field = 'code' | 'username' | 'password' | 'confirmation';
const FIELDS: Field[] = ['code', 'username', 'password', 'confirmation'];
const NO_ERRORS: Record<Field, string | null> = { code: null, username: null, password: null, confirmation: null };

/** Public page "/activer": a guardian turns the code of their invitation letter into a login. */
export function ActivatePage() {
  const { t } = useTranslation();
  usePageTitle(t('accounts.activate.pageTitle'));

  const me = useMe({ retryOnMount: false });
  const activate = useActivate();
  const [values, setValues] = useState<Record<Field, string>>({ code: '', username: '', password: '', confirmation: '' });
  const [localErrors, setLocalErrors] = useState<Record<Field, string | null>>(NO_ERRORS);

  if (me.isSuccess && !activate.isSuccess) return <Navigate to={HOME_PATH} replace />;

  const serverFields = activate.error?.fields ?? {};
  const fieldError = (field: Field): string | undefined =>
    localErrors[field] ?? (serverFields[field]?.join(' ') || undefined);

  const change = (field: Field) => (event: ChangeEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
    setLocalErrors((e) => ({ ...e, [field]: null }));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = { ...NO_ERRORS };
    for (const field of FIELDS) {
      if (values[field].trim() === '') next[field] = t('accounts.activate.required');
    }
    if (!next.confirmation && values.confirmation !== values.password) {
      next.confirmation = t('accounts.activate.mismatch');
    }
    setLocalErrors(next);
    if (FIELDS.some((field) => next[field])) return;
    activate.mutate({ code: values.code.trim(), username: values.username.trim(), password: values.password });
  };

  return (
    <PublicPageShell title={t('accounts.activate.title')} intro={t('accounts.activate.intro')} width={480}>
      <Paper component="form" noValidate onSubmit={onSubmit} withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
        <Stack>
          {activate.isError && (
            <Alert color="red" variant="outline" title={t('accounts.activate.errorTitle')} role="alert">
              {errorMessage(activate.error, t)}
            </Alert>
          )}
          <TextInput
            label={t('accounts.activate.code')}
            description={t('accounts.activate.codeHelp')}
            name="code"
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            required
            withAsterisk={false}
            value={values.code}
            onChange={change('code')}
            error={fieldError('code')}
            styles={{ input: { fontFamily: 'monospace', letterSpacing: '0.08em' } }}
          />
          <TextInput
            label={t('accounts.activate.username')}
            description={t('accounts.activate.usernameHelp')}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            withAsterisk={false}
            value={values.username}
            onChange={change('username')}
            error={fieldError('username')}
          />
          <PasswordInput
            label={t('accounts.activate.password')}
            description={t('accounts.activate.passwordHelp')}
            name="password"
            autoComplete="new-password"
            required
            withAsterisk={false}
            value={values.password}
            onChange={change('password')}
            error={fieldError('password')}
            visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
          />
          <PasswordInput
            label={t('accounts.activate.confirmation')}
            name="confirmation"
            autoComplete="new-password"
            required
            withAsterisk={false}
            value={values.confirmation}
            onChange={change('confirmation')}
            error={fieldError('confirmation')}
            visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
          />
          <Button type="submit" fullWidth loading={activate.isPending} mt="xs">
            {t('accounts.activate.submit')}
          </Button>
          <Text size="sm" ta="center">
            {t('accounts.activate.haveAccount')}{' '}
            <Anchor component={Link} to={LOGIN_PATH}>
              {t('accounts.activate.toLogin')}
            </Anchor>
          </Text>
        </Stack>
      </Paper>
    </PublicPageShell>
  );
}
