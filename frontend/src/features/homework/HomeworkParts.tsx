import { Alert, Anchor, Badge, FileInput, List, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Homework, HomeworkAttachment } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import type { AttachmentTarget } from './api';
import classes from './Homework.module.css';
import { useUploadAttachment } from './hooks';
import { formatSize } from './labels';

export { ServerHtml } from '../../shared/ServerHtml';

/** "Retiré par l'enseignant·e": in words, not by colour only. */
export function WithdrawnBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="red.9" variant="filled" className={classes.badge} classNames={{ label: classes.badgeLabel }}>
      {t('homework.item.withdrawn')}
    </Badge>
  );
}

/** Estimated time and what to bring back. */
export function HomeworkFacts({ homework }: { homework: Homework }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Text size="sm">{t('homework.item.minutes', { count: homework.estimated_minutes })}</Text>
      {homework.to_bring_back && (
        <Text size="sm" fw={600}>
          {t('homework.item.toBringBack', { text: homework.to_bring_back })}
        </Text>
      )}
    </Stack>
  );
}

/** Download links (the API serves the files only to who may see the homework). */
export function AttachmentList({ attachments, labelId }: { attachments: readonly HomeworkAttachment[]; labelId: string }) {
  const { t, i18n } = useTranslation();
  if (attachments.length === 0) return null;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600} id={labelId}>
        {t('homework.item.attachments')}
      </Text>
      <List size="sm" aria-labelledby={labelId} spacing={2}>
        {attachments.map((attachment) => (
          <List.Item key={attachment.id} className={classes.attachment}>
            <Anchor href={attachment.url} download={attachment.name} size="sm">
              {attachment.name}
            </Anchor>{' '}
            <Text span size="xs" c="dimmed">
              ({formatSize(attachment.size, i18n.language)})
            </Text>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/**
 * "Joindre un fichier" to a saved lesson or homework: sent as soon as it is chosen; the
 * server's message (too large, refused type, too many files) is shown under the field.
 */
export function AttachmentUpload({ target, label }: { target: AttachmentTarget; label: string }) {
  const { t } = useTranslation();
  const upload = useUploadAttachment(target);
  const [uploaded, setUploaded] = useState('');
  const [file, setFile] = useState<File | null>(null);

  const onChange = (chosen: File | null) => {
    setFile(chosen);
    setUploaded('');
    upload.reset();
    if (!chosen) return;
    upload.mutate(chosen, {
      onSuccess: (attachment) => {
        setUploaded(attachment.name);
        setFile(null);
      },
    });
  };

  return (
    <Stack gap={4}>
      <FileInput
        label={label}
        description={t('homework.attachments.hint')}
        placeholder={t('homework.attachments.choose')}
        value={file}
        onChange={onChange}
        error={upload.isError ? t('homework.attachments.error', { message: errorMessage(upload.error, t) }) : undefined}
        disabled={upload.isPending}
        clearable={false}
        size="sm"
        maw={420}
      />
      <div role="status" aria-live="polite">
        {upload.isPending && <Text size="sm">{t('homework.attachments.sending')}</Text>}
        {uploaded && (
          <Alert color="teal" variant="light" p="xs">
            <Text size="sm" c="teal.9" fw={600}>
              {t('homework.attachments.uploaded', { name: uploaded })}
            </Text>
          </Alert>
        )}
      </div>
    </Stack>
  );
}
