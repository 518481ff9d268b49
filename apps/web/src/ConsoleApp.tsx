import { Spin } from 'antd';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth';
import { ConsoleLayout } from './ConsoleLayout';
import { LoginPage } from './pages/LoginPage';
import { routesFor } from './routes';
import { useUnits } from './reference';
import { PublicApp } from './public/PublicApp';
import { EnterpriseApp } from './odr/EnterpriseApp';

export function ConsoleApp() {
  const { session } = useAuth();
  const location = useLocation();
  // the public side (issue 16): no login, whoever is signed in on this browser
  if (location.pathname === '/public' || location.pathname.startsWith('/public/')) return <PublicApp />;
  if (!session) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Navigate to="/login" replace state={{ from: location.pathname + location.search }} />} />
      </Routes>
    );
  }
  // an ODR enterprise's account sees its own pages only, and loads none of the staff console's reference data
  if (session.user.role === 'enterprise') return <EnterpriseApp />;
  return <Authenticated />;
}

function Authenticated() {
  const { session } = useAuth();
  const units = useUnits();
  const user = session!.user;
  if (!units) return <Spin fullscreen tip="加载中" />;
  const isIntake = !!units?.find((u) => u.id === user.unit.id)?.isIntake;
  const routes = routesFor(user.role, isIntake);
  const home = routes.find((r) => r.label)?.path ?? '/cases';
  return (
    <Routes>
      <Route element={<ConsoleLayout routes={routes} />}>
        {routes.map((r) => (
          <Route key={r.path} path={r.path} element={r.element} />
        ))}
        <Route path="/login" element={<Navigate to={home} replace />} />
        <Route path="*" element={<Navigate to={home} replace />} />
      </Route>
    </Routes>
  );
}
