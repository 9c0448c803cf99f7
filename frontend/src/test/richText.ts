import { within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';

/**
 * Writes `text` in a toolbar editor (found by its label, once its chunk has loaded), as a
 * paste: in jsdom, ProseMirror redraws between the keys of `user.type` and drops some.
 */
export async function writeRichText(user: UserEvent, container: HTMLElement, label: RegExp | string, text: string) {
  const field = await within(container).findByLabelText(label);
  await user.click(field);
  await user.paste(text);
  return field;
}
