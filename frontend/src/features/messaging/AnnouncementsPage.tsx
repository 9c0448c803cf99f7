import type { TFunction } from 'i18next';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Modal,
  Progress,
  Radio,
  Select,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { Announcement, Poll, PollAnswerItem, PollQuestionKind } from '../../api/types';
import { usePageTitle } from '../../shared/usePageTitle';
import { QueryState } from '../../shared/QueryState';
import { MarkdownField } from '../../shared/richText/MarkdownField';
import { AudienceFields, audienceInput, EMPTY_AUDIENCE, useAudienceSchools, type AudienceState } from './AudienceFields';
import {
  useAcknowledgeAnnouncement,
  useAnnouncementAcknowledgements,
  useAnnouncements,
  useAnswerPoll,
  useCreateAnnouncement,
  useCreatePoll,
  usePollResults,
  usePolls,
} from './hooks';
import classes from './Messaging.module.css';
import { AcknowledgementBadge, PublicationsPanel, PublicationTitle } from './Publications';
import { fieldErrors, formatDateTime, formatIsoDate, ServerHtml, WriteErrorAlert } from './parts';

function FormModal({ opened, onClose, title, children }: { opened: boolean; onClose: () => void; title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)');
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg" fullScreen={isPhone} closeButtonProps={{ 'aria-label': t('messaging.close') }}>
      {opened && children}
    </Modal>
  );
}

/** Announcements and polls of the viewer's schools (/annonces), in two tabs. */
export function AnnouncementsPage() {
  const { t } = useTranslation();
  usePageTitle(t('messaging.announcements.pageTitle'));
  return (
    <Stack gap="md">
      <Title order={1}>{t('messaging.announcements.pageTitle')}</Title>
      <Tabs defaultValue="announcements" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="announcements">{t('messaging.announcements.tab')}</Tabs.Tab>
          <Tabs.Tab value="polls">{t('messaging.polls.tab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="announcements" pt="md">
          <AnnouncementsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="polls" pt="md">
          <PollsPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function audienceSummary(audience: Announcement['audience'], t: TFunction): string {
  const where =
    audience.scope === 'school'
      ? audience.school.name
      : audience.scope === 'classrooms'
        ? audience.classrooms.map((c) => c.name).join(', ')
        : audience.levels.join(', ');
  const who = [
    audience.for_guardians && t('messaging.audience.guardians'),
    audience.for_pupils && t('messaging.audience.pupils'),
    audience.for_staff && t('messaging.audience.staff'),
  ]
    .filter(Boolean)
    .join(', ');
  return t('messaging.audience.summary', { where, who });
}

// --- Announcements ---------------------------------------------------------------------------

function AnnouncementsPanel() {
  const announcements = useAnnouncements();
  return (
    <PublicationsPanel
      query={announcements}
      labels="messaging.announcements"
      card={(announcement) => <AnnouncementCard announcement={announcement} />}
      form={(done) => <AnnouncementForm onDone={done} />}
      modal={FormModal}
    />
  );
}

function AnnouncementCard({ announcement }: { announcement: Announcement }) {
  const { t, i18n } = useTranslation();
  const acknowledge = useAcknowledgeAnnouncement();
  const follows = announcement.acknowledged_count !== null;
  const [open, setOpen] = useState(false);
  const readers = useAnnouncementAcknowledgements(announcement.id, open);
  const titleId = `announcement-${announcement.id}-title`;
  return (
    <Card withBorder component="article" aria-labelledby={titleId} className={classes.card}>
      <Stack gap="xs">
        <PublicationTitle
          id={titleId}
          title={announcement.title}
          badge={
            <AcknowledgementBadge
              required={announcement.requires_acknowledgement}
              signed={follows ? null : Boolean(announcement.my_acknowledged_at)}
            />
          }
        />
        <Text size="sm" c="dimmed">
          {t('messaging.announcements.byline', {
            author: announcement.author?.display_name ?? t('messaging.formerUser'),
            audience: audienceSummary(announcement.audience, t),
          })}
        </Text>
        <Text size="sm" c="dimmed">
          {announcement.valid_until
            ? t('messaging.announcements.validFromTo', {
                from: formatIsoDate(announcement.valid_from, i18n.language),
                to: formatIsoDate(announcement.valid_until, i18n.language),
              })
            : t('messaging.announcements.validFrom', { from: formatIsoDate(announcement.valid_from, i18n.language) })}
        </Text>
        <ServerHtml html={announcement.body_html} />
        {announcement.requires_acknowledgement &&
          !follows &&
          (announcement.my_acknowledged_at ? (
            <Text size="sm" fw={600} c="teal.9">
              {t('messaging.notes.signedOn', { date: formatDateTime(announcement.my_acknowledged_at, i18n.language) })}
            </Text>
          ) : (
            <Group>
              <Button onClick={() => acknowledge.mutate(announcement.id)} loading={acknowledge.isPending} aria-describedby={titleId}>
                {t('messaging.notes.acknowledge')}
              </Button>
            </Group>
          ))}
        <WriteErrorAlert error={acknowledge.error} />
        {follows && announcement.requires_acknowledgement && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('messaging.announcements.acknowledgedCount', { count: announcement.acknowledged_count ?? 0 })}
            </Text>
            <Group>
              <Button variant="light" size="compact-sm" onClick={() => setOpen((v) => !v)} aria-expanded={open}>
                {open ? t('messaging.notes.hideTable') : t('messaging.announcements.showReaders')}
              </Button>
            </Group>
            {open && readers.data && (
              <List size="sm">
                {readers.data.map((line) => (
                  <List.Item key={line.user.id}>
                    {t('messaging.conversation.readerAt', {
                      name: line.user.display_name,
                      time: formatDateTime(line.acknowledged_at, i18n.language),
                    })}
                  </List.Item>
                ))}
              </List>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

function AnnouncementForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateAnnouncement();
  const schools = useAudienceSchools();
  const [audience, setAudience] = useState<AudienceState>(EMPTY_AUDIENCE);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [requiresAcknowledgement, setRequiresAcknowledgement] = useState(false);
  const [validFrom, setValidFrom] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const error = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        audience: audienceInput(audience, schools[0]?.id ?? null),
        title,
        body,
        requires_acknowledgement: requiresAcknowledgement,
        ...(validFrom ? { valid_from: validFrom } : {}),
        ...(validUntil ? { valid_until: validUntil } : {}),
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <AudienceFields value={audience} onChange={setAudience} error={error} />
        <TextInput label={t('messaging.notes.titleLabel')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required error={error('title')} />
        <MarkdownField
          label={t('messaging.notes.body')}
          value={body}
          onChange={setBody}
          minRows={4}
          required
          error={error('body')}
        />
        <Group grow>
          <TextInput type="date" label={t('messaging.announcements.validFromLabel')} value={validFrom} onChange={(e) => setValidFrom(e.currentTarget.value)} error={error('valid_from')} />
          <TextInput type="date" label={t('messaging.announcements.validUntilLabel')} value={validUntil} onChange={(e) => setValidUntil(e.currentTarget.value)} error={error('valid_until')} />
        </Group>
        <Checkbox
          label={t('messaging.announcements.requiresAcknowledgementLabel')}
          checked={requiresAcknowledgement}
          onChange={(e) => setRequiresAcknowledgement(e.currentTarget.checked)}
        />
        <WriteErrorAlert error={create.error} shownFields={['title', 'body', 'valid_from', 'valid_until', 'audience.school', 'audience.scope', 'audience.classrooms', 'audience.levels', 'audience.for_guardians']} />
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

// --- Polls -----------------------------------------------------------------------------------

function PollsPanel() {
  const polls = usePolls();
  return (
    <PublicationsPanel
      query={polls}
      labels="messaging.polls"
      card={(poll) => <PollCard poll={poll} />}
      form={(done) => <PollForm onDone={done} />}
      modal={FormModal}
    />
  );
}

function PollCard({ poll }: { poll: Poll }) {
  const { t, i18n } = useTranslation();
  const follows = poll.response_count !== null;
  const answered = poll.my_submitted_at !== null;
  const mayAnswer = !follows && !answered;
  const mayReadResults = follows || (answered && poll.results_published);
  const titleId = `poll-${poll.id}-title`;
  return (
    <Card withBorder component="article" aria-labelledby={titleId} className={classes.card}>
      <Stack gap="xs">
        <PublicationTitle
          id={titleId}
          title={poll.title}
          badge={poll.is_anonymous && <Badge variant="outline">{t('messaging.polls.anonymous')}</Badge>}
        />
        <Text size="sm" c="dimmed">
          {t('messaging.announcements.byline', {
            author: poll.author?.display_name ?? t('messaging.formerUser'),
            audience: audienceSummary(poll.audience, t),
          })}
          {poll.closes_on && ` · ${t('messaging.polls.closesOn', { date: formatIsoDate(poll.closes_on, i18n.language) })}`}
        </Text>
        <ServerHtml html={poll.description_html} />
        {follows && <Text size="sm" fw={600}>{t('messaging.polls.responseCount', { count: poll.response_count ?? 0 })}</Text>}
        {answered && poll.my_submitted_at && (
          <Text size="sm" fw={600} c="teal.9">
            {t('messaging.polls.answeredOn', { date: formatDateTime(poll.my_submitted_at, i18n.language) })}
          </Text>
        )}
        {mayAnswer && <PollAnswerForm poll={poll} />}
        {mayReadResults && <PollResultsView pollId={poll.id} />}
      </Stack>
    </Card>
  );
}

function PollAnswerForm({ poll }: { poll: Poll }) {
  const { t } = useTranslation();
  const answer = useAnswerPoll();
  const [choices, setChoices] = useState<Record<number, string[]>>({});
  const [texts, setTexts] = useState<Record<number, string>>({});
  const error = fieldErrors(answer.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const answers: PollAnswerItem[] = poll.questions.map((question) =>
      question.kind === 'text'
        ? { question: question.id, text: texts[question.id] ?? '' }
        : { question: question.id, choices: (choices[question.id] ?? []).map(Number) },
    );
    answer.mutate({ pollId: poll.id, answers });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`poll-${poll.id}-title`}>
      <Stack gap="sm">
        {poll.questions.map((question, index) => {
          const questionError = error(`answers.${index}`) ?? error(`answers.${index}.choices`) ?? error(`answers.${index}.text`);
          if (question.kind === 'text') {
            return (
              <Textarea
                key={question.id}
                label={question.text}
                required={question.is_required}
                value={texts[question.id] ?? ''}
                onChange={(e) => setTexts((current) => ({ ...current, [question.id]: e.currentTarget.value }))}
                autosize
                minRows={2}
                error={questionError}
              />
            );
          }
          if (question.kind === 'single') {
            return (
              <Radio.Group
                key={question.id}
                label={question.text}
                withAsterisk={question.is_required}
                value={choices[question.id]?.[0] ?? null}
                onChange={(value) => setChoices((current) => ({ ...current, [question.id]: [value] }))}
                error={questionError}
              >
                <Stack gap={4} mt={4}>
                  {question.choices.map((choice) => (
                    <Radio key={choice.id} value={String(choice.id)} label={choice.label} />
                  ))}
                </Stack>
              </Radio.Group>
            );
          }
          return (
            <Checkbox.Group
              key={question.id}
              label={question.text}
              withAsterisk={question.is_required}
              value={choices[question.id] ?? []}
              onChange={(value) => setChoices((current) => ({ ...current, [question.id]: value }))}
              error={questionError}
            >
              <Stack gap={4} mt={4}>
                {question.choices.map((choice) => (
                  <Checkbox key={choice.id} value={String(choice.id)} label={choice.label} />
                ))}
              </Stack>
            </Checkbox.Group>
          );
        })}
        <WriteErrorAlert error={answer.error} shownFields={poll.questions.flatMap((_q, i) => [`answers.${i}`, `answers.${i}.choices`, `answers.${i}.text`])} />
        <Group>
          <Button type="submit" loading={answer.isPending}>
            {t('messaging.polls.answer')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PollResultsView({ pollId }: { pollId: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const results = usePollResults(pollId, open);
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="light" size="compact-sm" onClick={() => setOpen((v) => !v)} aria-expanded={open}>
          {open ? t('messaging.polls.hideResults') : t('messaging.polls.showResults')}
        </Button>
      </Group>
      {open &&
        (results.isPending || results.isError ? (
          <QueryState query={results} title={t('messaging.polls.loadError')} />
        ) : (
          <Stack gap="sm">
            <Text size="sm">{t('messaging.polls.responseCount', { count: results.data.response_count })}</Text>
            {results.data.questions.map((question) => (
              <Stack key={question.id} gap={4} component="section" aria-label={question.text}>
                <Text size="sm" fw={700}>
                  {question.text}
                </Text>
                {question.choices.map((choice) => {
                  const percent = results.data.response_count ? Math.round((100 * choice.count) / results.data.response_count) : 0;
                  return (
                    <Stack key={choice.id} gap={2}>
                      <Text size="sm">{t('messaging.polls.choiceCount', { label: choice.label, count: choice.count })}</Text>
                      <Progress value={percent} aria-label={t('messaging.polls.choicePercent', { label: choice.label, percent })} />
                    </Stack>
                  );
                })}
                {question.kind === 'text' && (
                  <List size="sm">
                    {question.texts.map((answer, index) => (
                      <List.Item key={index}>{answer.respondent ? `${answer.respondent} : ${answer.text}` : answer.text}</List.Item>
                    ))}
                  </List>
                )}
              </Stack>
            ))}
          </Stack>
        ))}
    </Stack>
  );
}

interface QuestionDraft {
  kind: PollQuestionKind;
  text: string;
  choices: string;
  isRequired: boolean;
}

const NEW_QUESTION: QuestionDraft = { kind: 'single', text: '', choices: '', isRequired: true };

function PollForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreatePoll();
  const schools = useAudienceSchools();
  const [audience, setAudience] = useState<AudienceState>(EMPTY_AUDIENCE);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [questions, setQuestions] = useState<QuestionDraft[]>([NEW_QUESTION]);
  const [isAnonymous, setIsAnonymous] = useState(false);
  const [resultsPublished, setResultsPublished] = useState(false);
  const [closesOn, setClosesOn] = useState('');
  const error = fieldErrors(create.error);
  const update = (index: number, patch: Partial<QuestionDraft>) =>
    setQuestions((current) => current.map((q, i) => (i === index ? { ...q, ...patch } : q)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        audience: audienceInput(audience, schools[0]?.id ?? null),
        title,
        description,
        questions: questions.map((q) => ({
          kind: q.kind,
          text: q.text,
          is_required: q.isRequired,
          ...(q.kind === 'text'
            ? {}
            : { choices: q.choices.split('\n').map((c) => c.trim()).filter(Boolean) }),
        })),
        is_anonymous: isAnonymous,
        results_published: resultsPublished,
        ...(closesOn ? { closes_on: closesOn } : {}),
      },
      { onSuccess: onDone },
    );
  };
  const shown = ['title', 'description', 'closes_on', 'questions', 'audience.school', 'audience.scope', 'audience.classrooms', 'audience.levels', 'audience.for_guardians',
    ...questions.flatMap((_q, i) => [`questions.${i}.text`, `questions.${i}.choices`])];
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <AudienceFields value={audience} onChange={setAudience} error={error} />
        <TextInput label={t('messaging.notes.titleLabel')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required error={error('title')} />
        <Textarea label={t('messaging.polls.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} error={error('description')} />
        {questions.map((question, index) => (
          <Card key={index} withBorder padding="sm" component="fieldset" aria-label={t('messaging.polls.questionNumber', { number: index + 1 })}>
            <Stack gap="xs">
              <Text size="sm" fw={700}>{t('messaging.polls.questionNumber', { number: index + 1 })}</Text>
              <Select
                label={t('messaging.polls.kind')}
                data={(['single', 'multiple', 'text'] as const).map((kind) => ({ value: kind, label: t(`messaging.polls.kinds.${kind}`) }))}
                value={question.kind}
                onChange={(value) => value && update(index, { kind: value as PollQuestionKind })}
                allowDeselect={false}
              />
              <TextInput label={t('messaging.polls.questionText')} value={question.text} onChange={(e) => update(index, { text: e.currentTarget.value })} required error={error(`questions.${index}.text`)} />
              {question.kind !== 'text' && (
                <Textarea
                  label={t('messaging.polls.choices')}
                  description={t('messaging.polls.choicesHelp')}
                  value={question.choices}
                  onChange={(e) => update(index, { choices: e.currentTarget.value })}
                  autosize
                  minRows={2}
                  error={error(`questions.${index}.choices`)}
                />
              )}
              <Group justify="space-between">
                <Checkbox label={t('messaging.polls.required')} checked={question.isRequired} onChange={(e) => update(index, { isRequired: e.currentTarget.checked })} />
                {questions.length > 1 && (
                  <Button variant="subtle" color="red" size="compact-sm" onClick={() => setQuestions((current) => current.filter((_q, i) => i !== index))}>
                    {t('messaging.polls.removeQuestion', { number: index + 1 })}
                  </Button>
                )}
              </Group>
            </Stack>
          </Card>
        ))}
        <Group>
          <Button variant="light" onClick={() => setQuestions((current) => [...current, NEW_QUESTION])}>
            {t('messaging.polls.addQuestion')}
          </Button>
        </Group>
        <TextInput type="date" label={t('messaging.polls.closesOnLabel')} value={closesOn} onChange={(e) => setClosesOn(e.currentTarget.value)} error={error('closes_on')} />
        <Checkbox label={t('messaging.polls.anonymousLabel')} checked={isAnonymous} onChange={(e) => setIsAnonymous(e.currentTarget.checked)} />
        <Checkbox label={t('messaging.polls.publishLabel')} checked={resultsPublished} onChange={(e) => setResultsPublished(e.currentTarget.checked)} />
        <WriteErrorAlert error={create.error} shownFields={shown} />
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
