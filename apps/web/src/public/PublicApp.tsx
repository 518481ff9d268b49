// The public side (issue 16), without a login: routes under /public/. Phone-first pages.
import { Navigate, Route, Routes } from 'react-router';
import { PublicDisclosurePage } from './PublicDisclosurePage';

export function PublicApp() {
  return (
    <Routes>
      <Route path="/public/disclosure" element={<PublicDisclosurePage />} />
      <Route path="*" element={<Navigate to="/public/disclosure" replace />} />
    </Routes>
  );
}
