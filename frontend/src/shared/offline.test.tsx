import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { AppProviders } from './AppProviders';
import { AppStatus } from './AppStatus';

describe('offline reading', () => {
  it('tells the user the app is offline, and when it is back', async () => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true);
    render(
      <AppProviders>
        <AppStatus />
      </AppProviders>,
    );
    expect(screen.queryByText('Hors ligne')).not.toBeInTheDocument();

    onLine.mockReturnValue(false);
    act(() => void window.dispatchEvent(new Event('offline')));
    expect(screen.getByRole('status')).toHaveTextContent(
      'Hors ligneVous voyez les dernières informations reçues.',
    );

    onLine.mockReturnValue(true);
    act(() => void window.dispatchEvent(new Event('online')));
    expect(screen.queryByText('Hors ligne')).not.toBeInTheDocument();
  });

});
