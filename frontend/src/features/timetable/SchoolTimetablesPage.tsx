import { Anchor, Card, Divider, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import type { ClassroomDetail, School } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { usePageTitle } from '../../shared/usePageTitle';
import { classroomHomeworkPath, lessonsPath } from '../homework/paths';
import { ClosuresPanel } from './ClosuresPanel';
import { defaultWeekStart } from '../../shared/dates';
import { useSchoolClassrooms } from './hooks';
import { personName } from '../../shared/labels';
import { classroomWeekPath } from './paths';
import { QueryState } from '../../shared/QueryState';
import { SchoolEventsPanel } from './SchoolEventsPanel';

/** "Emplois du temps" for a director: the school's classrooms, its closures and agenda. */
export function SchoolTimetablesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  usePageTitle(t('timetable.school.title'));
  const schools = me.schools.filter((school) => school.role === 'director');
  return (
    <Stack gap="xl" maw={1100}>
      <Stack gap={4}>
        <Title order={1}>{t('timetable.school.title')}</Title>
        <Text>{schools.length > 0 ? t('timetable.school.intro') : t('timetable.school.notDirector')}</Text>
      </Stack>
      {schools.map((school) => (
        <SchoolSection key={school.id} school={school} headingLevel={schools.length > 1 ? 2 : null} />
      ))}
    </Stack>
  );
}

function SchoolSection({ school, headingLevel }: { school: School; headingLevel: 2 | null }) {
  const { t } = useTranslation();
  const classrooms = useSchoolClassrooms(school.id);
  const headingId = `ecole-${school.id}`;
  // With one school the page title says it all; with several, one heading per school.
  const sub = headingLevel === null ? 2 : 3;
  return (
    <Stack gap="lg" component="section" aria-labelledby={headingId}>
      {headingLevel === null ? (
        <Text id={headingId} fw={700} fz="lg">
          {school.name}
        </Text>
      ) : (
        <Title order={2} id={headingId}>
          {school.name}
        </Title>
      )}
      <Stack gap="sm">
        <Title order={sub} fz="h3">
          {t('timetable.school.classroomsTitle')}
        </Title>
        {classrooms.data === undefined ? (
          <QueryState query={classrooms} />
        ) : classrooms.data.length === 0 ? (
          <Text c="dimmed">{t('timetable.school.noClassroom')}</Text>
        ) : (
          <SimpleGrid component="ul" cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" m={0} p={0} style={{ listStyle: 'none' }}>
            {classrooms.data.map((classroom) => (
              <ClassroomCard key={classroom.id} classroom={classroom} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
      <Divider />
      <ClosuresPanel schoolId={school.id} headingOrder={sub} />
      <Divider />
      <SchoolEventsPanel
        schoolId={school.id}
        start={defaultWeekStart()}
        classrooms={(classrooms.data ?? []).map((c) => ({ id: c.id, name: c.name }))}
        allowWholeSchool
        headingOrder={sub}
      />
    </Stack>
  );
}

function ClassroomCard({ classroom }: { classroom: ClassroomDetail }) {
  const { t } = useTranslation();
  const teachers = classroom.teachers.map(personName).join(', ');
  const teacherCount = classroom.teachers.length;
  return (
    <Card component="li" withBorder padding="md" radius="md">
      <Stack gap={4}>
        <Anchor
          component={Link}
          to={classroomWeekPath(classroom.id)}
          fw={700}
          fz="lg"
          aria-label={t('timetable.school.open', { name: classroom.name })}
        >
          {classroom.name}
        </Anchor>
        <Text size="sm">{classroom.levels.join(', ')}</Text>
        <Text size="sm">{teachers
            ? t('timetable.school.teachers', { names: teachers, count: teacherCount })
            : t('timetable.school.noTeacher')}</Text>
        <Text size="sm" c="dimmed">
          {t('timetable.school.pupils', { count: classroom.pupil_count })}
        </Text>
        <Group gap="md" wrap="wrap">
          <Anchor
            component={Link}
            to={lessonsPath(classroom.id)}
            size="sm"
            aria-label={t('homework.links.lessonsOf', { name: classroom.name })}
          >
            {t('homework.links.lessons')}
          </Anchor>
          <Anchor
            component={Link}
            to={classroomHomeworkPath(classroom.id)}
            size="sm"
            aria-label={t('homework.links.classroomHomeworkOf', { name: classroom.name })}
          >
            {t('homework.links.classroomHomework')}
          </Anchor>
        </Group>
      </Stack>
    </Card>
  );
}
