import { Alert, Checkbox, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import type { ChildHomework, ChildHomeworkItem, FamilyLesson } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { errorMessage } from '../../shared/errorMessage';
import { FullPageLoader } from '../../shared/FullPageLoader';
import { usePageTitle } from '../../shared/usePageTitle';
import { WeekNavigation } from '../../shared/DateNavigation';
import { addDays, formatDayLong } from '../../shared/dates';
import { subjectLabel } from '../../shared/labels';
import { QueryState } from '../../shared/QueryState';
import classes from './Homework.module.css';
import { useDueWeekParam } from './dueWeek';
import { AttachmentList, HomeworkFacts, ServerHtml, WithdrawnBadge } from './HomeworkParts';
import { useChildrenHomework, useSetDone, type DoneChange } from './hooks';
import { groupByDate, homeworkTitle } from './labels';

const CHILD_PARAM = 'enfant';

/** "Devoirs": the homework of the week of each child (guardian) or one's own (pupil). */
export function HomeworkPage() {
  const { t } = useTranslation();
  usePageTitle(t('homework.family.title'));
  const me = useCurrentUser();
  const weekStart = useDueWeekParam(me.children.find((child) => child.school)?.school?.id ?? me.schools[0]?.id);
  if (weekStart === null) {
    return (
      <Stack gap="lg" maw={900}>
        <Title order={1}>{t('homework.family.title')}</Title>
        <FullPageLoader />
      </Stack>
    );
  }
  return <HomeworkWeek weekStart={weekStart} />;
}

function HomeworkWeek({ weekStart }: { weekStart: string }) {
  const { t } = useTranslation();
  const weekEnd = addDays(weekStart, 6);
  const [params, setParams] = useSearchParams();
  const homework = useChildrenHomework(weekStart, weekEnd);
  const setDone = useSetDone(weekStart, weekEnd);

  const children = homework.data ?? [];
  const requested = Number(params.get(CHILD_PARAM));
  const selected = children.find((child) => child.pupil.id === requested) ?? children[0];

  const selectChild = (pupilId: string) => {
    const next = new URLSearchParams(params);
    next.set(CHILD_PARAM, pupilId);
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="lg" maw={900}>
      <Title order={1}>{t('homework.family.title')}</Title>

      {children.length > 1 && (
        <SegmentedControl
          aria-label={t('homework.family.childSwitcher')}
          value={String(selected?.pupil.id ?? '')}
          onChange={selectChild}
          data={children.map((child) => ({ value: String(child.pupil.id), label: child.pupil.first_name }))}
          fullWidth
          maw={640}
          color="blue.9"
        />
      )}

      {homework.data === undefined ? (
        <QueryState query={homework} />
      ) : selected === undefined ? (
        <Text>{t('homework.family.noChildren')}</Text>
      ) : (
        <ChildWeek
          child={selected}
          weekStart={weekStart}
          busy={homework.isFetching}
          onDone={(change) => setDone.mutate(change)}
          failed={setDone.isError ? { change: setDone.variables, error: setDone.error } : null}
        />
      )}

      {homework.data !== undefined && homework.isError && <QueryState query={homework} />}
    </Stack>
  );
}

interface ChildWeekProps {
  child: ChildHomework;
  weekStart: string;
  busy: boolean;
  onDone: (change: DoneChange) => void;
  failed: { change: DoneChange | undefined; error: unknown } | null;
}

function ChildWeek({ child, weekStart, busy, onDone, failed }: ChildWeekProps) {
  const { t, i18n } = useTranslation();
  const days = groupByDate(child.items, (item) => item.homework.due_date);
  const friday = addDays(weekStart, 4);
  const lastDue = days[days.length - 1]?.[0];
  const lastDay = lastDue && lastDue > friday ? lastDue : friday;
  const prefix = `devoirs-${child.pupil.id}`;

  return (
    <Stack gap="md" component="section" aria-labelledby={`${prefix}-titre`} aria-busy={busy || undefined}>
      <WeekNavigation weekStart={weekStart} lastDay={lastDay} headingId={`${prefix}-titre`} />
      <Text fw={600}>
        {child.pupil.first_name} {child.pupil.last_name}
        <Text span c="dimmed" fw={400}>
          {' · '}
          {t('homework.family.classroom', { classroom: child.classroom.name, school: child.classroom.school.name })}
        </Text>
      </Text>

      {days.length === 0 ? (
        <Text>{t('homework.family.empty')}</Text>
      ) : (
        days.map(([date, items]) => (
          <Stack key={date} gap="xs" component="section" aria-labelledby={`${prefix}-${date}`}>
            <Title order={3} fz="h4" id={`${prefix}-${date}`}>
              {t('homework.dueOn', { date: formatDayLong(date, i18n.language) })}
            </Title>
            <ul className={classes.list}>
              {items.map((item) => (
                <li key={item.homework.id}>
                  <ChildHomeworkCard
                    item={item}
                    pupilId={child.pupil.id}
                    onDone={onDone}
                    error={
                      failed?.change?.homeworkId === item.homework.id && failed.change.pupilId === child.pupil.id
                        ? failed.error
                        : null
                    }
                  />
                </li>
              ))}
            </ul>
          </Stack>
        ))
      )}

      {child.lessons_shown && <ClassLessons child={child} prefix={prefix} />}
    </Stack>
  );
}

/**
 * "Fait en classe": the cahier de textes of the child's classroom for the week, day by
 * day, up to today (the server sends only that, and nothing when the school holds it back).
 */
function ClassLessons({ child, prefix }: { child: ChildHomework; prefix: string }) {
  const { t, i18n } = useTranslation();
  const days = groupByDate(child.lessons, (lesson) => lesson.date);
  const headingId = `${prefix}-fait-en-classe`;
  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Title order={2} fz="h3" id={headingId}>
        {t('homework.family.lessons.title')}
      </Title>
      {days.length === 0 ? (
        <Text>{t('homework.family.lessons.empty')}</Text>
      ) : (
        days.map(([date, lessons]) => (
          <Stack key={date} gap="xs" component="section" aria-labelledby={`${headingId}-${date}`}>
            <Title order={3} fz="h4" id={`${headingId}-${date}`}>
              {t('homework.family.lessons.day', { date: formatDayLong(date, i18n.language) })}
            </Title>
            <ul className={classes.list}>
              {lessons.map((lesson) => (
                <li key={lesson.id}>
                  <FamilyLessonCard lesson={lesson} />
                </li>
              ))}
            </ul>
          </Stack>
        ))
      )}
    </Stack>
  );
}

function FamilyLessonCard({ lesson }: { lesson: FamilyLesson }) {
  const { t } = useTranslation();
  const titleId = `seance-${lesson.id}`;
  return (
    <Paper component="article" aria-labelledby={titleId} withBorder p="sm" className={classes.card}>
      <Stack gap="xs">
        <Title order={4} fz="md" id={titleId}>
          {t('homework.family.lessons.lessonTitle', { subject: subjectLabel(t, lesson.subject), title: lesson.title })}
        </Title>
        <Text size="sm" c="dimmed">
          {t('homework.family.lessons.author', { name: `${lesson.author.first_name} ${lesson.author.last_name}` })}
        </Text>
        <ServerHtml html={lesson.content_html} />
        <AttachmentList attachments={lesson.attachments} labelId={`${titleId}-pj`} />
      </Stack>
    </Paper>
  );
}

interface ChildHomeworkCardProps {
  item: ChildHomeworkItem;
  pupilId: number;
  onDone: (change: DoneChange) => void;
  error: unknown;
}

function ChildHomeworkCard({ item, pupilId, onDone, error }: ChildHomeworkCardProps) {
  const { t, i18n } = useTranslation();
  const { homework, done } = item;
  const withdrawn = homework.status === 'withdrawn';
  const titleId = `devoir-${pupilId}-${homework.id}`;
  return (
    <Paper
      component="article"
      aria-labelledby={titleId}
      withBorder
      p="sm"
      className={classes.card}
      data-status={homework.status}
      data-done={(done && !withdrawn) || undefined}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Title order={4} fz="md" id={titleId} td={withdrawn ? 'line-through' : undefined}>
            {subjectLabel(t, homework.subject)}
          </Title>
          {withdrawn && <WithdrawnBadge />}
        </Group>
        {withdrawn && <Text size="sm">{t('homework.item.withdrawnHint')}</Text>}
        <ServerHtml html={homework.instructions_html} struck={withdrawn} />
        {!withdrawn && <HomeworkFacts homework={homework} />}
        <AttachmentList attachments={homework.attachments} labelId={`${titleId}-pj`} />
        {!withdrawn && (
          <Checkbox
            label={t('homework.family.done')}
            aria-label={t('homework.family.markDone', { title: homeworkTitle(t, homework, i18n.language) })}
            checked={done}
            onChange={(event) => onDone({ homeworkId: homework.id, pupilId, done: event.currentTarget.checked })}
            color="teal.9"
            size="md"
          />
        )}
        {error !== null && (
          <Alert color="red" variant="outline" role="alert" p="xs">
            {t('homework.family.doneError', { message: errorMessage(error, t) })}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
