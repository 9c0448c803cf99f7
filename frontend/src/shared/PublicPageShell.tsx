import { Box, Container, Group, Stack, Text, Title } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { AppFooter } from './AppFooter';
import { LanguageSwitcher } from './LanguageSwitcher';
import { MAIN_CONTENT_ID, SkipLink } from './SkipLink';

/**
 * The frame of the pages seen before signing in (login, activation, password reset):
 * the app name and the language switcher in a header, then a narrow column with the
 * page's title, its introduction and its content (usually one form).
 */
export function PublicPageShell({
  title,
  intro,
  width = 440,
  children,
}: {
  title: string;
  intro?: ReactNode;
  width?: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    // Mantine's default error red (red.6) is below 4.5:1 on white: the darkest red here.
    <Box mih="100vh" bg="gray.0" style={{ '--mantine-color-error': 'var(--mantine-color-red-9)' } as CSSProperties}>
      <SkipLink />
      <Box component="header" bg="white" px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between" wrap="nowrap">
          <Text component="p" fw={800} fz="xl" c="blue.9" m={0}>
            {t('app.name')}
          </Text>
          <LanguageSwitcher />
        </Group>
      </Box>

      <Container component="main" id={MAIN_CONTENT_ID} tabIndex={-1} size={width} py={{ base: 'xl', sm: 64 }}>
        <Stack gap="xs" mb="lg">
          <Title order={1} fz={{ base: 26, sm: 32 }}>
            {title}
          </Title>
          {intro && <Text c="dimmed">{intro}</Text>}
        </Stack>
        {children}
      </Container>
      <AppFooter />
    </Box>
  );
}
