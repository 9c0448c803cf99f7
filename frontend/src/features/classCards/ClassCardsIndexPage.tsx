import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useCurrentUser } from '../../shared/currentUser';
import { FullPageLoader } from '../../shared/FullPageLoader';
import { usePageTitle } from '../../shared/usePageTitle';
import { fetchClassroomsOfSchool } from '../accounts/api';
import { classCardsPath } from './paths';
import { CLASS_CARDS_QUERY_KEY } from './queryKeys';

const HEADING_ID = 'cartes-de-classe';

/**
 * « Cartes de classe » for a director: the classes of the schools they direct, and those
 * they teach, each a link to its cards.
 */
export function ClassCardsIndexPage() {
  const { t } = useTranslation();
  usePageTitle(t('classCards.teacher.indexTitle'));
  const me = useCurrentUser();
  const directed = me.schools.filter((school) => school.role === 'director');
  const schools = useQueries({
    queries: directed.map((school) => ({
      queryKey: [...CLASS_CARDS_QUERY_KEY, 'schoolClassrooms', school.id],
      queryFn: () => fetchClassroomsOfSchool(school.id),
    })),
  });
  const classrooms = [
    ...me.classrooms.map((classroom) => ({ id: classroom.id, name: classroom.name })),
    ...schools.flatMap((query) => query.data ?? []).map((classroom) => ({ id: classroom.id, name: classroom.name })),
  ].filter((classroom, index, all) => all.findIndex((other) => other.id === classroom.id) === index);

  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap="xs">
        <Title order={1} id={HEADING_ID}>
          {t('classCards.teacher.indexTitle')}
        </Title>
        <Text>{t('classCards.teacher.indexIntro')}</Text>
      </Stack>
      {schools.some((query) => query.isPending) ? (
        <FullPageLoader />
      ) : classrooms.length === 0 ? (
        <Text>{t('classCards.teacher.noClassrooms')}</Text>
      ) : (
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }} aria-labelledby={HEADING_ID}>
          {classrooms.map((classroom) => (
            <li key={classroom.id}>
              <Anchor component={Link} to={classCardsPath(classroom.id)} fz="lg">
                {t('classCards.teacher.titleOf', { classroom: classroom.name })}
              </Anchor>
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
