import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';

import { AppRoutes } from '../AppRoutes';
import { AppProviders } from '../shared/AppProviders';
import { createQueryClient } from '../shared/queryClient';

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location" hidden>{location.pathname}</output>;
}

/** Renders the whole app (real routes, providers, query client) at `route`. */
export function renderApp(route = '/') {
  const queryClient = createQueryClient();
  const user = userEvent.setup();
  const utils = render(
    <AppProviders queryClient={queryClient}>
      <MemoryRouter initialEntries={[route]}>
        <AppRoutes />
        <LocationProbe />
      </MemoryRouter>
    </AppProviders>,
  );
  const currentPath = () => utils.getByTestId('location').textContent;
  return { ...utils, user, queryClient, currentPath };
}

/** Renders one element with providers and a router (for components tested in isolation). */
export function renderWithProviders(ui: ReactElement, route = '/') {
  const queryClient = createQueryClient();
  const user = userEvent.setup();
  const utils = render(
    <AppProviders queryClient={queryClient}>
      <MemoryRouter initialEntries={[route]}>
        <Routes>
          <Route path="*" element={ui} />
        </Routes>
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...utils, user, queryClient };
}
