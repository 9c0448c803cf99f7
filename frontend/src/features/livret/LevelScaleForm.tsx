import { Button, ColorInput, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { LevelScale } from '../../api/types';
import { FormErrorAlert, splitFieldErrors } from '../../shared/formErrors';
import { QueryState } from '../../shared/QueryState';
import { textColourOn } from './grid';
import { useLevelScale, useSetLevelScale } from './hooks';

const FIELDS = [0, 1, 2, 3].flatMap((index) => [`labels[${index}]`, `colours[${index}]`]);

/** The school's labels and colours of the four levels of the evaluations (the director). */
export function LevelScaleSection({ schoolId }: { schoolId: number }) {
  const { t } = useTranslation();
  const scale = useLevelScale(schoolId);
  const [status, setStatus] = useState('');
  return (
    <Stack gap="sm" component="section" aria-labelledby="echelle-ecole">
      <Title order={2} fz="h3" id="echelle-ecole">
        {t('livret.scaleForm.title')}
      </Title>
      {scale.data === undefined ? (
        <QueryState query={scale} />
      ) : (
        <LevelScaleForm
          key={scale.data.labels.join('|') + scale.data.colours.join('|')}
          schoolId={schoolId}
          scale={scale.data}
          onSaved={() => setStatus(t('livret.scaleForm.saved'))}
          onEdit={() => setStatus('')}
        />
      )}
      <div role="status" aria-live="polite">
        {status && (
          <Text c="teal.9" fw={600}>
            {status}
          </Text>
        )}
      </div>
    </Stack>
  );
}

function LevelScaleForm({
  schoolId,
  scale,
  onSaved,
  onEdit,
}: {
  schoolId: number;
  scale: LevelScale;
  onSaved: () => void;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const [labels, setLabels] = useState(scale.labels);
  const [colours, setColours] = useState(scale.colours);
  const save = useSetLevelScale(schoolId);
  const { fieldError, otherMessages } = splitFieldErrors(save.error, FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onEdit();
    save.mutate({ labels, colours }, { onSuccess: onSaved });
  };
  return (
    <form onSubmit={submit} aria-labelledby="echelle-ecole" noValidate>
      <Stack gap="sm">
        <Text size="sm">{scale.is_default ? t('livret.scaleForm.default') : t('livret.scaleForm.help')}</Text>
        <FormErrorAlert error={save.error} otherMessages={otherMessages} />
        {labels.map((label, index) => (
          <Group key={index} gap="sm" align="flex-end" wrap="wrap">
            <TextInput
              label={t('livret.scaleForm.label', { level: index + 1 })}
              value={label}
              maxLength={40}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setLabels((previous) => previous.map((l, i) => (i === index ? value : l)));
              }}
              error={fieldError(`labels[${index}]`)}
              miw={200}
            />
            <ColorInput
              label={t('livret.scaleForm.colour', { level: index + 1 })}
              value={colours[index] ?? ''}
              format="hex"
              withEyeDropper={false}
              onChange={(value) => setColours((previous) => previous.map((c, i) => (i === index ? value : c)))}
              error={fieldError(`colours[${index}]`)}
              w={150}
            />
            <span
              aria-hidden="true"
              style={{
                padding: '4px 8px',
                borderRadius: 4,
                background: colours[index],
                color: textColourOn(colours[index] ?? ''),
                fontWeight: 600,
              }}
            >
              {index + 1} – {label}
            </span>
          </Group>
        ))}
        <Button type="submit" w="fit-content" loading={save.isPending}>
          {t('livret.scaleForm.save')}
        </Button>
      </Stack>
    </form>
  );
}
