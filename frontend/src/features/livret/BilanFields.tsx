import { Textarea } from '@mantine/core';
import { useState } from 'react';

/** Long button labels wrap on a phone instead of widening the page. */
export const WRAPPING = { maw: '100%', h: 'auto', py: 6, styles: { label: { whiteSpace: 'normal' as const } } };

/** A textarea saved when it loses the focus, if it changed. */
export function TextOnBlur({
  label,
  value,
  disabled,
  maxLength,
  onSave,
}: {
  label: string;
  value: string;
  disabled: boolean;
  maxLength: number;
  onSave: (value: string) => void;
}) {
  const [text, setText] = useState(value);
  return (
    <Textarea
      label={label}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      onBlur={() => {
        if (text !== value) onSave(text);
      }}
      readOnly={disabled}
      autosize
      minRows={1}
      maxLength={maxLength}
      size="sm"
    />
  );
}
