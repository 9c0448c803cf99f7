import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { errorMessage } from '../../shared/errorMessage';
import { PublicPageShell } from '../../shared/PublicPageShell';
import { usePageTitle } from '../../shared/usePageTitle';
import { LOGIN_PATH, PASSWORD_FORGOT_PATH, useConfirmPasswordReset } from './hooks';

type Field = 'password' | 'confirmation';

/** Public page "/mot-de-passe/nouveau?token=…", opened from the mailed link. */
export function PasswordResetPage() {
  const { t } = useTranslation();
  usePageTitle(t('accounts.passwordReset.pageTitle'));
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const confirm = useConfirmPasswordReset();
  const [values, setValues] = useState<Record<Field, string>>({ password: '', confirmation: '' });
  const [localErrors, setLocalErrors] = useState<Record<Field, string | null>>({ password: null, confirmation: null });

  const serverFields = confirm.error?.fields ?? {};
  const tokenRefused = Boolean(serverFields.token);
  const fieldError = (field: Field): string | undefined =>
    localErrors[field] ?? (serverFields[field]?.join(' ') || undefined);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<Field, string | null> = { password: null, confirmation: null };
    if (values.password === '') next.password = t('accounts.passwordReset.required');
    if (values.confirmation === '') next.confirmation = t('accounts.passwordReset.required');
    else if (values.confirmation !== values.password) next.confirmation = t('accounts.passwordReset.mismatch');
    setLocalErrors(next);
    if (next.password || next.confirmation) return;
    confirm.mutate({ token, password: values.password });
  };

  const askAgain = (
    <Anchor component={Link} to={PASSWORD_FORGOT_PATH}>
      {t('accounts.passwordReset.askAgain')}
    </Anchor>
  );

  let content;
  if (confirm.isSuccess) {
    content = (
      <Stack>
        <Alert color="teal" variant="outline" title={t('accounts.passwordReset.doneTitle')} role="status">
          {t('accounts.passwordReset.done')}
        </Alert>
        <Button component={Link} to={LOGIN_PATH} fullWidth>
          {t('accounts.passwordReset.toLogin')}
        </Button>
      </Stack>
    );
  } else if (token === '') {
    content = (
      <Stack>
        <Alert color="red" variant="outline" title={t('accounts.passwordReset.errorTitle')} role="alert">
          {t('accounts.passwordReset.noToken')}
        </Alert>
        {askAgain}
      </Stack>
    );
  } else {
    content = (
      <form noValidate onSubmit={onSubmit}>
        <Stack>
          {confirm.isError && (
            <Alert color="red" variant="outline" title={t('accounts.passwordReset.errorTitle')} role="alert">
              {errorMessage(confirm.error, t)}
            </Alert>
          )}
          {tokenRefused && askAgain}
          <PasswordInput
            label={t('accounts.passwordReset.password')}
            description={t('accounts.activate.passwordHelp')}
            name="password"
            autoComplete="new-password"
            required
            withAsterisk={false}
            value={values.password}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setValues((v) => ({ ...v, password: value }));
              setLocalErrors((e) => ({ ...e, password: null }));
            }}
            error={fieldError('password')}
            visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
          />
          <PasswordInput
            label={t('accounts.passwordReset.confirmation')}
            name="confirmation"
            autoComplete="new-password"
            required
            withAsterisk={false}
            value={values.confirmation}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setValues((v) => ({ ...v, confirmation: value }));
              setLocalErrors((e) => ({ ...e, confirmation: null }));
            }}
            error={fieldError('confirmation')}
            visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
          />
          <Button type="submit" fullWidth loading={confirm.isPending} mt="xs">
            {t('accounts.passwordReset.submit')}
          </Button>
          <Text size="sm" ta="center">
            <Anchor component={Link} to={LOGIN_PATH}>
              {t('accounts.passwordForgot.toLogin')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    );
  }

  return (
    <PublicPageShell title={t('accounts.passwordReset.title')} intro={t('accounts.passwordReset.intro')} width={480}>
      <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
        {content}
      </Paper>
    </PublicPageShell>
  );
}
