import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';

import { LOGIN_PATH } from './features/accounts/hooks';
import { RequireAuth } from './features/accounts/RequireAuth';
import { FullPageLoader } from './shared/FullPageLoader';
import { Layout } from './shared/Layout';
import { NotFoundPage } from './shared/NotFoundPage';

// Pages are loaded on demand so that each feature ships in its own chunk.
const LoginPage = lazy(() =>
  import('./features/accounts/LoginPage').then((m) => ({ default: m.LoginPage })),
);
const MePage = lazy(() => import('./features/accounts/MePage').then((m) => ({ default: m.MePage })));

export function AppRoutes() {
  return (
    <Suspense fallback={<FullPageLoader />}>
      <Routes>
        <Route path={LOGIN_PATH} element={<LoginPage />} />
        {/* Every other route requires a signed-in user. */}
        <Route element={<RequireAuth />}>
          <Route element={<Layout />}>
            <Route index element={<MePage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
