import { Input, Skeleton } from '@mantine/core';
import { lazy, Suspense } from 'react';

export interface MarkdownFieldProps {
  label: string;
  /** Markdown (the subset the server renders): what is loaded and what `onChange` receives. */
  value: string;
  onChange: (markdown: string) => void;
  error?: string;
  required?: boolean;
  /** Height of the empty writing area, in lines. */
  minRows?: number;
}

const MarkdownEditor = lazy(() => import('./MarkdownEditor'));

/**
 * Where people write formatted text (homework, lessons, messages, notes): a toolbar
 * editor that loads with its own chunk; until then, the field's label over a placeholder.
 */
export function MarkdownField(props: MarkdownFieldProps) {
  const { label, required, minRows = 3 } = props;
  return (
    <Suspense
      fallback={
        <Input.Wrapper label={label} labelElement="div" required={required}>
          <Skeleton height={`${minRows * 1.6 + 3}em`} radius="sm" />
        </Input.Wrapper>
      }
    >
      <MarkdownEditor {...props} />
    </Suspense>
  );
}
