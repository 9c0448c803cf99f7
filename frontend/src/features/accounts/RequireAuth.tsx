import { Alert, Button, Container, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet } from 'react-router';

import { CurrentUserProvider } from '../../shared/currentUser';
import { errorMessage } from '../../shared/errorMessage';
import { FullPageLoader } from '../../shared/FullPageLoader';
import { LOGIN_PATH, SECOND_FACTOR_SETUP_PATH, useMe } from './hooks';

/**
 * Guard for every signed-in route: asks the server who we are and sends
 * anonymous visitors (401) to the login page, and a session that must first set up
 * its second factor (403 `otp_setup_required`) to the first-login setup page.
 */
export function RequireAuth() {
  const { t } = useTranslation();
  const me = useMe();

  if (me.isPending) return <FullPageLoader />;

  if (me.isError) {
    if (me.error.isUnauthenticated) return <Navigate to={LOGIN_PATH} replace />;
    // Signed in only to set up a required second factor: nothing else until it is done.
    if (me.error.code === 'otp_setup_required') return <Navigate to={SECOND_FACTOR_SETUP_PATH} replace />;
    return (
      <Container size="sm" py="xl" component="main">
        <Stack>
          <Alert color="red" variant="outline" title={t('errors.loadTitle')} role="alert">
            {errorMessage(me.error, t)}
          </Alert>
          <Button onClick={() => void me.refetch()} loading={me.isFetching} w="fit-content">
            {t('errors.retry')}
          </Button>
        </Stack>
      </Container>
    );
  }

  return (
    <CurrentUserProvider me={me.data}>
      <Outlet />
    </CurrentUserProvider>
  );
}
