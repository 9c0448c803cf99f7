import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useCurrentUser } from '../../shared/currentUser';
import { QueryState } from '../../shared/QueryState';
import { usePageTitle } from '../../shared/usePageTitle';
import { useSchoolClassrooms } from './hooks';
import { classBilansPath, evaluationsPath } from './paths';
import { LevelScaleSection } from './LevelScaleForm';
import { PeriodsSection } from './PeriodsForm';

/** The director's "Livret": each class of the school, with its evaluations and its bilans. */
export function SchoolLivretPage() {
  const { t } = useTranslation();
  usePageTitle(t('livret.school.title'));
  const me = useCurrentUser();
  const school = me.schools.find((s) => s.role === 'director');
  const classrooms = useSchoolClassrooms(school?.id);
  return (
    <Stack gap="lg" maw={900}>
      <Stack gap={4}>
        <Title order={1}>{t('livret.school.title')}</Title>
        {school && <Text c="dimmed">{school.name}</Text>}
      </Stack>
      {school && <PeriodsSection schoolId={school.id} />}
      {school && <LevelScaleSection schoolId={school.id} />}
      <Stack gap="sm" component="section" aria-labelledby="classes-ecole">
        <Title order={2} fz="h3" id="classes-ecole">
          {t('livret.school.classes')}
        </Title>
        {classrooms.data === undefined ? (
          <QueryState query={classrooms} />
        ) : classrooms.data.length === 0 ? (
          <Text>{t('livret.school.empty')}</Text>
        ) : (
          classrooms.data.map((classroom) => (
            <Paper key={classroom.id} withBorder p="sm">
              <Group justify="space-between" gap="sm" wrap="wrap">
                <Text fw={600}>
                  {classroom.name}{' '}
                  <Text span c="dimmed" size="sm">
                    ({classroom.levels.join(', ')})
                  </Text>
                </Text>
                <Group gap="md" component="nav" aria-label={t('livret.school.classLinks', { name: classroom.name })}>
                  <Anchor
                    component={Link}
                    to={evaluationsPath(classroom.id)}
                    aria-label={t('livret.school.evaluationsOf', { name: classroom.name })}
                  >
                    {t('livret.school.evaluations')}
                  </Anchor>
                  <Anchor
                    component={Link}
                    to={classBilansPath(classroom.id)}
                    aria-label={t('livret.school.bilansOf', { name: classroom.name })}
                  >
                    {t('livret.school.bilans')}
                  </Anchor>
                </Group>
              </Group>
            </Paper>
          ))
        )}
      </Stack>
    </Stack>
  );
}
