import type { TFunction } from 'i18next';
import { Badge, List, SimpleGrid, Table, Tabs, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { OndeGuardianRow, OndePreview, OndePupilRow, OndeSummary } from '../../api/types';
import { formatBirthDate } from './format';
import classes from './Imports.module.css';

type SummaryKey = keyof OndeSummary;

const SUMMARY_KEYS: readonly SummaryKey[] = [
  'classrooms_to_create',
  'pupils_to_create',
  'pupils_to_update',
  'pupils_to_move',
  'pupils_to_withdraw',
  'pupils_unchanged',
  'guardians_to_create',
  'guardianships_to_create',
  'rejected',
];

/** The counts of a preview (what would change) or, `applied`, of an import (what changed). */
export function SummaryCounts({
  summary,
  labelledBy,
  applied = false,
}: {
  summary: OndeSummary;
  labelledBy: string;
  applied?: boolean;
}) {
  const { t } = useTranslation();
  const labels = applied ? 'imports.result.counts' : 'imports.summary';
  return (
    <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 3 }} spacing="xs" m={0} aria-labelledby={labelledBy}>
      {SUMMARY_KEYS.map((key) => (
        <div key={key} className={classes.count} data-alert={key === 'rejected' && summary[key] > 0 ? '' : undefined}>
          <dt>{t(`${labels}.${key}`)}</dt>
          <dd>{summary[key]}</dd>
        </div>
      ))}
    </SimpleGrid>
  );
}

function ScrollTable({ caption, head, children }: { caption: string; head: string[]; children: ReactNode }) {
  return (
    // Scrolls sideways on a phone: focusable and named so that a keyboard can scroll it.
    <Table.ScrollContainer minWidth={560} type="native" tabIndex={0} role="region" aria-label={caption}>
      <Table striped withTableBorder verticalSpacing="xs" captionSide="top">
        <Table.Caption className={classes.caption}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {head.map((column) => (
              <Table.Th key={column} scope="col">
                {column}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Empty() {
  const { t } = useTranslation();
  return <Text c="dimmed">{t('imports.table.empty')}</Text>;
}

function PupilTable({ rows, caption, kind }: { rows: OndePupilRow[]; caption: string; kind: 'create' | 'update' | 'move' | 'withdraw' }) {
  const { t, i18n } = useTranslation();
  if (rows.length === 0) return <Empty />;
  const head = [
    t('imports.table.line'),
    t('imports.table.pupil'),
    t('imports.table.birthDate'),
    ...(kind === 'withdraw' ? [] : [t('imports.table.level')]),
    ...(kind === 'move' || kind === 'withdraw' ? [t('imports.table.previousClassroom')] : []),
    ...(kind === 'withdraw' ? [] : [t('imports.table.classroom')]),
    ...(kind === 'update' ? [t('imports.table.changes')] : []),
  ];
  return (
    <ScrollTable caption={caption} head={head}>
      {rows.map((row, index) => (
        <Table.Tr key={`${row.line ?? 'p'}-${row.person_id ?? index}`}>
          <Table.Td>{row.line ?? '—'}</Table.Td>
          <Table.Td>
            {row.last_name} {row.first_name}
          </Table.Td>
          <Table.Td>{formatBirthDate(row.birth_date, i18n.language)}</Table.Td>
          {kind !== 'withdraw' && <Table.Td>{row.level}</Table.Td>}
          {(kind === 'move' || kind === 'withdraw') && (
            <Table.Td>{row.previous_classroom || t('imports.table.noClassroom')}</Table.Td>
          )}
          {kind !== 'withdraw' && <Table.Td>{row.classroom}</Table.Td>}
          {kind === 'update' && (
            <Table.Td>
              {row.changes.map((field) => t(`imports.fields.${field}`, { defaultValue: field })).join(', ')}
            </Table.Td>
          )}
        </Table.Tr>
      ))}
    </ScrollTable>
  );
}

function GuardianTable({ rows, caption }: { rows: OndeGuardianRow[]; caption: string }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <Empty />;
  return (
    <ScrollTable caption={caption} head={[t('imports.table.line'), t('imports.table.guardian'), t('imports.table.children')]}>
      {rows.map((row) => (
        <Table.Tr key={row.line}>
          <Table.Td>{row.line}</Table.Td>
          <Table.Td>
            {row.last_name} {row.first_name}
          </Table.Td>
          <Table.Td>{row.children.join(', ')}</Table.Td>
        </Table.Tr>
      ))}
    </ScrollTable>
  );
}

/** "élèves" / "responsables", as the API names the file of a rejected line. */
function fileLabel(file: string, t: TFunction): string {
  if (file === 'élèves') return t('imports.fileKind.pupils');
  if (file === 'responsables') return t('imports.fileKind.guardians');
  return file;
}

type TabKey = 'rejected' | 'warnings' | 'classrooms' | 'create' | 'update' | 'move' | 'withdraw' | 'guardians';

/** Every list of the preview, one tab each; the rejected lines come first when there are any. */
export function PreviewTabs({ preview }: { preview: OndePreview }) {
  const { t } = useTranslation();
  const { summary } = preview;
  const tabs: { key: TabKey; count: number; panel: ReactNode }[] = [
    {
      key: 'classrooms',
      count: preview.classrooms_to_create.length,
      panel: (
        <>
          {preview.classrooms_to_identify.length > 0 && (
            <Text size="sm" mb="xs">
              {t('imports.classroomsToIdentify', {
                count: preview.classrooms_to_identify.length,
                classes: preview.classrooms_to_identify.map((row) => `${row.name} (${row.onde_class_id})`).join(', '),
              })}
            </Text>
          )}
          {preview.classrooms_to_create.length === 0 ? (
            <Empty />
          ) : (
            <ScrollTable
              caption={t('imports.tabs.classrooms')}
              head={[t('imports.table.ondeId'), t('imports.table.classroom'), t('imports.table.levels')]}
            >
              {preview.classrooms_to_create.map((row) => (
                <Table.Tr key={row.onde_class_id}>
                  <Table.Td>{row.onde_class_id}</Table.Td>
                  <Table.Td>{row.name}</Table.Td>
                  <Table.Td>{row.levels.join(', ')}</Table.Td>
                </Table.Tr>
              ))}
            </ScrollTable>
          )}
        </>
      ),
    },
    { key: 'create', count: summary.pupils_to_create, panel: <PupilTable rows={preview.pupils_to_create} caption={t('imports.tabs.create')} kind="create" /> },
    { key: 'update', count: summary.pupils_to_update, panel: <PupilTable rows={preview.pupils_to_update} caption={t('imports.tabs.update')} kind="update" /> },
    { key: 'move', count: summary.pupils_to_move, panel: <PupilTable rows={preview.pupils_to_move} caption={t('imports.tabs.move')} kind="move" /> },
    { key: 'withdraw', count: summary.pupils_to_withdraw, panel: <PupilTable rows={preview.pupils_to_withdraw} caption={t('imports.tabs.withdraw')} kind="withdraw" /> },
    {
      key: 'guardians',
      count: summary.guardians_to_create,
      panel: (
        <>
          <Text size="sm" mb="xs">
            {t('imports.guardianLinks', { count: summary.guardianships_to_create })}
          </Text>
          <GuardianTable rows={preview.guardians_to_create} caption={t('imports.tabs.guardians')} />
        </>
      ),
    },
  ];
  if (preview.warnings.length > 0) {
    tabs.unshift({
      key: 'warnings',
      count: preview.warnings.length,
      panel: (
        <ScrollTable caption={t('imports.tabs.warnings')} head={[t('imports.table.file'), t('imports.table.line'), t('imports.table.warning')]}>
          {preview.warnings.map((row, index) => (
            <Table.Tr key={`${row.file}-${row.line}-${index}`}>
              <Table.Td>{fileLabel(row.file, t)}</Table.Td>
              <Table.Td>{t('imports.table.lineNumber', { line: row.line })}</Table.Td>
              <Table.Td>{row.reason}</Table.Td>
            </Table.Tr>
          ))}
        </ScrollTable>
      ),
    });
  }
  if (preview.rejected.length > 0) {
    tabs.unshift({
      key: 'rejected',
      count: preview.rejected.length,
      panel: (
        <ScrollTable caption={t('imports.tabs.rejected')} head={[t('imports.table.file'), t('imports.table.line'), t('imports.table.reason')]}>
          {preview.rejected.map((row) => (
            <Table.Tr key={`${row.file}-${row.line}`} className={classes.rejectedRow}>
              <Table.Td>{fileLabel(row.file, t)}</Table.Td>
              <Table.Td>{t('imports.table.lineNumber', { line: row.line })}</Table.Td>
              <Table.Td>{row.reason}</Table.Td>
            </Table.Tr>
          ))}
        </ScrollTable>
      ),
    });
  }
  return (
    <Tabs defaultValue={tabs[0]?.key} keepMounted={false} variant="outline">
      <Tabs.List className={classes.tabList} aria-label={t('imports.tabs.label')}>
        {tabs.map((tab) => (
          <Tabs.Tab
            key={tab.key}
            value={tab.key}
            color={tab.key === 'rejected' ? 'red' : undefined}
            rightSection={
              // The count is part of the tab's name as it is seen ("Élèves à créer 30"):
              // a label of its own would not match the visible text (WCAG 2.5.3).
              <Badge size="sm" variant={tab.key === 'rejected' ? 'filled' : 'default'} color={tab.key === 'rejected' ? 'red.9' : undefined}>
                {tab.count}
              </Badge>
            }
          >
            {t(`imports.tabs.${tab.key}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {tabs.map((tab) => (
        <Tabs.Panel key={tab.key} value={tab.key} pt="md">
          {tab.panel}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

/** The API's list of refused lines when an apply is refused (field `files`). */
export function FieldMessages({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <List size="sm" mt="xs">
      {messages.map((message) => (
        <List.Item key={message}>{message}</List.Item>
      ))}
    </List>
  );
}
