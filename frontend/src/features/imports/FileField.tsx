import { Input, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { formatFileSize } from './format';

interface FileFieldProps {
  id: string;
  label: string;
  description: string;
  file: File | null;
  error?: string;
  disabled?: boolean;
  onChange: (file: File | null) => void;
}

/**
 * A native file input in a Mantine wrapper: its label, help and error are tied to the
 * input (screen readers read them; browser tests can target it by its label).
 */
export function FileField({ id, label, description, file, error, disabled, onChange }: FileFieldProps) {
  const { t, i18n } = useTranslation();
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;
  const sizeId = `${id}-size`;
  const describedBy = [descriptionId, file ? sizeId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <Input.Wrapper
      id={id}
      label={label}
      description={description}
      error={error}
      required
      descriptionProps={{ id: descriptionId }}
      errorProps={{ id: errorId }}
    >
      <input
        id={id}
        type="file"
        accept=".csv,text/csv,text/plain"
        required
        disabled={disabled}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        style={{ display: 'block', maxWidth: '100%', marginTop: 'var(--mantine-spacing-xs)' }}
        onChange={(event) => onChange(event.currentTarget.files?.[0] ?? null)}
      />
      {file && (
        <Text id={sizeId} size="sm" c="dimmed" mt={4}>
          {t('imports.files.chosen', { name: file.name, size: formatFileSize(file.size, i18n.language) })}
        </Text>
      )}
    </Input.Wrapper>
  );
}
