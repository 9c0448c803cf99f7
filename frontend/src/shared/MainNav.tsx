import { Badge, NavLink as MantineNavLink, Stack, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, useLocation } from 'react-router';

import type { Classroom, Role } from '../api/types';
import { NAV_ITEMS, navItemsForRoles, type NavBadge, type NavEntry, type NavItem } from './nav';

interface MainNavProps {
  roles: readonly Role[];
  /** The classrooms the user teaches (one link each for per-classroom entries). */
  classrooms?: readonly Pick<Classroom, 'id' | 'name'>[];
  items?: readonly NavEntry[];
  onNavigate?: () => void;
}

/** Links of the main navigation that the user's roles give access to. */
export function MainNav({ roles, classrooms = [], items = NAV_ITEMS, onNavigate }: MainNavProps) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const visible = navItemsForRoles(roles, items, classrooms);
  return (
    <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: 'none' }}>
      {visible.map((item) => (
        <NavEntryLink
          key={item.id}
          item={item}
          roles={roles}
          label={t(item.labelKey, item.labelValues)}
          active={pathname === item.to}
          onNavigate={onNavigate}
        />
      ))}
    </Stack>
  );
}

const alwaysShown = () => true;

interface NavEntryLinkProps {
  item: NavItem;
  roles: readonly Role[];
  label: string;
  active: boolean;
  onNavigate?: () => void;
}

/** One link, unless its `useShown` hook hides it for this user. */
function NavEntryLink({ item, roles, label, active, onNavigate }: NavEntryLinkProps) {
  const useShown = item.useShown ?? alwaysShown;
  if (!useShown(roles)) return null;
  return (
    <li>
      <MantineNavLink
        component={RouterNavLink}
        to={item.to}
        end
        label={label}
        active={active}
        variant="filled"
        onClick={onNavigate}
        fw={600}
        rightSection={item.badge ? <NavCount badge={item.badge} /> : undefined}
      />
    </li>
  );
}

/** The count of a nav link (hidden at 0); its text says what it counts to screen readers. */
function NavCount({ badge }: { badge: NavBadge }) {
  const { t } = useTranslation();
  const count = badge.useCount();
  if (count <= 0) return null;
  return (
    <Badge color="red" size="sm" circle={count < 10} data-testid="nav-badge">
      <span aria-hidden="true">{count}</span>
      <VisuallyHidden>{t(badge.labelKey, { count })}</VisuallyHidden>
    </Badge>
  );
}
