import { Alert, Button, Paper, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';

import { errorMessage } from '../../shared/errorMessage';
import { FullPageLoader } from '../../shared/FullPageLoader';
import { PublicPageShell } from '../../shared/PublicPageShell';
import { usePageTitle } from '../../shared/usePageTitle';
import { HOME_PATH, LOGIN_PATH, meQueryKey, useLogout, useOtpStatus } from './hooks';
import { LoginSetupStep } from './SecondFactor';

/**
 * First login of a director, an authority or the operator without a second factor: the
 * session reaches nothing but this page (and logout) until a device is confirmed.
 */
export function SecondFactorSetupPage() {
  const { t } = useTranslation();
  usePageTitle(t('accounts.otp.setupPageTitle'));
  const status = useOtpStatus();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useLogout();

  if (status.isPending) return <FullPageLoader />;
  if (status.isError && status.error.isUnauthenticated) return <Navigate to={LOGIN_PATH} replace />;
  if (status.isSuccess && (status.data.enabled || !status.data.required)) {
    return <Navigate to={HOME_PATH} replace />;
  }

  const onConfirmed = () => {
    void queryClient.invalidateQueries({ queryKey: meQueryKey }).then(() => navigate(HOME_PATH, { replace: true }));
  };

  return (
    <PublicPageShell title={t('accounts.otp.setupPageTitle')} intro={t('accounts.otp.setupPageIntro')} width={520}>
      <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
        <Stack>
          {status.isError ? (
            <Alert color="red" variant="outline" title={t('accounts.otp.errorTitle')} role="alert">
              {errorMessage(status.error, t)}
            </Alert>
          ) : (
            <LoginSetupStep onConfirmed={onConfirmed} />
          )}
          <Button variant="subtle" w={{ base: '100%', sm: 'fit-content' }} loading={logout.isPending} onClick={() => logout.mutate()}>
            {t('layout.logout')}
          </Button>
        </Stack>
      </Paper>
    </PublicPageShell>
  );
}
