import { screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders } from '../../test/render';
import { MarkdownField } from './MarkdownField';

/** The field in a form that shows what it would submit. */
function Form({ initial = '' }: { initial?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <MarkdownField label="Consignes" value={value} onChange={setValue} required />
      <output aria-label="Envoyé">{value}</output>
      <button type="button" onClick={() => setValue('')}>
        Vider
      </button>
    </>
  );
}

describe('MarkdownField', () => {
  it('shows saved Markdown formatted, and sends back what the teacher changed as Markdown', async () => {
    const { user } = renderWithProviders(<Form initial={'Lire **page 12**\n\n- un\n- deux'} />);
    const field = await screen.findByRole('textbox', { name: /Consignes/ });
    expect(field).toHaveAttribute('aria-required', 'true');
    expect(within(field).getByText('page 12').tagName).toBe('STRONG');
    expect(within(field).getAllByRole('listitem')).toHaveLength(2);
    // Markdown pasted out of habit becomes formatting: what is sent is what is shown.
    await user.click(field);
    await user.paste('*en italique* ');
    await waitFor(() => expect(within(field).getByText('en italique').tagName).toBe('EM'));
    expect(screen.getByLabelText('Envoyé')).toHaveTextContent('*en italique* Lire **page 12** - un - deux');
  });

  it('makes a link with the toolbar, only to a web or mail address', async () => {
    const { user } = renderWithProviders(<Form />);
    const field = await screen.findByRole('textbox', { name: /Consignes/ });
    await user.click(field);
    await user.paste('le site');
    await user.keyboard('{Control>}a{/Control}');
    await user.click(screen.getByRole('button', { name: 'Lien' }));
    await user.type(await screen.findByLabelText('Adresse du lien'), 'javascript:alert(1){Enter}');
    expect(screen.getByLabelText('Envoyé')).toHaveTextContent(/^le site$/);

    await user.keyboard('{Control>}a{/Control}');
    await user.click(screen.getByRole('button', { name: 'Lien' }));
    await user.type(await screen.findByLabelText('Adresse du lien'), 'https://example.org{Enter}');
    await waitFor(() => expect(screen.getByLabelText('Envoyé')).toHaveTextContent('[le site](https://example.org)'));
  });

  it('empties when the form is reset after sending', async () => {
    const { user } = renderWithProviders(<Form initial="Bonjour" />);
    const field = await screen.findByRole('textbox', { name: /Consignes/ });
    await waitFor(() => expect(field).toHaveTextContent('Bonjour'));
    await user.click(screen.getByRole('button', { name: 'Vider' }));
    await waitFor(() => expect(field.textContent).toBe(''));
  });
});
