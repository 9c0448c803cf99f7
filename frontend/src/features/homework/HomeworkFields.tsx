import { Checkbox, Group, MultiSelect, NumberInput, Radio, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { isApiError } from '../../api/errors';
import type { HomeworkAudience, Level } from '../../api/types';
import { personName } from '../../shared/labels';
import { MarkdownField } from '../../shared/richText/MarkdownField';
import { useClassroomPupils } from './hooks';

export interface HomeworkValues {
  instructions: string;
  due_date: string;
  estimated_minutes: number | string;
  to_bring_back: string;
  audience: HomeworkAudience;
  levels: Level[];
  /** Pupil ids, as strings (MultiSelect values). */
  pupils: string[];
}

export type HomeworkField = keyof HomeworkValues;

export const HOMEWORK_FIELDS: readonly HomeworkField[] = [
  'instructions',
  'due_date',
  'estimated_minutes',
  'to_bring_back',
  'audience',
  'levels',
  'pupils',
];

export function emptyHomework(dueDate = ''): HomeworkValues {
  return {
    instructions: '',
    due_date: dueDate,
    estimated_minutes: 15,
    to_bring_back: '',
    audience: 'classroom',
    levels: [],
    pupils: [],
  };
}

/** Fields the teacher left empty (or out of range), checked before sending. */
export function missingHomeworkFields(values: HomeworkValues): HomeworkField[] {
  const missing: HomeworkField[] = [];
  if (!values.instructions.trim()) missing.push('instructions');
  if (!values.due_date) missing.push('due_date');
  const minutes = Number(values.estimated_minutes);
  if (values.estimated_minutes === '' || !Number.isInteger(minutes) || minutes < 1 || minutes > 240) {
    missing.push('estimated_minutes');
  }
  if (values.audience === 'levels' && values.levels.length === 0) missing.push('levels');
  if (values.audience === 'pupils' && values.pupils.length === 0) missing.push('pupils');
  return missing;
}

/** The body the API takes (`levels` / `pupils` only with their audience). */
export function homeworkBody(values: HomeworkValues) {
  return {
    instructions: values.instructions.trim(),
    due_date: values.due_date,
    estimated_minutes: Number(values.estimated_minutes),
    to_bring_back: values.to_bring_back.trim(),
    audience: values.audience,
    ...(values.audience === 'levels' ? { levels: values.levels } : {}),
    ...(values.audience === 'pupils' ? { pupils: values.pupils.map(Number) } : {}),
  };
}

/**
 * Server validation errors by field. Nested names keep their prefix (`homework.due_date`),
 * list items point to their list (`homework.pupils.0` → `homework.pupils`).
 */
export function serverFieldErrors(error: unknown): Record<string, string> {
  const byField: Record<string, string> = {};
  if (!isApiError(error)) return byField;
  for (const [name, messages] of Object.entries(error.fields)) {
    const field = name.replace(/(\.\d+)+$/, '');
    const text = messages.join(' ');
    byField[field] = byField[field] ? `${byField[field]} ${text}` : text;
  }
  return byField;
}

/** Messages of fields that the form does not show (for the alert above it). */
export function otherFieldMessages(byField: Record<string, string>, shown: readonly string[]): string[] {
  return Object.entries(byField)
    .filter(([name]) => !shown.includes(name))
    .map(([, message]) => message);
}

interface HomeworkFieldsProps {
  values: HomeworkValues;
  onChange: (patch: Partial<HomeworkValues>) => void;
  /** The message under a field (client check or server error), if any. */
  error: (field: HomeworkField) => string | undefined;
  classroomId: number;
  classroomLevels: readonly Level[];
  /** Earliest due date offered by the date picker (today). */
  minDueDate?: string;
}

/** "Travail à faire": instructions, due date, time, what to bring back, for whom. */
export function HomeworkFields({ values, onChange, error, classroomId, classroomLevels, minDueDate }: HomeworkFieldsProps) {
  const { t } = useTranslation();
  const pupils = useClassroomPupils(classroomId, values.audience === 'pupils');
  const pupilOptions = (pupils.data ?? [])
    .slice()
    .sort((a, b) => a.last_name.localeCompare(b.last_name, 'fr') || a.first_name.localeCompare(b.first_name, 'fr'))
    .map((pupil) => ({ value: String(pupil.id), label: personName(pupil) }));
  const multiLevel = classroomLevels.length > 1;

  return (
    <Stack gap="sm">
      <MarkdownField
        label={t('homework.editor.instructions')}
        value={values.instructions}
        onChange={(instructions) => onChange({ instructions })}
        error={error('instructions')}
        required
        minRows={3}
      />
      <Group grow align="flex-start" wrap="wrap">
        <TextInput
          type="date"
          label={t('homework.editor.dueDate')}
          value={values.due_date}
          min={minDueDate}
          onChange={(event) => onChange({ due_date: event.currentTarget.value })}
          error={error('due_date')}
          required
          miw={160}
        />
        <NumberInput
          label={t('homework.editor.minutes')}
          value={values.estimated_minutes}
          onChange={(value) => onChange({ estimated_minutes: value })}
          error={error('estimated_minutes')}
          min={1}
          max={240}
          step={5}
          allowDecimal={false}
          allowNegative={false}
          required
          miw={160}
        />
      </Group>
      <TextInput
        label={t('homework.editor.toBringBack')}
        description={t('homework.editor.toBringBackHint')}
        value={values.to_bring_back}
        onChange={(event) => onChange({ to_bring_back: event.currentTarget.value })}
        error={error('to_bring_back')}
        maxLength={200}
      />
      <Radio.Group
        label={t('homework.editor.audience')}
        value={values.audience}
        onChange={(value) => onChange({ audience: value as HomeworkAudience })}
        error={error('audience')}
      >
        <Stack gap={6} mt={6}>
          <Radio value="classroom" label={t('homework.audience.classroom')} />
          {multiLevel && <Radio value="levels" label={t('homework.audience.levelsChoice')} />}
          <Radio value="pupils" label={t('homework.audience.pupilsChoice')} />
        </Stack>
      </Radio.Group>
      {values.audience === 'levels' && (
        <Checkbox.Group
          label={t('homework.editor.levels')}
          value={values.levels}
          onChange={(levels) => onChange({ levels: levels as Level[] })}
          error={error('levels')}
          required
        >
          <Group gap="md" mt={6}>
            {classroomLevels.map((level) => (
              <Checkbox key={level} value={level} label={level} />
            ))}
          </Group>
        </Checkbox.Group>
      )}
      {values.audience === 'pupils' && (
        <MultiSelect
          label={t('homework.editor.pupils')}
          placeholder={values.pupils.length === 0 ? t('homework.editor.pupilsPlaceholder') : undefined}
          data={pupilOptions}
          value={values.pupils}
          onChange={(ids) => onChange({ pupils: ids })}
          error={error('pupils') ?? (pupils.isError ? t('homework.editor.pupilsLoadError') : undefined)}
          searchable
          hidePickedOptions
          nothingFoundMessage={pupils.isPending ? t('homework.editor.pupilsLoading') : t('homework.editor.pupilsNone')}
          required
          comboboxProps={{ withinPortal: true }}
        />
      )}
    </Stack>
  );
}
