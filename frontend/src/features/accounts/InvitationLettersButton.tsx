import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiError } from '../../api/errors';
import { errorMessage } from '../../shared/errorMessage';
import { fetchClassroomsOfSchool, fetchInvitationLetters, saveFile } from './api';

export interface DirectedSchool {
  id: number;
  name: string;
  uai: string;
}

/**
 * Director only: prints the invitation letters (one page per guardian without a login)
 * of one of the director's schools, or of one classroom of it. Self-contained so that it
 * can live on any page.
 */
export function InvitationLettersButton({ schools }: { schools: readonly DirectedSchool[] }) {
  const { t } = useTranslation();
  const [schoolId, setSchoolId] = useState<string | null>(schools[0] ? String(schools[0].id) : null);
  const [classroomId, setClassroomId] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const classrooms = useQuery({
    queryKey: ['accounts', 'invitation-classrooms', schoolId],
    queryFn: () => fetchClassroomsOfSchool(Number(schoolId)),
    enabled: schoolId !== null,
  });
  const letters = useMutation<Blob, ApiError, void>({
    mutationFn: () =>
      fetchInvitationLetters(Number(schoolId), { classroom: classroomId ? Number(classroomId) : null }),
    onSuccess: (blob) => {
      const school = schools.find((s) => String(s.id) === schoolId);
      saveFile(blob, `invitations-${school?.uai ?? schoolId}${classroomId ? `-${classroomId}` : ''}.pdf`);
      setDone(true);
    },
  });

  if (schools.length === 0) return null;
  return (
    <Stack gap="sm">
      <Text id="invitations-help">{t('accounts.invitations.help')}</Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        {schools.length > 1 && (
          <Select
            label={t('accounts.invitations.school')}
            data={schools.map((s) => ({ value: String(s.id), label: s.name }))}
            value={schoolId}
            onChange={(value) => {
              setSchoolId(value);
              setClassroomId(null);
              setDone(false);
            }}
            allowDeselect={false}
            miw={220}
          />
        )}
        <Select
          label={t('accounts.invitations.classroom')}
          placeholder={t('accounts.invitations.wholeSchool')}
          data={(classrooms.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
          value={classroomId}
          onChange={(value) => {
            setClassroomId(value);
            setDone(false);
          }}
          clearable
          miw={220}
        />
        <Button
          onClick={() => letters.mutate()}
          loading={letters.isPending}
          disabled={schoolId === null}
          aria-describedby="invitations-help"
        >
          {t('accounts.invitations.button')}
        </Button>
      </Group>
      {letters.isError && (
        <Alert color="red" variant="outline" role="alert" title={t('accounts.invitations.errorTitle')}>
          {errorMessage(letters.error, t)}
        </Alert>
      )}
      {done && !letters.isError && (
        <Text role="status" c="teal.9" fw={600}>
          {t('accounts.invitations.done')}
        </Text>
      )}
    </Stack>
  );
}
