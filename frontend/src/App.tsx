import { BrowserRouter } from 'react-router';

import { AppRoutes } from './AppRoutes';
import { AppProviders } from './shared/AppProviders';

export function App() {
  return (
    <AppProviders>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </AppProviders>
  );
}
