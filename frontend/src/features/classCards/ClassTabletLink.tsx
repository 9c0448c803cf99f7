import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { isClassTablet } from './classTablet';
import { DEVICE_PATH } from './paths';

/** On a class's tablet, the way back to the class's page (the login page shows it). */
export function ClassTabletLink() {
  const { t } = useTranslation();
  if (!isClassTablet()) return null;
  return (
    <Button component={Link} to={DEVICE_PATH} variant="default" size="lg" fullWidth mt="lg">
      {t('classCards.device.backToClass')}
    </Button>
  );
}
