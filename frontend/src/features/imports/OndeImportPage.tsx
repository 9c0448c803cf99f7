import { Alert, Button, Group, Loader, Modal, NativeSelect, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { type ApiError, isApiError } from '../../api/errors';
import type { OndePreview, OndeSummary } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { errorMessage } from '../../shared/errorMessage';
import { usePageTitle } from '../../shared/usePageTitle';
import { meQueryKey } from '../accounts/hooks';
import { useSchoolClassrooms } from '../timetable/hooks';
import { QueryState } from '../../shared/QueryState';
import { type OndeFiles, type UploadProgress, uploadOnde } from './api';
import { FileField } from './FileField';
import { formatFileSize } from './format';
import { FieldMessages, PreviewTabs, SummaryCounts } from './PreviewTables';

/** Mantine's oranges are too light on white for axe's color-contrast: a darker orange. */
const WARNING_COLOR = '#9c3d00';

/** The API names a bad file by its form field or by its French label. */
const PUPILS_FIELDS = ['pupils', 'élèves'];
const GUARDIANS_FIELDS = ['guardians', 'responsables'];

function fieldError(error: unknown, names: string[]): string | undefined {
  if (!isApiError(error)) return undefined;
  const messages = names.flatMap((name) => error.fields[name] ?? []);
  return messages.length > 0 ? messages.join(' ') : undefined;
}

/** "Import ONDE": the director uploads the two exports, reads the preview, then applies it. */
export function OndeImportPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  usePageTitle(t('imports.title'));
  const schools = me.schools.filter((school) => school.role === 'director');
  const [schoolId, setSchoolId] = useState<number | null>(schools[0]?.id ?? null);
  const school = schools.find((s) => s.id === schoolId) ?? schools[0];
  return (
    <Stack gap="xl" maw={1100}>
      <Stack gap={4}>
        <Title order={1}>{t('imports.title')}</Title>
        <Text>{school ? t('imports.intro') : t('imports.notDirector')}</Text>
      </Stack>
      {schools.length > 1 && (
        <NativeSelect
          label={t('imports.school')}
          value={String(school?.id)}
          onChange={(event) => setSchoolId(Number(event.currentTarget.value))}
          data={schools.map((s) => ({ value: String(s.id), label: s.name }))}
          maw={420}
        />
      )}
      {school && <OndeImport key={school.id} schoolId={school.id} schoolName={school.name} />}
    </Stack>
  );
}

function ProgressIndicator({ progress, files }: { progress: UploadProgress; files: OndeFiles }) {
  const { t, i18n } = useTranslation();
  const total = formatFileSize(files.pupils.size + files.guardians.size, i18n.language);
  const uploading = progress.phase === 'uploading';
  const percent = uploading ? progress.percent : null;
  const status = !uploading
    ? t('imports.progress.processing')
    : percent === null
      ? t('imports.progress.uploadingUnknown', { total })
      : t('imports.progress.uploading', { percent, total });
  return (
    <Stack gap={6} maw={560}>
      <Group gap="xs" wrap="nowrap">
        <Loader size="xs" aria-hidden />
        <Text size="sm" role="status">
          {status}
        </Text>
      </Group>
      {uploading && percent !== null ? (
        <Progress value={percent} size="lg" aria-label={t('imports.progress.label')} />
      ) : (
        <Progress.Root size="lg" aria-hidden>
          <Progress.Section value={100} animated striped withAria={false} />
        </Progress.Root>
      )}
    </Stack>
  );
}

function OndeImport({ schoolId, schoolName }: { schoolId: number; schoolName: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const baseId = useId();
  const [pupils, setPupils] = useState<File | null>(null);
  const [guardians, setGuardians] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [confirming, setConfirming] = useState(false);

  const preview = useMutation<OndePreview, ApiError, OndeFiles>({
    mutationFn: (files) => uploadOnde(schoolId, 'preview', files, setProgress),
    onSettled: () => setProgress(null),
  });
  const apply = useMutation<OndeSummary, ApiError, OndeFiles>({
    mutationFn: (files) => uploadOnde(schoolId, 'apply', files, setProgress),
    onSettled: () => setProgress(null),
    onSuccess: () => {
      preview.reset();
      void queryClient.invalidateQueries({ queryKey: ['schools'] });
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
  const busy = preview.isPending || apply.isPending;
  const files = pupils && guardians ? { pupils, guardians } : null;

  const choose = (setter: (file: File | null) => void) => (file: File | null) => {
    setter(file);
    // Another file: the preview shown no longer describes what would be applied.
    preview.reset();
    apply.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!files) {
      setMissing(true);
      return;
    }
    setMissing(false);
    apply.reset();
    preview.mutate(files);
  };

  const confirmApply = () => {
    setConfirming(false);
    if (files) apply.mutate(files);
  };

  const formError = preview.error ?? apply.error;
  const rejected = preview.data ? preview.data.rejected.length : 0;
  const summaryId = `${baseId}-summary`;
  const resultId = `${baseId}-result`;

  return (
    <Stack gap="xl">
      <form onSubmit={submit} noValidate aria-labelledby={`${baseId}-files`}>
        <Stack gap="md">
          <Title order={2} id={`${baseId}-files`}>
            {t('imports.files.title', { school: schoolName })}
          </Title>
          <Text size="sm">{t('imports.files.help')}</Text>
          <FileField
            id={`${baseId}-pupils`}
            label={t('imports.files.pupils')}
            description={t('imports.files.pupilsHelp')}
            file={pupils}
            disabled={busy}
            error={fieldError(formError, PUPILS_FIELDS) ?? (missing && !pupils ? t('imports.files.missing') : undefined)}
            onChange={choose(setPupils)}
          />
          <FileField
            id={`${baseId}-guardians`}
            label={t('imports.files.guardians')}
            description={t('imports.files.guardiansHelp')}
            file={guardians}
            disabled={busy}
            error={fieldError(formError, GUARDIANS_FIELDS) ?? (missing && !guardians ? t('imports.files.missing') : undefined)}
            onChange={choose(setGuardians)}
          />
          <Group>
            <Button type="submit" loading={preview.isPending} disabled={apply.isPending}>
              {t('imports.previewButton')}
            </Button>
          </Group>
          {progress && files && <ProgressIndicator progress={progress} files={files} />}
          {formError && <ImportError error={formError} applying={apply.isError} />}
        </Stack>
      </form>

      {preview.data && (
        <Stack gap="md" component="section" aria-labelledby={summaryId}>
          <Title order={2} id={summaryId}>
            {t('imports.summary.title')}
          </Title>
          <Text size="sm">{t('imports.summary.nothingWritten')}</Text>
          <SummaryCounts summary={preview.data.summary} labelledBy={summaryId} />
          {rejected > 0 && (
            <Alert color="red" variant="outline" title={t('imports.rejectedAlert.title', { count: rejected })}>
              {t('imports.rejectedAlert.body')}
            </Alert>
          )}
          {preview.data.warnings.length > 0 && (
            <Alert color={WARNING_COLOR} variant="outline" title={t('imports.warningsAlert.title', { count: preview.data.warnings.length })}>
              {t('imports.warningsAlert.body')}
            </Alert>
          )}
          <PreviewTabs preview={preview.data} />
          <Stack gap={4} align="flex-start">
            <Button
             
              onClick={() => setConfirming(true)}
              disabled={rejected > 0 || busy}
              loading={apply.isPending}
              aria-describedby={rejected > 0 ? `${baseId}-blocked` : undefined}
            >
              {t('imports.apply.button')}
            </Button>
            {rejected > 0 && (
              <Text size="sm" c="red.9" id={`${baseId}-blocked`}>
                {t('imports.apply.blocked')}
              </Text>
            )}
          </Stack>
          <Modal
            opened={confirming}
            onClose={() => setConfirming(false)}
            title={t('imports.apply.confirmTitle')}
            closeButtonProps={{ 'aria-label': t('imports.apply.close') }}
            centered
          >
            <Stack gap="md">
              <Text>
                {t('imports.apply.confirmBody', {
                  school: schoolName,
                  pupils: t('imports.apply.pupilCount', { count: preview.data.summary.pupils_to_create }),
                  classrooms: t('imports.apply.classroomCount', { count: preview.data.summary.classrooms_to_create }),
                  withdrawn: t('imports.apply.pupilCount', { count: preview.data.summary.pupils_to_withdraw }),
                })}
              </Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setConfirming(false)}>
                  {t('imports.apply.cancel')}
                </Button>
                <Button onClick={confirmApply}>
                  {t('imports.apply.confirm')}
                </Button>
              </Group>
            </Stack>
          </Modal>
        </Stack>
      )}

      {apply.data && (
        <Stack gap="md" component="section" aria-labelledby={resultId}>
          <Title order={2} id={resultId}>
            {t('imports.result.title')}
          </Title>
          <Alert color="teal.9" variant="outline" role="status" title={t('imports.result.done')}>
            {t('imports.result.body')}
          </Alert>
          <SummaryCounts summary={apply.data} labelledBy={resultId} applied />
          <SchoolClassrooms schoolId={schoolId} />
        </Stack>
      )}
    </Stack>
  );
}

function ImportError({ error, applying }: { error: ApiError; applying: boolean }) {
  const { t } = useTranslation();
  const title = applying ? t('imports.errors.applyTitle') : t('imports.errors.previewTitle');
  let message: string;
  if (error.status >= 500) message = t('imports.errors.server');
  else if (error.status === 404) message = t('imports.errors.notFound');
  else if (error.status === 403 && error.code === 'permission_denied') message = t('imports.errors.forbidden');
  else message = errorMessage(error, t);
  return (
    <Alert color="red" variant="outline" role="alert" title={title}>
      <Text size="sm">{message}</Text>
      <FieldMessages messages={error.fields.files ?? []} />
    </Alert>
  );
}

/** The school's classrooms after the import, with today's pupil count. */
function SchoolClassrooms({ schoolId }: { schoolId: number }) {
  const { t } = useTranslation();
  const classrooms = useSchoolClassrooms(schoolId);
  const headingId = useId();
  return (
    <Stack gap="sm">
      <Title order={3} id={headingId}>
        {t('imports.classrooms.title')}
      </Title>
      {classrooms.data === undefined ? (
        <QueryState query={classrooms} />
      ) : classrooms.data.length === 0 ? (
        <Text c="dimmed">{t('imports.classrooms.empty')}</Text>
      ) : (
        <Table.ScrollContainer
          minWidth={420}
          type="native"
          tabIndex={0}
          role="region"
          aria-label={t('imports.classrooms.title')}
        >
          <Table striped withTableBorder aria-labelledby={headingId}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('imports.classrooms.name')}</Table.Th>
                <Table.Th scope="col">{t('imports.classrooms.levels')}</Table.Th>
                <Table.Th scope="col">{t('imports.classrooms.year')}</Table.Th>
                <Table.Th scope="col">{t('imports.classrooms.pupils')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {classrooms.data.map((classroom) => (
                <Table.Tr key={classroom.id}>
                  <Table.Th scope="row">{classroom.name}</Table.Th>
                  <Table.Td>{classroom.levels.join(', ')}</Table.Td>
                  <Table.Td>{classroom.school_year}</Table.Td>
                  <Table.Td>{t('imports.classrooms.pupilCount', { count: classroom.pupil_count })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
