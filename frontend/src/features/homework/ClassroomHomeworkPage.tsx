import type { TFunction } from 'i18next';
import { Box, Button, Collapse, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Homework, HomeworkDoneList, WorkloadDay } from '../../api/types';
import { WeekNavigation } from '../../shared/DateNavigation';
import { addDays, formatDayLong, todayAtSchool } from '../../shared/dates';
import { personName, subjectLabel } from '../../shared/labels';
import { FullPageLoader } from '../../shared/FullPageLoader';
import { QueryState } from '../../shared/QueryState';
import { ClassroomPage, type ClassroomAccess } from './ClassroomHeader';
import { useDueWeekParam } from './dueWeek';
import classes from './Homework.module.css';
import { HomeworkModal, WithdrawModal, type HomeworkEdit } from './HomeworkModal';
import { AttachmentList, AttachmentUpload, HomeworkFacts, ServerHtml, WithdrawnBadge } from './HomeworkParts';
import { useClassroomDoneLists, useClassroomHomework, useWorkload } from './hooks';
import { groupByDate, homeworkTitle } from './labels';

/**
 * "Devoirs de la classe" (teachers, director): the week's homework by due date, who has
 * done each, the daily workload; teachers add, edit and withdraw.
 */
export function ClassroomHomeworkPage() {
  return <ClassroomPage page="homework">{(access) => <ClassroomHomeworkContent {...access} />}</ClassroomPage>;
}

function ClassroomHomeworkContent(access: ClassroomAccess) {
  // Without ?semaine=, the week of the school's next half-day of class (as for families).
  const weekStart = useDueWeekParam(access.classroom.school.id);
  return weekStart === null ? <FullPageLoader /> : <ClassroomHomeworkWeek {...access} weekStart={weekStart} />;
}

function ClassroomHomeworkWeek({ classroom, isTeacher, weekStart }: ClassroomAccess & { weekStart: string }) {
  const { t } = useTranslation();
  const weekEnd = addDays(weekStart, 6);
  const homework = useClassroomHomework(classroom.id, weekStart, weekEnd);
  const workload = useWorkload(classroom.id, weekStart, weekEnd);
  const items = homework.data ?? [];
  const doneLists = useClassroomDoneLists(classroom.id, weekStart, weekEnd);
  const [edit, setEdit] = useState<HomeworkEdit | null>(null);
  const [withdrawing, setWithdrawing] = useState<Homework | null>(null);
  const [status, setStatus] = useState('');

  const friday = addDays(weekStart, 4);
  const lastDue = items[items.length - 1]?.due_date;
  const lastDay = lastDue && lastDue > friday && lastDue <= weekEnd ? lastDue : friday;
  const today = todayAtSchool();

  return (
    <>
      <Stack gap="md" component="section" aria-labelledby="devoirs-classe-titre" aria-busy={homework.isFetching || undefined}>
        <WeekNavigation weekStart={weekStart} lastDay={lastDay} headingId="devoirs-classe-titre" />
        {isTeacher && (
          <Button
            variant="light"
            w="fit-content"
            onClick={() => {
              setStatus('');
              setEdit({ mode: 'create', dueDate: weekStart > today ? weekStart : '' });
            }}
          >
            {t('homework.classroom.add')}
          </Button>
        )}
        <div role="status" aria-live="polite">
          {status && (
            <Text c="teal.9" fw={600}>
              {status}
            </Text>
          )}
        </div>

        <WorkloadTable workload={workload} />

        {homework.data === undefined ? (
          <QueryState query={homework} />
        ) : items.length === 0 ? (
          <Text>{t('homework.classroom.empty')}</Text>
        ) : (
          groupByDate(items, (item) => item.due_date).map(([date, dayItems]) => (
            <DueDay
              key={date}
              date={date}
              items={dayItems}
              doneOf={(id) => ({
                list: doneLists.data?.find((board) => board.homework_id === id),
                isError: doneLists.isError,
              })}
              canEdit={isTeacher}
              onEdit={(h) => {
                setStatus('');
                setEdit({ mode: 'edit', homework: h });
              }}
              onWithdraw={(h) => {
                setStatus('');
                setWithdrawing(h);
              }}
            />
          ))
        )}
        {homework.data !== undefined && homework.isError && <QueryState query={homework} />}
      </Stack>

      {isTeacher && (
        <>
          <HomeworkModal
            classroom={classroom}
            edit={edit}
            onClose={() => setEdit(null)}
            onSaved={() => {
              setEdit(null);
              setStatus(t('homework.classroom.saved'));
            }}
          />
          <WithdrawModal
            homework={withdrawing}
            onClose={() => setWithdrawing(null)}
            onDone={() => {
              setWithdrawing(null);
              setStatus(t('homework.classroom.withdrawn'));
            }}
          />
        </>
      )}
    </>
  );
}

function DueDay({
  date,
  items,
  doneOf,
  canEdit,
  onEdit,
  onWithdraw,
}: {
  date: string;
  items: Homework[];
  doneOf: (homeworkId: number) => DoneBoard;
  canEdit: boolean;
  onEdit: (homework: Homework) => void;
  onWithdraw: (homework: Homework) => void;
}) {
  const { t, i18n } = useTranslation();
  const headingId = `pour-${date}`;
  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Title order={3} fz="h4" id={headingId}>
        {t('homework.dueOn', { date: formatDayLong(date, i18n.language) })}
      </Title>
      <ul className={classes.list}>
        {items.map((homework) => (
          <li key={homework.id}>
            <ClassroomHomeworkCard
              homework={homework}
              done={doneOf(homework.id)}
              canEdit={canEdit}
              onEdit={() => onEdit(homework)}
              onWithdraw={() => onWithdraw(homework)}
            />
          </li>
        ))}
      </ul>
    </Stack>
  );
}

function ClassroomHomeworkCard({
  homework,
  done,
  canEdit,
  onEdit,
  onWithdraw,
}: {
  homework: Homework;
  done: DoneBoard;
  canEdit: boolean;
  onEdit: () => void;
  onWithdraw: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [attaching, setAttaching] = useState(false);
  const withdrawn = homework.status === 'withdrawn';
  const titleId = `devoir-${homework.id}`;
  const title = homeworkTitle(t, homework, i18n.language);
  return (
    <Paper component="article" aria-labelledby={titleId} withBorder p="sm" className={classes.card} data-status={homework.status}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Title order={4} fz="md" id={titleId} td={withdrawn ? 'line-through' : undefined}>
            {subjectLabel(t, homework.subject)}
          </Title>
          {withdrawn && <WithdrawnBadge />}
        </Group>
        <Text size="sm" c="dimmed">
          {audienceText(t, homework)}
        </Text>
        <ServerHtml html={homework.instructions_html} struck={withdrawn} />
        {!withdrawn && <HomeworkFacts homework={homework} />}
        <AttachmentList attachments={homework.attachments} labelId={`${titleId}-pj`} />
        {!withdrawn && <DonePanel homeworkId={homework.id} done={done} />}
        {canEdit && !withdrawn && (
          <Stack gap="xs">
            <Group gap="xs" wrap="wrap">
              <Button variant="default" size="xs" onClick={onEdit} aria-label={t('homework.classroom.editLabel', { title })}>
                {t('homework.classroom.edit')}
              </Button>
              <Button
                variant="default"
                size="xs"
                onClick={() => setAttaching((open) => !open)}
                aria-expanded={attaching}
                aria-label={t('homework.classroom.attachLabel', { title })}
              >
                {t('homework.attachments.add')}
              </Button>
              <Button
                variant="outline"
                color="red.9"
                size="xs"
                onClick={onWithdraw}
                aria-label={t('homework.classroom.withdrawLabel', { title })}
              >
                {t('homework.classroom.withdraw')}
              </Button>
            </Group>
            {attaching && (
              <AttachmentUpload target={{ kind: 'homework', id: homework.id }} label={t('homework.classroom.attachLabel', { title })} />
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function audienceText(t: TFunction, homework: Homework): string {
  if (homework.audience === 'levels') return t('homework.audience.levels', { levels: homework.levels.join(', ') });
  if (homework.audience === 'pupils') {
    return t('homework.audience.pupils', { names: homework.pupils.map(personName).join(', ') });
  }
  return t('homework.audience.classroom');
}

/** "Fait par 3 / 24" and, unfolded, who has (in words: "Fait" / "Pas encore"). */
/** One homework's board, from the week's boards (`list` undefined while they load). */
interface DoneBoard {
  list: HomeworkDoneList | undefined;
  isError: boolean;
}

function DonePanel({ homeworkId, done }: { homeworkId: number; done: DoneBoard }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const panelId = `fait-par-${homeworkId}`;
  const list = done.list;
  return (
    <Stack gap={4}>
      <Button
        variant="subtle"
        color="blue.9"
        c="blue.9"
        size="compact-sm"
        w="fit-content"
        px={4}
        onClick={() => setOpened((o) => !o)}
        aria-expanded={opened}
        aria-controls={panelId}
        disabled={list === undefined}
      >
        <span aria-hidden="true">{opened ? '▾' : '▸'}&nbsp;</span>
        {list
          ? t('homework.classroom.doneCount', { done: list.done_count, total: list.pupil_count })
          : done.isError
            ? t('homework.classroom.doneError')
            : t('homework.classroom.doneLoading')}
      </Button>
      <Collapse expanded={opened} id={panelId}>
        {list && (
          <List size="sm" spacing={2} pl="md" aria-label={t('homework.classroom.doneListLabel')}>
            {list.pupils.map((row) => (
              <List.Item key={row.pupil.id}>
                {personName(row.pupil)}
                {' : '}
                <Text span size="sm" fw={row.done ? 700 : 400} c={row.done ? 'teal.9' : undefined}>
                  {row.done ? t('homework.classroom.pupilDone') : t('homework.classroom.pupilNotDone')}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </Collapse>
    </Stack>
  );
}

/** Minutes of homework due each day of the week: numbers in a table, a bar to compare at a glance. */
function WorkloadTable({ workload }: { workload: UseQueryResult<WorkloadDay[]> }) {
  const { t, i18n } = useTranslation();
  const days = workload.data;
  const max = Math.max(1, ...(days ?? []).map((day) => day.minutes));
  return (
    <Stack gap="xs" component="section" aria-labelledby="charge-titre">
      <Title order={3} fz="h4" id="charge-titre">
        {t('homework.workload.title')}
      </Title>
      {days === undefined ? (
        <QueryState query={workload} />
      ) : days.length === 0 ? (
        <Text size="sm">{t('homework.workload.empty')}</Text>
      ) : (
        <Table withTableBorder verticalSpacing={4} fz="sm" maw={640} aria-labelledby="charge-titre">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('homework.workload.day')}</Table.Th>
              <Table.Th scope="col">{t('homework.workload.count')}</Table.Th>
              <Table.Th scope="col">{t('homework.workload.minutes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {days.map((day) => (
              <Table.Tr key={day.date}>
                <Table.Th scope="row" fw={600} className={classes.capitalized}>
                  {formatDayLong(day.date, i18n.language)}
                </Table.Th>
                <Table.Td>{day.count}</Table.Td>
                <Table.Td className={classes.barCell}>
                  <Group gap="xs" wrap="nowrap">
                    <Text span size="sm" miw={52}>
                      {t('homework.workload.minutesValue', { count: day.minutes })}
                    </Text>
                    <Box flex={1} aria-hidden="true">
                      <Box className={classes.bar} style={{ width: `${(day.minutes / max) * 100}%` }} />
                    </Box>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
