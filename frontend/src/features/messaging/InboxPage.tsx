import { Anchor, Badge, Box, Button, Card, FileInput, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';

import type { Conversation, Message } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { usePageTitle } from '../../shared/usePageTitle';
import { QueryState } from '../../shared/QueryState';
import { MarkdownField } from '../../shared/richText/MarkdownField';
import { Composer } from './Composer';
import { useConversation, useConversations, useMarkRead, useMessages, useSendMessage } from './hooks';
import classes from './Messaging.module.css';
import { AttachmentLinks, fieldErrors, formatDateTime, ServerHtml, WriteErrorAlert } from './parts';
import { conversationPath, INBOX_PATH } from './paths';

function parseId(value: string | undefined): number | null {
  if (!value || !/^\d+$/.test(value)) return null;
  return Number(value);
}

/** The other participants' names ("Claire Martin, Paul Durand"). */
function othersOf(conversation: Conversation, viewerId: number): string {
  return conversation.participants
    .filter((participant) => participant.user_id !== viewerId)
    .map((participant) => participant.display_name)
    .join(', ');
}

/**
 * The inbox (/messagerie) and, beside it or alone on a phone, the conversation open
 * (/messagerie/:id). Both refresh on live events (src/features/messaging/liveEvents.ts).
 */
export function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const conversationId = parseId(useParams().conversationId);
  const [composing, setComposing] = useState(false);
  const isWide = useMediaQuery('(min-width: 62em)');
  usePageTitle(t('messaging.inbox.title'));

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1}>{t('messaging.inbox.title')}</Title>
        <Button onClick={() => setComposing(true)}>{t('messaging.composer.open')}</Button>
      </Group>
      <Grid gap="md">
        {/* On a phone or a tablet, the list or the open conversation; beside each other from md. */}
        {(isWide || conversationId === null) && (
          <Grid.Col span={{ base: 12, md: 5 }}>
            <ConversationList selectedId={conversationId} />
          </Grid.Col>
        )}
        <Grid.Col span={{ base: 12, md: 7 }}>
          {conversationId === null ? (
            <Text c="dimmed" visibleFrom="md">
              {t('messaging.inbox.pick')}
            </Text>
          ) : (
            <ConversationView key={conversationId} conversationId={conversationId} />
          )}
        </Grid.Col>
      </Grid>
      <Composer
        opened={composing}
        onClose={() => setComposing(false)}
        onSent={(created) => {
          setComposing(false);
          const first = created.conversations[0];
          if (first) navigate(conversationPath(first.id));
        }}
      />
    </Stack>
  );
}

function ConversationList({ selectedId }: { selectedId: number | null }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const conversations = useConversations();
  if (conversations.isPending || conversations.isError) {
    return <QueryState query={conversations} title={t('messaging.inbox.loadError')} />;
  }
  return (
    <nav aria-label={t('messaging.inbox.listLabel')}>
      {conversations.data.length === 0 ? (
        <Text c="dimmed">{t('messaging.inbox.empty')}</Text>
      ) : (
        <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: 'none' }}>
          {conversations.data.map((conversation) => {
            const unread = conversation.unread_count;
            const last = conversation.last_message;
            return (
              <li key={conversation.id}>
                <Link
                  to={conversationPath(conversation.id)}
                  className={classes.conversationLink}
                  aria-current={conversation.id === selectedId ? 'page' : undefined}
                  data-testid="conversation-link"
                >
                  <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                    <Text fw={unread > 0 ? 800 : 600} size="sm" style={{ minWidth: 0 }}>
                      {conversation.subject}
                    </Text>
                    {unread > 0 && (
                      <Badge color="red" size="sm" style={{ flexShrink: 0 }}>
                        {t('messaging.inbox.unread', { count: unread })}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('messaging.inbox.with', { names: othersOf(conversation, me.id) || me.display_name })}
                  </Text>
                  {last && (
                    <Text size="sm" lineClamp={2}>
                      {t('messaging.inbox.lastMessage', {
                        author: last.author?.display_name ?? t('messaging.formerUser'),
                        excerpt: last.excerpt,
                      })}
                    </Text>
                  )}
                  {conversation.last_message_at && (
                    <Text size="xs" c="dimmed">
                      {formatDateTime(conversation.last_message_at, i18n.language)}
                    </Text>
                  )}
                </Link>
              </li>
            );
          })}
        </Stack>
      )}
    </nav>
  );
}

function ConversationView({ conversationId }: { conversationId: number }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const conversation = useConversation(conversationId);
  const messages = useMessages(conversationId);
  const markRead = useMarkRead();
  const lastMessageId = messages.data?.[messages.data.length - 1]?.id ?? 0;
  const myMarker = conversation.data?.participants.find((p) => p.user_id === me.id)?.last_read_message_id ?? 0;
  const requested = useRef(0);

  // Opening a conversation (or a new message arriving in it while open) marks it read.
  const { mutate } = markRead;
  useEffect(() => {
    if (!conversation.data || lastMessageId === 0) return;
    if (myMarker >= lastMessageId || requested.current >= lastMessageId) return;
    requested.current = lastMessageId;
    mutate(conversationId);
  }, [conversation.data, conversationId, lastMessageId, myMarker, mutate]);

  if (conversation.isPending || conversation.isError) {
    return <QueryState query={conversation} title={t('messaging.conversation.loadError')} />;
  }
  const data = conversation.data;
  return (
    <Card withBorder component="section" aria-labelledby="conversation-title" padding="md">
      <Stack gap="sm">
        <Anchor component={Link} to={INBOX_PATH} hiddenFrom="md" size="sm">
          {t('messaging.conversation.back')}
        </Anchor>
        <Title order={2} id="conversation-title" size="h3">
          {data.subject}
        </Title>
        <Text size="sm" c="dimmed">
          {t('messaging.conversation.participants', {
            names: data.participants.map((p) => p.display_name).join(', '),
          })}
          {' · '}
          {data.school.name}
        </Text>
        {messages.isPending || messages.isError ? (
          <QueryState query={messages} title={t('messaging.conversation.loadError')} />
        ) : (
          <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('messaging.conversation.messages')}>
            {messages.data.map((message) => (
              <MessageItem key={message.id} message={message} conversation={data} viewerId={me.id} />
            ))}
          </Stack>
        )}
        <ReplyBox conversationId={conversationId} />
      </Stack>
    </Card>
  );
}

function MessageItem({ message, conversation, viewerId }: { message: Message; conversation: Conversation; viewerId: number }) {
  const { t, i18n } = useTranslation();
  const mine = message.author?.id === viewerId;
  // Read receipts: the other participants whose marker is at or after this message.
  const readers = conversation.participants.filter(
    (p) => p.user_id !== viewerId && p.user_id !== message.author?.id && p.last_read_message_id >= message.id,
  );
  const isLast = conversation.last_message?.id === message.id;
  return (
    <Box component="li">
      <Card padding="sm" className={classes.message} data-mine={mine || undefined} withBorder>
        <Stack gap={4}>
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Text size="sm" fw={700}>
              {mine ? t('messaging.conversation.me') : (message.author?.display_name ?? t('messaging.formerUser'))}
            </Text>
            <Text size="xs" c="dimmed" component="time" dateTime={message.created_at}>
              {formatDateTime(message.created_at, i18n.language)}
            </Text>
          </Group>
          <ServerHtml html={message.body_html} />
          <AttachmentLinks attachments={message.attachments} />
          {mine && (isLast || readers.length > 0) && (
            <Text size="xs" c="dimmed" data-testid="read-receipt">
              {readers.length > 0
                ? t('messaging.conversation.readBy', {
                    names: readers
                      .map((p) =>
                        p.read_at ? t('messaging.conversation.readerAt', { name: p.display_name, time: formatDateTime(p.read_at, i18n.language) }) : p.display_name,
                      )
                      .join(', '),
                  })
                : t('messaging.conversation.notReadYet')}
            </Text>
          )}
        </Stack>
      </Card>
    </Box>
  );
}

function ReplyBox({ conversationId }: { conversationId: number }) {
  const { t } = useTranslation();
  const send = useSendMessage(conversationId);
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const error = fieldErrors(send.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate(
      { body, files },
      {
        onSuccess: () => {
          setBody('');
          setFiles([]);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('messaging.conversation.replyForm')}>
      <Stack gap="xs">
        <MarkdownField
          label={t('messaging.conversation.reply')}
          value={body}
          onChange={setBody}
          minRows={3}
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
        <WriteErrorAlert error={send.error} shownFields={['body', 'attachments']} />
        <Group justify="flex-end">
          <Button type="submit" loading={send.isPending} disabled={!body.trim()}>
            {t('messaging.conversation.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
