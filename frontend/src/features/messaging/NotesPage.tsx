import type { TFunction } from 'i18next';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import type { LiaisonNote, LiaisonNoteAudience, Level } from '../../api/types';
import { usePageTitle } from '../../shared/usePageTitle';
import { QueryState } from '../../shared/QueryState';
import { MarkdownField } from '../../shared/richText/MarkdownField';
import { LEVELS, useAudienceClassrooms, useClassroomPupils, useDirectedSchools, useIsStaffWriter } from './audience';
import {
  useAcknowledgeNote,
  useCreateNote,
  useNoteAcknowledgements,
  useNotes,
  useRemindNote,
  useReplyToNote,
} from './hooks';
import classes from './Messaging.module.css';
import { AcknowledgementBadge, PublicationTitle } from './Publications';
import { fieldErrors, formatDateTime, ServerHtml, WriteErrorAlert } from './parts';
import { conversationPath } from './paths';

/**
 * Cahier de liaison (/cahier-de-liaison): families read and sign the notes they received
 * and reply privately to the author; teachers and the director write notes and follow who
 * signed (the table, "Relancer").
 */
export function NotesPage() {
  const { t } = useTranslation();
  const notes = useNotes();
  const mayWrite = useIsStaffWriter();
  const [writing, setWriting] = useState(false);
  const isPhone = useMediaQuery('(max-width: 48em)');
  usePageTitle(t('messaging.notes.title'));

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1}>{t('messaging.notes.title')}</Title>
        {mayWrite && <Button onClick={() => setWriting(true)}>{t('messaging.notes.write')}</Button>}
      </Group>
      {notes.isPending || notes.isError ? (
        <QueryState query={notes} title={t('messaging.notes.loadError')} />
      ) : notes.data.length === 0 ? (
        <Text c="dimmed">{t('messaging.notes.empty')}</Text>
      ) : (
        <Stack gap="md">
          {notes.data.map((note) => (
            <NoteCard key={note.id} note={note} />
          ))}
        </Stack>
      )}
      <Modal
        opened={writing}
        onClose={() => setWriting(false)}
        title={t('messaging.notes.write')}
        size="lg"
        fullScreen={isPhone}
        closeButtonProps={{ 'aria-label': t('messaging.close') }}
      >
        {writing && <NoteForm onDone={() => setWriting(false)} />}
      </Modal>
    </Stack>
  );
}

function audienceText(note: LiaisonNote, t: TFunction): string {
  switch (note.audience) {
    case 'classroom':
      return t('messaging.notes.audience.classroomNamed', { name: note.classroom?.name ?? '' });
    case 'level':
      return t('messaging.notes.audience.levelNamed', { level: note.level, school: note.school.name });
    case 'pupil':
      return t('messaging.notes.audience.pupilNamed', {
        name: note.pupil ? `${note.pupil.first_name} ${note.pupil.last_name}` : '',
      });
    default:
      return t('messaging.notes.audience.schoolNamed', { school: note.school.name });
  }
}

function NoteCard({ note }: { note: LiaisonNote }) {
  const { t, i18n } = useTranslation();
  const titleId = `note-${note.id}-title`;
  const follows = note.delivery_count !== null;
  return (
    <Card withBorder component="article" aria-labelledby={titleId} className={classes.card} padding="md">
      <Stack gap="xs">
        <PublicationTitle
          id={titleId}
          title={note.title}
          badge={
            <AcknowledgementBadge
              required={note.requires_acknowledgement}
              signed={note.mine.length > 0 ? note.mine.every((line) => line.acknowledged_at) : null}
            />
          }
        />
        <Text size="sm" c="dimmed">
          {t('messaging.notes.byline', {
            author: note.author?.display_name ?? t('messaging.formerUser'),
            date: formatDateTime(note.created_at, i18n.language),
            audience: audienceText(note, t),
          })}
        </Text>
        <ServerHtml html={note.body_html} />
        {note.mine.length > 0 && <GuardianPart note={note} />}
        {follows && <AuthorPart note={note} />}
      </Stack>
    </Card>
  );
}

/** A guardian's lines: the children concerned, "J'ai pris connaissance", a private reply. */
function GuardianPart({ note }: { note: LiaisonNote }) {
  const { t, i18n } = useTranslation();
  const acknowledge = useAcknowledgeNote();
  const reply = useReplyToNote();
  const [replying, setReplying] = useState(false);
  const [body, setBody] = useState('');
  const children = note.mine.map((line) => line.pupil_first_name).join(', ');
  const signedAt = note.mine.every((line) => line.acknowledged_at) ? note.mine[0]?.acknowledged_at : null;
  const remindedAt = note.mine.find((line) => line.reminded_at)?.reminded_at;

  const submitReply = (event: FormEvent) => {
    event.preventDefault();
    reply.mutate({ noteId: note.id, body }, { onSuccess: () => setBody('') });
  };

  return (
    <Stack gap="xs">
      <Text size="sm">{t('messaging.notes.forChildren', { children })}</Text>
      {note.requires_acknowledgement &&
        (signedAt ? (
          <Text size="sm" fw={600} c="teal.9" role="status">
            {t('messaging.notes.signedOn', { date: formatDateTime(signedAt, i18n.language) })}
          </Text>
        ) : (
          <Stack gap={4} align="flex-start">
            {remindedAt && (
              <Text size="sm" c="orange.9">
                {t('messaging.notes.remindedOn', { date: formatDateTime(remindedAt, i18n.language) })}
              </Text>
            )}
            <Button
              onClick={() => acknowledge.mutate(note.id)}
              loading={acknowledge.isPending}
              aria-describedby={`note-${note.id}-title`}
            >
              {t('messaging.notes.acknowledge')}
            </Button>
            <WriteErrorAlert error={acknowledge.error} />
          </Stack>
        ))}
      {!replying ? (
        <Group>
          <Button variant="subtle" size="compact-sm" onClick={() => setReplying(true)} aria-describedby={`note-${note.id}-title`}>
            {t('messaging.notes.reply')}
          </Button>
        </Group>
      ) : (
        <form onSubmit={submitReply} noValidate>
          <Stack gap="xs">
            <Textarea
              label={t('messaging.notes.replyLabel', { author: note.author?.display_name ?? '' })}
              value={body}
              onChange={(event) => setBody(event.currentTarget.value)}
              autosize
              minRows={3}
              required
              error={fieldErrors(reply.error)('body')}
            />
            <WriteErrorAlert error={reply.error} shownFields={['body']} />
            {reply.data && (
              <Alert color="teal" role="status">
                {t('messaging.notes.replySent')}{' '}
                <Anchor component={Link} to={conversationPath(reply.data.conversation_id)}>
                  {t('messaging.notes.openConversation')}
                </Anchor>
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setReplying(false)}>
                {t('messaging.cancel')}
              </Button>
              <Button type="submit" loading={reply.isPending}>
                {t('messaging.notes.sendReply')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

/** The author's and the director's view: who signed, when, and "Relancer". */
function AuthorPart({ note }: { note: LiaisonNote }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const table = useNoteAcknowledgements(note.id, open);
  const remind = useRemindNote();
  const delivered = note.delivery_count ?? 0;
  const signed = note.acknowledged_count ?? 0;
  const tableId = `note-${note.id}-table`;
  return (
    <Stack gap="xs">
      {note.requires_acknowledgement ? (
        <Text size="sm" fw={600}>
          {t('messaging.notes.signedCount', { count: signed, total: delivered })}
        </Text>
      ) : (
        <Text size="sm">{t('messaging.notes.deliveredCount', { count: delivered })}</Text>
      )}
      {note.last_reminded_at && (
        <Text size="sm" c="dimmed">
          {t('messaging.notes.lastReminded', { date: formatDateTime(note.last_reminded_at, i18n.language) })}
        </Text>
      )}
      <Group gap="xs">
        <Button variant="light" size="compact-sm" onClick={() => setOpen((v) => !v)} aria-expanded={open} aria-controls={tableId}>
          {open ? t('messaging.notes.hideTable') : t('messaging.notes.showTable')}
        </Button>
        {note.requires_acknowledgement && signed < delivered && (
          <Button
            variant="outline"
            size="compact-sm"
            onClick={() => remind.mutate(note.id)}
            loading={remind.isPending}
            aria-describedby={`note-${note.id}-title`}
          >
            {t('messaging.notes.remind', { count: delivered - signed })}
          </Button>
        )}
      </Group>
      {remind.isSuccess && (
        <Text size="sm" role="status" c="teal.9">
          {t('messaging.notes.reminded')}
        </Text>
      )}
      <WriteErrorAlert error={remind.error} />
      <div id={tableId} hidden={!open}>
        {open &&
          (table.isPending || table.isError ? (
            <QueryState query={table} title={t('messaging.notes.loadError')} />
          ) : (
            <Table.ScrollContainer
              minWidth={480}
              tabIndex={0}
              role="region"
              aria-label={t('messaging.notes.tableCaption', { title: note.title })}
            >
              <Table striped>
                <Table.Caption>{t('messaging.notes.tableCaption', { title: note.title })}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('messaging.notes.columns.pupil')}</Table.Th>
                    <Table.Th scope="col">{t('messaging.notes.columns.guardian')}</Table.Th>
                    <Table.Th scope="col">{t('messaging.notes.columns.acknowledged')}</Table.Th>
                    <Table.Th scope="col">{t('messaging.notes.columns.reminded')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {table.data.map((line) => (
                    <Table.Tr key={`${line.pupil.id}-${line.guardian.id}`}>
                      <Table.Td>{`${line.pupil.first_name} ${line.pupil.last_name}`}</Table.Td>
                      <Table.Td>{`${line.guardian.first_name} ${line.guardian.last_name}`}</Table.Td>
                      <Table.Td>
                        {line.acknowledged_at
                          ? formatDateTime(line.acknowledged_at, i18n.language)
                          : note.requires_acknowledgement
                            ? t('messaging.notes.notYet')
                            : '—'}
                      </Table.Td>
                      <Table.Td>{line.reminded_at ? formatDateTime(line.reminded_at, i18n.language) : '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
      </div>
    </Stack>
  );
}

const NOTE_AUDIENCES: readonly LiaisonNoteAudience[] = ['classroom', 'pupil', 'level', 'school'];

function NoteForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateNote();
  const classrooms = useAudienceClassrooms();
  const directed = useDirectedSchools();
  const audiences = directed.length > 0 ? NOTE_AUDIENCES : NOTE_AUDIENCES.filter((a) => a === 'classroom' || a === 'pupil');
  const [audience, setAudience] = useState<LiaisonNoteAudience>('classroom');
  const [chosenClassroom, setClassroom] = useState<string | null>(null);
  const [chosenSchool, setSchool] = useState<string | null>(null);
  // A director's classrooms load after the form opens: default to the first one then.
  const classroom = chosenClassroom ?? (classrooms[0] ? String(classrooms[0].id) : null);
  const school = chosenSchool ?? (directed[0] ? String(directed[0].id) : null);
  const [level, setLevel] = useState<string | null>(null);
  const [pupil, setPupil] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [requiresAcknowledgement, setRequiresAcknowledgement] = useState(true);
  const pupils = useClassroomPupils(audience === 'pupil' && classroom ? Number(classroom) : null);
  const error = fieldErrors(create.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const target =
      audience === 'classroom'
        ? { classroom: classroom ? Number(classroom) : undefined }
        : audience === 'pupil'
          ? { pupil: pupil ? Number(pupil) : undefined }
          : audience === 'level'
            ? { school: school ? Number(school) : undefined, level: (level ?? undefined) as Level | undefined }
            : { school: school ? Number(school) : undefined };
    create.mutate(
      { title, body, audience, requires_acknowledgement: requiresAcknowledgement, ...target },
      { onSuccess: onDone },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Select
          label={t('messaging.notes.audienceLabel')}
          data={audiences.map((value) => ({ value, label: t(`messaging.notes.audience.${value}`) }))}
          value={audience}
          onChange={(value) => value && setAudience(value as LiaisonNoteAudience)}
          allowDeselect={false}
          error={error('audience')}
        />
        {(audience === 'classroom' || audience === 'pupil') && (
          <Select
            label={t('messaging.notes.classroom')}
            data={classrooms.map((c) => ({ value: String(c.id), label: c.name }))}
            value={classroom}
            onChange={(value) => {
              setClassroom(value);
              setPupil(null);
            }}
            allowDeselect={false}
            error={error('classroom')}
          />
        )}
        {audience === 'pupil' && (
          <Select
            label={t('messaging.notes.pupil')}
            data={(pupils.data ?? []).map((p) => ({ value: String(p.id), label: `${p.first_name} ${p.last_name}` }))}
            value={pupil}
            onChange={setPupil}
            searchable
            error={error('pupil')}
          />
        )}
        {(audience === 'level' || audience === 'school') && (
          <Select
            label={t('messaging.notes.school')}
            data={directed.map((s) => ({ value: String(s.id), label: s.name }))}
            value={school}
            onChange={setSchool}
            allowDeselect={false}
            error={error('school')}
          />
        )}
        {audience === 'level' && (
          <Select
            label={t('messaging.notes.level')}
            data={LEVELS.map((value) => ({ value, label: value }))}
            value={level}
            onChange={setLevel}
            error={error('level')}
          />
        )}
        <TextInput
          label={t('messaging.notes.titleLabel')}
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          maxLength={200}
          required
          error={error('title')}
        />
        <MarkdownField
          label={t('messaging.notes.body')}
          value={body}
          onChange={setBody}
          minRows={5}
          required
          error={error('body')}
        />
        <Checkbox
          label={t('messaging.notes.requiresAcknowledgementLabel')}
          checked={requiresAcknowledgement}
          onChange={(event) => setRequiresAcknowledgement(event.currentTarget.checked)}
        />
        <WriteErrorAlert
          error={create.error}
          shownFields={['audience', 'classroom', 'pupil', 'school', 'level', 'title', 'body']}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('messaging.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('messaging.notes.publish')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
