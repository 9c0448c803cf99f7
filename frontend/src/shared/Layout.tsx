import { Anchor, AppShell, Box, Burger, Button, Group, Text } from '@mantine/core';
import { useDisclosure, useReducedMotion } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';

import { useLogout } from '../features/accounts/hooks';
import { PendingCallsSync } from '../features/attendance/PendingCallsSync';
import { MusterBanner } from '../features/safety/MusterBanner';
import { AppFooter } from './AppFooter';
import { useCurrentUser } from './currentUser';
import { FullPageLoader } from './FullPageLoader';
import { LanguageSwitcher } from './LanguageSwitcher';
import { LiveAnnouncer } from './LiveAnnouncer';
import { MainNav } from './MainNav';
import { MAIN_CONTENT_ID, SkipLink } from './SkipLink';

const NAVBAR_ID = 'navigation-principale';

/** Signed-in shell: header (menu, language, logout), role-aware navigation, main content. */
export function Layout() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const logout = useLogout();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  // The menu does not slide in or out when the system asks for less motion.
  const reduceMotion = useReducedMotion();

  return (
    <>
      <SkipLink />
      <AppShell
        header={{ height: 60 }}
        // The navigation folds into the menu below 992 px: on a tablet the week grid needs
        // the whole width for its five day columns.
        navbar={{ width: 240, breakpoint: 'md', collapsed: { mobile: !navOpened } }}
        padding="md"
        transitionDuration={reduceMotion ? 0 : undefined}
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={navOpened}
                onClick={toggleNav}
                hiddenFrom="md"
                size="sm"
                aria-label={navOpened ? t('layout.closeNavigation') : t('layout.openNavigation')}
                aria-expanded={navOpened}
                aria-controls={NAVBAR_ID}
              />
              <Anchor component={Link} to="/" fw={800} fz="xl" c="blue.9" underline="never" aria-label={t('app.homeLink')}>
                {t('app.name')}
              </Anchor>
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" visibleFrom="md" truncate="end" maw={260}>
                {t('layout.loggedInAs', { name: me.display_name })}
              </Text>
              <Box visibleFrom="sm">
                <LanguageSwitcher />
              </Box>
              <Button
                variant="outline"
                size="sm"
                onClick={() => logout.mutate()}
                loading={logout.isPending}
              >
                {t('layout.logout')}
              </Button>
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar id={NAVBAR_ID} p="sm" aria-label={t('layout.mainNavigation')}>
          <AppShell.Section grow>
            <MainNav roles={me.roles} classrooms={me.classrooms} onNavigate={closeNav} />
          </AppShell.Section>
          {/* On phones the header is too narrow: the language switch lives in the menu. */}
          <AppShell.Section hiddenFrom="sm" pt="md">
            <LanguageSwitcher />
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1}>
          {/* An alert or a drill under way is said on every page of the school's staff. */}
          <MusterBanner />
          <Suspense fallback={<FullPageLoader />}>
            <Outlet />
          </Suspense>
        </AppShell.Main>
        <AppFooter />
      </AppShell>
      <LiveAnnouncer />
      <PendingCallsSync />
    </>
  );
}
