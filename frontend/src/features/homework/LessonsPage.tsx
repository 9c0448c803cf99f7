import { Anchor, Button, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import type { Lesson } from '../../api/types';
import { WEEK_PARAM, WeekNavigation } from '../../shared/DateNavigation';
import { addDays, formatDayLong, isIsoDate, mondayOf, todayAtSchool } from '../../shared/dates';
import { personName, subjectLabel } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';
import { ClassroomPage, type ClassroomAccess } from './ClassroomHeader';
import classes from './Homework.module.css';
import { AttachmentList, AttachmentUpload, ServerHtml } from './HomeworkParts';
import { useLessons } from './hooks';
import { groupByDate } from './labels';
import { LessonEditor } from './LessonEditor';
import { classroomHomeworkPath } from './paths';

/** `?semaine=` (any day of it), or the week that contains today: the cahier de textes looks back. */
function usePastWeekParam(): string {
  const [params] = useSearchParams();
  const value = params.get(WEEK_PARAM);
  return isIsoDate(value) ? mondayOf(value) : mondayOf(todayAtSchool());
}

/**
 * "Cahier de textes" of a classroom: its teachers write today's lessons (with the homework
 * they give); the director reads every classroom's.
 */
export function LessonsPage() {
  return <ClassroomPage page="lessons">{(access) => <LessonsContent {...access} />}</ClassroomPage>;
}

function LessonsContent({ classroom, me, isTeacher }: ClassroomAccess) {
  const { t } = useTranslation();
  const weekStart = usePastWeekParam();
  const lessons = useLessons(classroom.id, weekStart, addDays(weekStart, 6));
  // Friday, or the last day written on (a Saturday outing, an entry written on Sunday).
  const friday = addDays(weekStart, 4);
  const lastWritten = lessons.data?.[lessons.data.length - 1]?.date;
  const lastDay = lastWritten && lastWritten > friday && lastWritten <= addDays(weekStart, 6) ? lastWritten : friday;

  return (
    <>
      {isTeacher ? (
        <Stack gap="sm" component="section" aria-labelledby="nouvelle-seance-titre">
          <Title order={2} id="nouvelle-seance-titre">
            {t('homework.editor.title')}
          </Title>
          <Text size="sm">{t('homework.editor.intro')}</Text>
          <LessonEditor classroom={classroom} />
        </Stack>
      ) : (
        <Text>{t('homework.lessons.readOnly')}</Text>
      )}
      <Divider />
      <Stack
        gap="md"
        component="section"
        aria-labelledby="seances-titre"
        aria-busy={lessons.isFetching || undefined}
      >
        <WeekNavigation weekStart={weekStart} lastDay={lastDay} headingId="seances-titre" />
        {lessons.data === undefined ? (
          <QueryState query={lessons} />
        ) : (
          <LessonDays lessons={lessons.data} canAttach={isTeacher} viewerPersonId={me.person?.id ?? null} />
        )}
        {lessons.data !== undefined && lessons.isError && <QueryState query={lessons} />}
      </Stack>
    </>
  );
}

function LessonDays({
  lessons,
  canAttach,
  viewerPersonId,
}: {
  lessons: Lesson[];
  canAttach: boolean;
  viewerPersonId: number | null;
}) {
  const { t, i18n } = useTranslation();
  if (lessons.length === 0) return <Text>{t('homework.lessons.empty')}</Text>;
  return (
    <>
      {groupByDate(lessons, (lesson) => lesson.date).map(([date, entries]) => (
        <Stack key={date} gap="xs" component="section" aria-labelledby={`seances-${date}`}>
          <Title order={3} fz="h4" id={`seances-${date}`} className={classes.capitalized}>
            {formatDayLong(date, i18n.language)}
          </Title>
          <ul className={classes.list}>
            {entries.map((lesson) => (
              <li key={lesson.id}>
                <LessonCard lesson={lesson} canAttach={canAttach} viewerPersonId={viewerPersonId} />
              </li>
            ))}
          </ul>
        </Stack>
      ))}
    </>
  );
}

function LessonCard({
  lesson,
  canAttach,
  viewerPersonId,
}: {
  lesson: Lesson;
  canAttach: boolean;
  viewerPersonId: number | null;
}) {
  const { t } = useTranslation();
  const [attaching, setAttaching] = useState(false);
  const titleId = `seance-${lesson.id}`;
  return (
    <Paper component="article" aria-labelledby={titleId} withBorder p="sm" className={classes.card}>
      <Stack gap="xs">
        <Stack gap={0}>
          <Text size="sm" fw={600} c="blue.9">
            {subjectLabel(t, lesson.subject)}
          </Text>
          <Title order={4} fz="md" id={titleId}>
            {lesson.title}
          </Title>
        </Stack>
        <ServerHtml html={lesson.content_html} />
        <AttachmentList attachments={lesson.attachments} labelId={`${titleId}-pj`} />
        {lesson.author.id !== viewerPersonId && (
          <Text size="sm" c="dimmed">
            {t('homework.lessons.by', { name: personName(lesson.author) })}
          </Text>
        )}
        {lesson.homework_ids.length > 0 && (
          <Anchor component={Link} to={classroomHomeworkPath(lesson.classroom_id)} size="sm" w="fit-content">
            {t('homework.lessons.homeworkGiven')}
          </Anchor>
        )}
        {canAttach && (
          <Group>
            {attaching ? (
              <AttachmentUpload
                target={{ kind: 'lesson', id: lesson.id }}
                label={t('homework.lessons.attach', { title: lesson.title })}
              />
            ) : (
              <Button
                variant="default"
                size="xs"
                onClick={() => setAttaching(true)}
                aria-label={t('homework.lessons.attach', { title: lesson.title })}
              >
                {t('homework.attachments.add')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
