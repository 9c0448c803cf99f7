import { Alert, Button, Checkbox, Group, Input, NativeSelect, Stack, Text } from '@mantine/core';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';

import type { Digest, DigestCategory } from '../../api/types';
import { formatTime } from '../../shared/dates';
import { FormErrorAlert, splitFieldErrors } from '../../shared/formErrors';
import { InlineLoader } from '../../shared/InlineLoader';
import { QueryState } from '../../shared/QueryState';
import { useDigest, useSaveDigest } from './hooks';
import { categoryLabel, DIGEST_CATEGORIES, inDigestOrder, sendTimes } from './labels';
import classes from './Notifications.module.css';
import { DIGEST_ANCHOR } from './paths';

const FIELDS = ['send_at', 'categories'] as const;

/** "Résumé du jour par courriel" on "Mon espace": the time the digest leaves and what it gathers. */
export function DigestSettings() {
  const { t } = useTranslation();
  const digest = useDigest();
  if (digest.isPending) return <InlineLoader label={t('notifications.digest.loading')} />;
  if (digest.isError) return <QueryState query={digest} title={t('notifications.digest.loadError')} />;
  return <DigestForm digest={digest.data} />;
}

function DigestForm({ digest }: { digest: Digest }) {
  const { t, i18n } = useTranslation();
  const save = useSaveDigest();
  const [sendAt, setSendAt] = useState(digest.send_at.slice(0, 5));
  const [categories, setCategories] = useState<DigestCategory[]>(() => inDigestOrder(digest.categories));
  const helpId = useId();
  const categoriesErrorId = useId();
  useScrollToAnchor();

  const hasAddress = digest.address !== '';
  const labels = { send_at: t('notifications.digest.sendAt'), categories: t('notifications.digest.categories') };
  const { fieldError, otherMessages } = splitFieldErrors(save.error, FIELDS);
  const categoriesError = fieldError('categories');

  const toggle = (category: DigestCategory, checked: boolean) => {
    save.reset();
    setCategories((current) =>
      checked ? inDigestOrder([...current, category]) : current.filter((value) => value !== category),
    );
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ send_at: sendAt, categories: inDigestOrder(categories) });
  };

  return (
    <form noValidate onSubmit={onSubmit}>
      <Stack gap="md" align="stretch">
        <Text>{t('notifications.digest.intro')}</Text>
        {hasAddress ? (
          <Text className={classes.address}>{t('notifications.digest.address', { address: digest.address })}</Text>
        ) : (
          <Alert color="orange" variant="light" title={t('notifications.digest.noAddressTitle')}>
            {t('notifications.digest.noAddress')}
          </Alert>
        )}

        <NativeSelect
          label={t('notifications.digest.sendAt')}
          value={sendAt}
          disabled={!hasAddress}
          onChange={(event) => {
            save.reset();
            setSendAt(event.currentTarget.value);
          }}
          data={sendTimes(digest.send_at.slice(0, 5)).map((value) => ({
            value,
            label: formatTime(value, i18n.language),
          }))}
          error={fieldError('send_at')}
          maw={{ base: '100%', xs: 240 }}
        />

        <fieldset className={classes.fieldset} disabled={!hasAddress} aria-describedby={helpId}>
          <legend className={classes.legend}>{t('notifications.digest.categories')}</legend>
          <Text id={helpId} size="sm" c="dimmed" mb="xs">
            {t('notifications.digest.categoriesHelp')}
          </Text>
          <ul className={classes.categories}>
            {DIGEST_CATEGORIES.map((category) => (
              <li key={category}>
                <Checkbox
                  label={categoryLabel(t, category)}
                  value={category}
                  checked={categories.includes(category)}
                  onChange={(event) => toggle(category, event.currentTarget.checked)}
                  disabled={!hasAddress}
                  error={Boolean(categoriesError)}
                  aria-invalid={categoriesError ? true : undefined}
                  aria-describedby={categoriesError ? categoriesErrorId : undefined}
                />
              </li>
            ))}
          </ul>
          {categoriesError && (
            <Input.Error id={categoriesErrorId} mt="xs">
              {categoriesError}
            </Input.Error>
          )}
        </fieldset>

        <FormErrorAlert error={save.error} otherMessages={otherMessages} labels={labels} />

        <Group gap="sm" align="center">
          <Button type="submit" loading={save.isPending} disabled={!hasAddress}>
            {t('notifications.digest.save')}
          </Button>
          <Text size="sm" c="teal.9" fw={600} role="status">
            {save.isSuccess ? t('notifications.digest.saved') : ''}
          </Text>
        </Group>
      </Stack>
    </form>
  );
}

/** Opened from the digest's "Changer son heure ou ses rubriques" (/moi#resume): the section is shown. */
function useScrollToAnchor() {
  const { hash } = useLocation();
  useEffect(() => {
    if (hash === `#${DIGEST_ANCHOR}`) document.getElementById(DIGEST_ANCHOR)?.scrollIntoView({ block: 'start' });
  }, [hash]);
}
