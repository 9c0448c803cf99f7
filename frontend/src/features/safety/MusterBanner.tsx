import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

import type { MusterSummary } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { useCurrentMusters, usePendingTapsSync, useStaffSchools } from './hooks';
import { kindLabel } from './labels';
import { musterPath } from './paths';

/**
 * In the signed-in layout, for the school's staff: while an alert or a drill is under way,
 * every page says so and links to its list (`safety.muster_started` makes it appear at
 * once; a phone opened later finds it too). It also sends the taps this phone kept without
 * network, whatever page is open.
 */
export function MusterBanner() {
  const me = useCurrentUser();
  const schools = useStaffSchools();
  usePendingTapsSync(me.id, schools.length > 0);
  const currents = useCurrentMusters(schools.map((school) => school.id));
  const { pathname } = useLocation();
  const underWay = currents
    .map((query) => query.data)
    .filter((muster): muster is MusterSummary => muster !== undefined && muster !== null)
    // On its own list the banner would only repeat the page's title.
    .filter((muster) => pathname !== musterPath(muster.id));
  return underWay.map((muster) => <BannerLine key={muster.id} muster={muster} />);
}

function BannerLine({ muster }: { muster: MusterSummary }) {
  const { t } = useTranslation();
  const kind = kindLabel(t, muster.kind);
  const color = muster.is_drill ? 'blue.9' : 'red.9';
  return (
    // A real alert interrupts (role alert); a drill is announced politely.
    <Alert color={color} variant="filled" role={muster.is_drill ? 'status' : 'alert'} mb="md" p="sm">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text fw={700} c="white">
          {muster.is_drill ? t('safety.banner.drill', { kind }) : t('safety.banner.alert', { kind })}
        </Text>
        <Button component={Link} to={musterPath(muster.id)} variant="white" color={color} size="md">
          {t('safety.banner.open')}
        </Button>
      </Group>
    </Alert>
  );
}
