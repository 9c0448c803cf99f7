import {
  Alert,
  Anchor,
  Box,
  Button,
  Container,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';

import { errorMessage } from '../../shared/errorMessage';
import { LanguageSwitcher } from '../../shared/LanguageSwitcher';
import { MAIN_CONTENT_ID, SkipLink } from '../../shared/SkipLink';
import { usePageTitle } from '../../shared/usePageTitle';
import { ACTIVATE_PATH, HOME_PATH, useLogin, useMe } from './hooks';

type Field = 'username' | 'password';

export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('login.pageTitle'));

  // No second request when the auth guard has just been told 401.
  const me = useMe({ retryOnMount: false });
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Record<Field, boolean>>({ username: false, password: false });

  // Already signed in (e.g. bookmark on /connexion): go straight home.
  if (me.isSuccess) return <Navigate to={HOME_PATH} replace />;

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
    <Box mih="100vh" bg="gray.0">
      <SkipLink />
      <Box component="header" bg="white" px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between" wrap="nowrap">
          <Text component="p" fw={800} fz="xl" c="blue.9" m={0}>
            {t('app.name')}
          </Text>
          <LanguageSwitcher />
        </Group>
      </Box>

      <Container component="main" id={MAIN_CONTENT_ID} tabIndex={-1} size={440} py={{ base: 'xl', sm: 64 }}>
        <Stack gap="xs" mb="lg">
          <Title order={1} fz={{ base: 26, sm: 32 }}>
            {t('login.title')}
          </Title>
          <Text c="dimmed">{t('login.intro')}</Text>
        </Stack>

        <Paper component="form" noValidate onSubmit={onSubmit} withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
          <Stack>
            {login.isError && (
              <Alert color="red" variant="outline" title={t('login.errorTitle')} role="alert">
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
            <Text size="sm" ta="center">
              {t('accounts.activate.firstTime')}{' '}
              <Anchor component={Link} to={ACTIVATE_PATH}>
                {t('accounts.activate.link')}
              </Anchor>
            </Text>
          </Stack>
        </Paper>
      </Container>
    </Box>
  );
}
