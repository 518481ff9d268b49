// The console's screens, by role. A feature that lands later (indicators dashboard, notifications, extensions and
// pauses, calendar administration, work-plan tasks) adds one entry here: the menu and the router both read this list.
import type { ReactNode } from 'react';
import { FileSearchOutlined, FormOutlined, InboxOutlined, PhoneOutlined, ShareAltOutlined } from '@ant-design/icons';
import type { Role } from '#contracts';
import { IntakePage } from './pages/IntakePage';
import { PoolPage } from './pages/PoolPage';
import { InboxPage } from './pages/InboxPage';
import { CasesPage } from './pages/CasesPage';
import { CallbackPage } from './pages/CallbackPage';
import { CaseDetailPage } from './pages/CaseDetailPage';

export interface ConsoleRoute {
  path: string;
  /** Menu label; routes without one (e.g. case detail) are reachable but not in the menu. */
  label?: string;
  icon?: ReactNode;
  roles: readonly Role[];
  element: ReactNode;
}

const ALL: readonly Role[] = ['operator', 'handler', 'leader', 'manager', 'admin'];

export const ROUTES: ConsoleRoute[] = [
  { path: '/intake', label: '登记', icon: <FormOutlined />, roles: ['operator', 'admin'], element: <IntakePage /> },
  { path: '/pool', label: '待分派', icon: <ShareAltOutlined />, roles: ['operator', 'admin', 'leader', 'handler'], element: <PoolPage /> },
  { path: '/inbox', label: '待办', icon: <InboxOutlined />, roles: ['handler', 'leader'], element: <InboxPage /> },
  { path: '/callbacks', label: '待回访', icon: <PhoneOutlined />, roles: ['operator', 'admin'], element: <CallbackPage /> },
  { path: '/cases', label: '案件查询', icon: <FileSearchOutlined />, roles: ALL, element: <CasesPage /> },
  { path: '/cases/:id', roles: ALL, element: <CaseDetailPage /> },
];

/** The dispatch pool belongs to the intake unit: other units' handlers and leaders do not see it. */
export function routesFor(role: Role, isIntakeUnit: boolean): ConsoleRoute[] {
  return ROUTES.filter((r) => r.roles.includes(role) && !(r.path === '/pool' && (role === 'handler' || role === 'leader') && !isIntakeUnit));
}

