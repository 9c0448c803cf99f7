import { Alert, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ClassParcours as Parcours, ParcoursCode } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { QueryState } from '../../shared/QueryState';
import { useClassParcours, useSetClassParcours } from './bilanHooks';
import { TextOnBlur } from './BilanFields';

const CODES: readonly ParcoursCode[] = ['PAR_CIT', 'PAR_ART', 'PAR_SAN'];

/** The class's parcours for the period (one project each): written by its teachers. */
export function ClassParcours({ classroomId, periodId, canEdit }: { classroomId: number; periodId: number; canEdit: boolean }) {
  const { t } = useTranslation();
  const parcours = useClassParcours(classroomId, periodId);
  const set = useSetClassParcours(classroomId, periodId);
  const [status, setStatus] = useState('');
  const rows = parcours.data;
  const save = (current: readonly Parcours[], code: ParcoursCode, project: string) => {
    const projects = new Map(current.map((row) => [row.code, row.project]));
    projects.set(code, project.trim());
    setStatus('');
    set.mutate(
      CODES.filter((c) => projects.get(c)).map((c) => ({ code: c, project: projects.get(c) ?? '' })),
      { onSuccess: () => setStatus(t('livret.bilans.saved')) },
    );
  };
  return (
    <Stack gap="xs" component="section" aria-labelledby="parcours-classe">
      <Title order={2} fz="h3" id="parcours-classe">
        {t('livret.parcours.title')}
      </Title>
      {rows === undefined ? (
        <QueryState query={parcours} />
      ) : (
        <>
          {!canEdit && rows.length === 0 && <Text size="sm">{t('livret.parcours.none')}</Text>}
          {CODES.filter((code) => canEdit || rows.some((row) => row.code === code)).map((code) => (
            <TextOnBlur
              key={code}
              label={t(`livret.parcours.codes.${code}`)}
              value={rows.find((row) => row.code === code)?.project ?? ''}
              disabled={!canEdit}
              maxLength={600}
              onSave={(project) => save(rows, code, project)}
            />
          ))}
          {set.error && (
            <Alert color="red" variant="outline" role="alert">
              {errorMessage(set.error, t)}
            </Alert>
          )}
          <div role="status" aria-live="polite">
            {status && (
              <Text c="teal.9" fw={600} size="sm">
                {status}
              </Text>
            )}
          </div>
        </>
      )}
    </Stack>
  );
}
