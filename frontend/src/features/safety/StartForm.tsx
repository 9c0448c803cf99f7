import { Alert, Button, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { DrillKind, MusterStart } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { DRILL_KINDS, kindLabel, natureLabel } from './labels';

type Nature = 'drill' | 'alert';

/**
 * Starts a muster: its kind, exercise or real alert, then a confirmation (every phone of
 * the school's staff is told). Any of the school's staff may: a teacher who smells smoke does
 * not wait for the director.
 */
interface StartFormProps {
  onStart: (body: MusterStart) => void;
  /** The start being sent, and its error: the page holds the request (see SafetyPage). */
  start: { isPending: boolean; isError: boolean; error: unknown };
}

export function StartForm({ onStart, start }: StartFormProps) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<DrillKind>('fire');
  const [nature, setNature] = useState<Nature>('drill');
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (start.isError) errorRef.current?.focus();
  }, [start.isError]);

  // A confirmation names what is started: another choice asks again.
  const chooseKind = (value: string) => {
    setKind(value as DrillKind);
    setConfirming(false);
  };
  const chooseNature = (value: string) => {
    setNature(value as Nature);
    setConfirming(false);
  };

  const confirm = () => onStart({ kind, is_drill: nature === 'drill' });

  return (
    <Paper component="section" aria-labelledby="securite-declencher" withBorder p="md" radius="md">
      <Stack gap="md">
        <Title order={2} id="securite-declencher">
          {t('safety.start.title')}
        </Title>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setConfirming(true);
          }}
        >
          <Stack gap="md">
            <Radio.Group label={t('safety.start.kind')} value={kind} onChange={chooseKind} size="md">
              <Stack gap="xs" mt={4}>
                {DRILL_KINDS.map((value) => (
                  <Radio key={value} value={value} label={kindLabel(t, value)} size="md" />
                ))}
              </Stack>
            </Radio.Group>
            <Radio.Group label={t('safety.start.nature')} value={nature} onChange={chooseNature} size="md">
              <Group gap="lg" mt={4}>
                <Radio value="drill" label={natureLabel(t, true)} size="md" />
                <Radio value="alert" label={natureLabel(t, false)} size="md" />
              </Group>
            </Radio.Group>
            {!confirming && (
              <Button type="submit" size="lg" color="red.9" w="fit-content">
                {t('safety.start.submit')}
              </Button>
            )}
          </Stack>
        </form>
        {confirming && (
          <Stack
            gap="sm"
            ref={confirmRef}
            tabIndex={-1}
            role="group"
            aria-labelledby="securite-confirmation"
            p="sm"
            style={{ border: '2px solid var(--mantine-color-red-9)', borderRadius: 'var(--mantine-radius-md)' }}
          >
            <Text fw={700} id="securite-confirmation">
              {t('safety.start.confirmTitle')}
            </Text>
            <Text>
              {nature === 'drill'
                ? t('safety.start.confirmDrill', { kind: kindLabel(t, kind) })
                : t('safety.start.confirmAlert', { kind: kindLabel(t, kind) })}
            </Text>
            <Group gap="sm">
              <Button size="lg" color="red.9" onClick={confirm} loading={start.isPending}>
                {t('safety.start.confirm')}
              </Button>
              <Button size="lg" variant="default" onClick={() => setConfirming(false)} disabled={start.isPending}>
                {t('safety.start.cancel')}
              </Button>
            </Group>
          </Stack>
        )}
        {start.isError && (
          <Alert color="red" variant="outline" role="alert" title={t('safety.start.error')} ref={errorRef} tabIndex={-1}>
            {errorMessage(start.error, t)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
