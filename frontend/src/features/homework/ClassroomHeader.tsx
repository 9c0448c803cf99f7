import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import type { ClassroomDetail, Me } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { NotFoundPage } from '../../shared/NotFoundPage';
import { usePageTitle } from '../../shared/usePageTitle';
import { classroomWeekPath, SCHOOL_TIMETABLES_PATH } from '../timetable/paths';
import { QueryState } from '../../shared/QueryState';
import { useClassroom } from './hooks';
import { classroomHomeworkPath, lessonsPath } from './paths';

export interface ClassroomAccess {
  classroom: ClassroomDetail;
  me: Me;
  /** A teacher of the classroom: writes its cahier de textes and sets its homework. */
  isTeacher: boolean;
  /** The school's director: reads everything, writes nothing of other teachers'. */
  isDirector: boolean;
}

type Page = 'lessons' | 'homework';

function isDirectorOf(me: Me, schoolId: number): boolean {
  return me.schools.some((school) => school.id === schoolId && school.role === 'director');
}

/**
 * The frame of a classroom page (cahier de textes, devoirs de la classe): the `:classroomId`
 * of the route, the classroom's card, its title, links to its other pages.
 */
export function ClassroomPage({ page, children }: { page: Page; children: (access: ClassroomAccess) => ReactNode }) {
  const { classroomId } = useParams();
  const id = Number(classroomId);
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage />;
  return (
    <ClassroomFrame key={id} classroomId={id} page={page}>
      {children}
    </ClassroomFrame>
  );
}

function ClassroomFrame({
  classroomId,
  page,
  children,
}: {
  classroomId: number;
  page: Page;
  children: (access: ClassroomAccess) => ReactNode;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const classroom = useClassroom(classroomId);
  const name = classroom.data?.name;
  const title =
    page === 'lessons'
      ? name
        ? t('homework.lessons.title', { name })
        : t('homework.lessons.fallbackTitle')
      : name
        ? t('homework.classroom.title', { name })
        : t('homework.classroom.fallbackTitle');
  usePageTitle(title);

  const data = classroom.data;
  const isDirector = data ? isDirectorOf(me, data.school.id) : false;
  return (
    <Stack gap="lg" maw={1000}>
      <Stack gap={4}>
        <Title order={1}>{title}</Title>
        {data && (
          <>
            <Text c="dimmed">
              {data.school.name} · {t('timetable.classroom.levels', { levels: data.levels.join(', ') })}
            </Text>
            <Group component="nav" aria-label={t('homework.links.label')} gap="md" wrap="wrap">
              {page === 'lessons' ? (
                <Anchor component={Link} to={classroomHomeworkPath(classroomId)} size="sm">
                  {t('homework.links.classroomHomework')}
                </Anchor>
              ) : (
                <Anchor component={Link} to={lessonsPath(classroomId)} size="sm">
                  {t('homework.links.lessons')}
                </Anchor>
              )}
              <Anchor component={Link} to={classroomWeekPath(classroomId)} size="sm">
                {t('homework.links.timetable')}
              </Anchor>
              {isDirector && (
                <Anchor component={Link} to={SCHOOL_TIMETABLES_PATH} size="sm">
                  {t('homework.links.school')}
                </Anchor>
              )}
            </Group>
          </>
        )}
      </Stack>
      {data === undefined ? (
        <QueryState query={classroom} />
      ) : (
        children({
          classroom: data,
          me,
          isTeacher: me.classrooms.some((c) => c.id === classroomId),
          isDirector,
        })
      )}
    </Stack>
  );
}
