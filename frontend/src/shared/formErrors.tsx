import { Alert, List } from '@mantine/core';
import { useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';

import { isApiError } from '../api/errors';
import { errorMessage, type FieldLabels } from './errorMessage';

/**
 * After a failed submission (`failure` is a new value each time, falsy when none), focus
 * goes to the form's first invalid field, else to its error alert — never to the page
 * body, and never out of the dialog the form is in.
 */
export function useFocusOnFailure(form: RefObject<HTMLElement | null>, failure: unknown) {
  useEffect(() => {
    if (!failure || !form.current) return;
    const root = form.current;
    const field = root.querySelector<HTMLElement>('[aria-invalid="true"]');
    const alert = root.querySelector<HTMLElement>('[role="alert"]');
    const target = field ?? alert;
    if (!target) return;
    if (target === alert && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }, [failure, form]);
}

/**
 * Server validation errors of a form: each message under the field named in
 * `error.fields` (`fieldError("start_time")`), and the others in the alert.
 * `aliases` shows an API field under another input (e.g. `starts_at` under the date).
 */
export function splitFieldErrors(error: unknown, shown: readonly string[], aliases: Record<string, string> = {}) {
  const fields = isApiError(error) ? error.fields : {};
  const byInput: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const [name, messages] of Object.entries(fields)) {
    const input = aliases[name] ?? name;
    const text = messages.join(' ');
    if (shown.includes(input)) byInput[input] = byInput[input] ? `${byInput[input]} ${text}` : text;
    else elsewhere.push(text);
  }
  return {
    fieldError: (input: string): string | undefined => byInput[input],
    /** Messages of fields the form does not show. */
    otherMessages: elsewhere,
  };
}

/**
 * A refusal's alert, when it appears (each new `error`), moves focus to the first field
 * in error of its form, else to itself: every form that shows its errors with these
 * alerts keeps focus where the user can act, inside its dialog when it is in one.
 */
export function useFocusOnError(alert: RefObject<HTMLElement | null>, error: unknown) {
  useEffect(() => {
    const node = alert.current;
    if (!error || !node) return;
    const field = node.closest('form')?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (field ?? node).focus();
  }, [alert, error]);
}

/** The alert above a form: the server's message, plus messages of fields not in the form. */
export function FormErrorAlert({
  error,
  otherMessages,
  labels,
}: {
  error: unknown;
  otherMessages: readonly string[];
  /** The form's labels by API field name, to name a field as the form does. */
  labels?: FieldLabels;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useFocusOnError(ref, error);
  if (!error) return null;
  const message = errorMessage(error, t, labels);
  const extra = otherMessages.filter((m) => m !== message);
  return (
    <Alert color="red" variant="outline" title={t('timetable.saveError')} role="alert" tabIndex={-1} ref={ref}>
      {message}
      {extra.length > 0 && (
        <List size="sm" mt={4}>
          {extra.map((m) => (
            <List.Item key={m}>{m}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
