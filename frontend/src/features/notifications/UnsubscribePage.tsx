import { Alert, Anchor, Button, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import type { Unsubscribed } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { PublicPageShell } from '../../shared/PublicPageShell';
import { usePageTitle } from '../../shared/usePageTitle';
import { LOGIN_PATH } from '../accounts/hooks';
import { useUnsubscribe } from './hooks';
import { categoryLabel, categoryList } from './labels';
import { DIGEST_SETTINGS_PATH } from './paths';

/**
 * Public page "/desabonnement/<token>", the digest's "Ne plus recevoir cette rubrique".
 * Opening it changes nothing (mail scanners open links): only its button posts the token.
 */
export function UnsubscribePage() {
  const { t } = useTranslation();
  usePageTitle(t('notifications.unsubscribe.title'));
  const { token = '' } = useParams();
  const unsubscribe = useUnsubscribe(token);

  let content;
  if (unsubscribe.isSuccess) {
    content = <UnsubscribeDone result={unsubscribe.data} />;
  } else if (unsubscribe.isError && unsubscribe.error.status === 404) {
    content = <UnknownLink />;
  } else {
    content = (
      <Stack>
        {unsubscribe.isError && (
          <Alert color="red" variant="outline" title={t('notifications.unsubscribe.errorTitle')} role="alert">
            {errorMessage(unsubscribe.error, t)}
          </Alert>
        )}
        <Button fullWidth loading={unsubscribe.isPending} onClick={() => unsubscribe.mutate()}>
          {t('notifications.unsubscribe.confirm')}
        </Button>
      </Stack>
    );
  }

  return (
    <PublicPageShell title={t('notifications.unsubscribe.title')} intro={t('notifications.unsubscribe.intro')} width={520}>
      <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
        {content}
      </Paper>
    </PublicPageShell>
  );
}

/** What the link removed and what the digest still gathers; focus moves here (the button is gone). */
function UnsubscribeDone({ result }: { result: Unsubscribed }) {
  const { t, i18n } = useTranslation();
  const ref = useFocusOnMount();
  const done =
    result.category === 'all'
      ? t('notifications.unsubscribe.doneAll')
      : t('notifications.unsubscribe.doneCategory', { label: categoryLabel(t, result.category) });
  return (
    <Stack>
      <Alert
        color="teal"
        variant="outline"
        title={t('notifications.unsubscribe.doneTitle')}
        role="status"
        ref={ref}
        tabIndex={-1}
      >
        <Stack gap="xs">
          <Text>{done}</Text>
          {result.categories.length > 0 && (
            <Text>{t('notifications.unsubscribe.remaining', { list: categoryList(t, result.categories, i18n.language) })}</Text>
          )}
        </Stack>
      </Alert>
      <Anchor component={Link} to={DIGEST_SETTINGS_PATH}>
        {t('notifications.unsubscribe.manage')}
      </Anchor>
    </Stack>
  );
}

function UnknownLink() {
  const { t } = useTranslation();
  const ref = useFocusOnMount();
  return (
    <Stack>
      <Alert
        color="red"
        variant="outline"
        title={t('notifications.unsubscribe.errorTitle')}
        role="alert"
        ref={ref}
        tabIndex={-1}
      >
        {t('notifications.unsubscribe.unknown')}
      </Alert>
      <Button component={Link} to={LOGIN_PATH} fullWidth>
        {t('notifications.unsubscribe.toLogin')}
      </Button>
    </Stack>
  );
}

function useFocusOnMount() {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
