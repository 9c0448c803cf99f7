import { BrowserRouter } from 'react-router';

import { AppRoutes } from './AppRoutes';
import { AppProviders } from './shared/AppProviders';
import { AppStatus } from './shared/AppStatus';

export function App() {
  return (
    <AppProviders>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
      <AppStatus />
    </AppProviders>
  );
}
