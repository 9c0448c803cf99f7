import { Alert, Anchor, Button, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { errorMessage } from '../../shared/errorMessage';
import { PublicPageShell } from '../../shared/PublicPageShell';
import { usePageTitle } from '../../shared/usePageTitle';
import { LOGIN_PATH, useRequestPasswordReset } from './hooks';

/** Public page "/mot-de-passe-oublie": ask for a link to choose a new password. */
export function PasswordForgotPage() {
  const { t } = useTranslation();
  usePageTitle(t('accounts.passwordForgot.pageTitle'));
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState('');
  const [missing, setMissing] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (email.trim() === '') {
      setMissing(true);
      return;
    }
    request.mutate({ email: email.trim() });
  };

  const serverError = request.error?.fields.email?.join(' ');

  return (
    <PublicPageShell title={t('accounts.passwordForgot.title')} intro={t('accounts.passwordForgot.intro')}>
      <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
        {request.isSuccess ? (
          <Stack>
            <Alert color="teal" variant="outline" title={t('accounts.passwordForgot.sentTitle')} role="status">
              {t('accounts.passwordForgot.sent')}
            </Alert>
            <Anchor component={Link} to={LOGIN_PATH} ta="center">
              {t('accounts.passwordForgot.toLogin')}
            </Anchor>
          </Stack>
        ) : (
          <form noValidate onSubmit={onSubmit}>
            <Stack>
              {request.isError && (
                <Alert color="red" variant="outline" title={t('accounts.passwordForgot.errorTitle')} role="alert">
                  {errorMessage(request.error, t)}
                </Alert>
              )}
              <TextInput
                label={t('accounts.passwordForgot.email')}
                name="email"
                type="email"
                autoComplete="email"
                required
                withAsterisk={false}
                value={email}
                onChange={(event) => {
                  setEmail(event.currentTarget.value);
                  setMissing(false);
                }}
                error={missing ? t('accounts.passwordForgot.required') : serverError || undefined}
              />
              <Button type="submit" fullWidth loading={request.isPending} mt="xs">
                {t('accounts.passwordForgot.submit')}
              </Button>
              <Text size="sm" ta="center">
                <Anchor component={Link} to={LOGIN_PATH}>
                  {t('accounts.passwordForgot.toLogin')}
                </Anchor>
              </Text>
            </Stack>
          </form>
        )}
      </Paper>
    </PublicPageShell>
  );
}
