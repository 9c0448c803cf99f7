import { Anchor, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import classes from './AppFooter.module.css';

export const ACCESSIBILITY_PATH = '/accessibilite';

/** The footer of every page: the accessibility status, linked to the statement (RGAA 4). */
export function AppFooter() {
  const { t } = useTranslation();
  return (
    <footer className={classes.footer} aria-label={t('a11y.footer.label')}>
      <Group gap="md" wrap="wrap" justify="space-between">
        <Text size="sm">{t('a11y.footer.name')}</Text>
        <Anchor component={Link} to={ACCESSIBILITY_PATH} size="sm" className={classes.link}>
          {t('a11y.footer.accessibility')}
        </Anchor>
      </Group>
    </footer>
  );
}
