import { Alert, Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { errorMessage } from './errorMessage';
import { FullPageLoader } from './FullPageLoader';

interface QueryStateProps {
  query: { isPending: boolean; isError: boolean; error: unknown; isFetching: boolean; refetch: () => unknown };
  title?: string;
}

/** Loader while a query has no data yet, an alert with "Réessayer" when it failed. */
export function QueryState({ query, title }: QueryStateProps) {
  const { t } = useTranslation();
  if (query.isPending) return <FullPageLoader />;
  if (!query.isError) return null;
  return (
    <Stack gap="sm" align="flex-start">
      <Alert color="red" variant="outline" title={title ?? t('timetable.loadError')} role="alert" w="100%">
        {errorMessage(query.error, t)}
      </Alert>
      <Button onClick={() => void query.refetch()} loading={query.isFetching}>
        {t('errors.retry')}
      </Button>
    </Stack>
  );
}
