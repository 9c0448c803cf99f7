import { Alert, Anchor, Button, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import type { MusterSummary } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { FullPageLoader } from '../../shared/FullPageLoader';
import { usePageTitle } from '../../shared/usePageTitle';
import { useSchoolRegister, useStaffSchools, useStartMuster } from './hooks';
import { kindLabel, whenLabel } from './labels';
import { EXERCISES_PATH, musterPath } from './paths';
import { RegisterSection } from './RegisterSection';
import { StartForm } from './StartForm';

/**
 * « Sécurité », for the school's staff: the muster under way (a prominent link to its list),
 * or the form that starts one; below, the school's registre de sécurité.
 */
export function SafetyPage() {
  const { t } = useTranslation();
  usePageTitle(t('safety.home.title'));
  const me = useCurrentUser();
  const schools = useStaffSchools();
  const [chosen, setChosen] = useState<number | null>(null);
  const school = schools.find((s) => s.id === chosen) ?? schools[0];
  const register = useSchoolRegister(school?.id);
  // Newest first, one at a time per school: only the first line can be under way.
  const newest = register.data?.[0];
  const underWay = newest && newest.ended_at === null ? newest : null;
  const directs = me.schools.some((s) => s.role === 'director');
  // The start is held here, not by the form: the live event of one's own start may show
  // the muster under way (and take the form away) before the answer comes back; the page
  // stays, and opens the list when the answer comes.
  const navigate = useNavigate();
  const start = useStartMuster(school?.id ?? 0);

  return (
    <Stack gap="xl" maw={1100}>
      <Stack gap="xs">
        <Title order={1}>{t('safety.home.title')}</Title>
        <Text>{t('safety.home.intro')}</Text>
      </Stack>
      {school === undefined ? (
        <Text>{t('safety.home.noSchool')}</Text>
      ) : (
        <>
          {schools.length > 1 && (
            <NativeSelect
              label={t('safety.home.school')}
              value={String(school.id)}
              onChange={(event) => setChosen(Number(event.currentTarget.value))}
              data={schools.map((s) => ({ value: String(s.id), label: s.name }))}
              size="md"
              maw={420}
            />
          )}
          {register.isPending ? (
            <FullPageLoader />
          ) : underWay ? (
            <UnderWay muster={underWay} />
          ) : (
            // A register that fails to load never keeps anyone from starting an evacuation.
            <StartForm
              key={school.id}
              start={start}
              onStart={(body) => start.mutate(body, { onSuccess: (detail) => void navigate(musterPath(detail.id)) })}
            />
          )}
          <RegisterSection schoolId={school.id} register={register} />
        </>
      )}
      {directs && (
        <Anchor component={Link} to={EXERCISES_PATH} w="fit-content">
          {t('safety.home.exercisesLink')}
        </Anchor>
      )}
    </Stack>
  );
}

/** The muster under way: what it is, since when, and the way to its list. */
function UnderWay({ muster }: { muster: MusterSummary }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert
      color={muster.is_drill ? 'blue.9' : 'red.9'}
      variant="outline"
      role="status"
      title={muster.is_drill ? t('safety.home.drillUnderWay') : t('safety.home.alertUnderWay')}
    >
      <Group justify="space-between" gap="sm">
        <Text>
          {t('safety.home.underWay', {
            kind: kindLabel(t, muster.kind),
            when: whenLabel(t, muster.started_at, i18n.language),
          })}
        </Text>
        <Button component={Link} to={musterPath(muster.id)} size="lg" color={muster.is_drill ? 'blue.9' : 'red.9'}>
          {t('safety.home.openList')}
        </Button>
      </Group>
    </Alert>
  );
}
