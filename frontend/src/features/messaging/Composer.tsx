import { Alert, Button, Checkbox, FileInput, Group, Modal, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { ConversationCreated, Recipient, RecipientReach } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { useFocusOnFailure } from '../../shared/formErrors';
import { QueryState } from '../../shared/QueryState';
import { MarkdownField } from '../../shared/richText/MarkdownField';
import { useCreateConversation, useRecipients } from './hooks';
import { fieldErrors, WriteErrorAlert } from './parts';

/** Reaches that open a conversation with a family or a pupil (the director may be put in copy). */
const FAMILY_REACHES: readonly RecipientReach[] = [
  'own_teacher',
  'child_teacher',
  'pupil_guardian',
  'school_guardian',
  'school_pupil',
];
const FAMILIES: readonly RecipientReach[] = ['pupil_guardian', 'school_guardian'];

export interface RecipientGroup {
  /** The API's label of the reach, with the classroom for a class's families. */
  label: string;
  classroomId: number | null;
  reach: RecipientReach;
  options: { value: string; label: string; userId: number }[];
}

/**
 * The recipients endpoint's rows (one per way of reaching someone) grouped as the API
 * groups them: by reach, and a class's families by classroom. A person appears once
 * (in the first group that reaches them), with every child named: "Claire Martin — mère
 * de Léa (CE2 B), mère d’Hugo (CM1)" (`childOf` writes one child's part).
 */
export function groupRecipients(
  rows: readonly Recipient[],
  childOf: (row: Recipient) => string,
  classroomName: (id: number) => string | undefined,
): RecipientGroup[] {
  const groups = new Map<string, RecipientGroup>();
  const placed = new Map<number, { group: RecipientGroup; pupils: Set<number>; children: string[] }>();
  const addChild = (entry: { pupils: Set<number>; children: string[] }, row: Recipient) => {
    // A family's row names the child through whom it is reached (a pupil's own row names itself).
    if (!FAMILIES.includes(row.reach) || row.pupil_id === null || !row.pupil_first_name) return;
    if (entry.pupils.has(row.pupil_id)) return;
    entry.pupils.add(row.pupil_id);
    entry.children.push(childOf(row));
  };
  for (const row of rows) {
    const existing = placed.get(row.user_id);
    if (existing) {
      addChild(existing, row);
      continue;
    }
    const byClassroom = FAMILIES.includes(row.reach) && row.classroom_id !== null;
    const key = byClassroom ? `${row.reach}:${row.classroom_id}` : row.reach;
    let group = groups.get(key);
    if (!group) {
      const name =
        byClassroom && row.classroom_id !== null ? (classroomName(row.classroom_id) ?? row.classroom_name ?? undefined) : undefined;
      group = {
        label: name ? `${row.reach_label} · ${name}` : row.reach_label,
        classroomId: byClassroom ? row.classroom_id : null,
        reach: row.reach,
        options: [],
      };
      groups.set(key, group);
    }
    const entry = { group, pupils: new Set<number>(), children: [] as string[] };
    addChild(entry, row);
    placed.set(row.user_id, entry);
    group.options.push({ value: String(row.user_id), label: row.display_name, userId: row.user_id });
  }
  for (const group of groups.values()) {
    group.options = group.options.map((option) => {
      const children = placed.get(option.userId)?.children ?? [];
      return children.length ? { ...option, label: `${option.label} — ${children.join(', ')}` } : option;
    });
  }
  return [...groups.values()];
}

interface ComposerProps {
  opened: boolean;
  onClose: () => void;
  onSent: (created: ConversationCreated) => void;
}

export function Composer({ opened, onClose, onSent }: ComposerProps) {
  const { t } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('messaging.composer.title')}
      size="lg"
      fullScreen={isPhone}
      closeButtonProps={{ 'aria-label': t('messaging.close') }}
    >
      {opened && <ComposerForm onCancel={onClose} onSent={onSent} />}
    </Modal>
  );
}

function ComposerForm({ onCancel, onSent }: { onCancel: () => void; onSent: (created: ConversationCreated) => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const recipients = useRecipients();
  const create = useCreateConversation();
  const [selected, setSelected] = useState<string[]>([]);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [copyDirector, setCopyDirector] = useState(false);
  const [school, setSchool] = useState<string | null>(null);

  const rows = useMemo(() => recipients.data ?? [], [recipients.data]);
  const groups = useMemo(
    () =>
      groupRecipients(
        rows,
        (row) => {
          const tie = t(`messaging.composer.childOf.${row.relationship ?? 'autre'}`, { name: row.pupil_first_name ?? '' });
          return row.classroom_name ? `${tie} (${row.classroom_name})` : tie;
        },
        (id) => me.classrooms.find((classroom) => classroom.id === id)?.name,
      ),
    [rows, t, me.classrooms],
  );

  const selectedRows = rows.filter((row) => selected.includes(String(row.user_id)));
  // Schools that every selected recipient can be reached in: with several, the sender picks one.
  const commonSchools = selected.reduce<number[] | null>((common, value) => {
    const schools = rows.filter((row) => String(row.user_id) === value).map((row) => row.school_id);
    return common === null ? [...new Set(schools)] : common.filter((id) => schools.includes(id));
  }, null) ?? [];
  const mayCopyDirector =
    selectedRows.length > 0 && selectedRows.every((row) => FAMILY_REACHES.includes(row.reach));
  const schoolName = (id: number) => me.schools.find((s) => s.id === id)?.name ?? t('messaging.composer.schoolNumber', { id });

  const error = fieldErrors(create.error);
  const formRef = useRef<HTMLFormElement>(null);
  // A refused message keeps focus in the dialog, on the first field in error.
  useFocusOnFailure(formRef, create.error);
  const labels = {
    recipients: t('messaging.composer.recipients'),
    subject: t('messaging.composer.subject'),
    body: t('messaging.composer.body'),
    attachments: t('messaging.attachments.add'),
    school: t('messaging.composer.school'),
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        body: {
          recipients: selected.map(Number),
          subject,
          body,
          copy_director: mayCopyDirector && copyDirector,
          ...(commonSchools.length > 1 && school ? { school: Number(school) } : {}),
        },
        files,
      },
      { onSuccess: onSent },
    );
  };

  if (recipients.isPending || recipients.isError) {
    return <QueryState query={recipients} title={t('messaging.composer.recipientsError')} />;
  }
  if (rows.length === 0) {
    return <Alert color="gray">{t('messaging.composer.nobody')}</Alert>;
  }

  return (
    <form onSubmit={submit} noValidate ref={formRef}>
      <Stack gap="sm">
        <MultiSelect
          label={t('messaging.composer.recipients')}
          description={t('messaging.composer.recipientsHelp')}
          data={groups.map((group) => ({
            group: group.label,
            items: group.options.map(({ value, label }) => ({ value, label })),
          }))}
          value={selected}
          onChange={setSelected}
          searchable
          clearable
          required
          nothingFoundMessage={t('messaging.composer.nothingFound')}
          error={error('recipients')}
          comboboxProps={{ withinPortal: true }}
        />
        {groups
          .filter((group) => group.classroomId !== null && group.options.length > 1)
          .map((group) => (
            <Button
              key={group.label}
              variant="light"
              size="xs"
              onClick={() =>
                setSelected((current) => [...new Set([...current, ...group.options.map((option) => option.value)])])
              }
            >
              {t('messaging.composer.addGroup', { group: group.label, count: group.options.length })}
            </Button>
          ))}
        {selected.length > 1 && FAMILIES.some((reach) => selectedRows.some((row) => row.reach === reach)) && (
          <Text size="sm" c="dimmed">
            {t('messaging.composer.separateFamilies')}
          </Text>
        )}
        {commonSchools.length > 1 && (
          <Select
            label={t('messaging.composer.school')}
            data={commonSchools.map((id) => ({ value: String(id), label: schoolName(id) }))}
            value={school}
            onChange={setSchool}
            required
            error={error('school')}
          />
        )}
        <TextInput
          label={t('messaging.composer.subject')}
          value={subject}
          onChange={(event) => setSubject(event.currentTarget.value)}
          maxLength={200}
          required
          error={error('subject')}
        />
        <MarkdownField
          label={t('messaging.composer.body')}
          value={body}
          onChange={setBody}
          minRows={5}
          required
          error={error('body')}
        />
        <FileInput
          label={t('messaging.attachments.add')}
          multiple
          clearable
          value={files}
          onChange={setFiles}
          error={error('attachments')}
        />
        {mayCopyDirector && (
          <Checkbox
            label={t('messaging.composer.copyDirector')}
            checked={copyDirector}
            onChange={(event) => setCopyDirector(event.currentTarget.checked)}
          />
        )}
        <WriteErrorAlert
          error={create.error}
          shownFields={['recipients', 'subject', 'body', 'attachments', 'school']}
          labels={labels}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('messaging.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('messaging.composer.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
