// The console's screens, by role: the menu and the router both read this list (the first labelled entry a role
// has is its home page).
import type { ReactNode } from 'react';
import {
  AlertOutlined, AuditOutlined, DashboardOutlined, BarChartOutlined, BellOutlined, BranchesOutlined, CalendarOutlined, ClockCircleOutlined, FileSearchOutlined, FormOutlined,
  EyeOutlined, FileTextOutlined, ShopOutlined, GlobalOutlined, InboxOutlined, OrderedListOutlined, PhoneOutlined, ProjectOutlined, ShareAltOutlined, TeamOutlined,
} from '@ant-design/icons';
import type { Role } from '#contracts';
import { IntakePage } from './pages/IntakePage';
import { PoolPage } from './pages/PoolPage';
import { InboxPage } from './pages/InboxPage';
import { CasesPage } from './pages/CasesPage';
import { CallbackPage } from './pages/CallbackPage';
import { CaseDetailPage } from './pages/CaseDetailPage';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { SupervisionsPage } from './pages/SupervisionsPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { DashboardPage } from './pages/DashboardPage';
import { DisclosurePage } from './pages/DisclosurePage';
import { PlansPage } from './pages/PlansPage';
import { TasksPage } from './pages/TasksPage';
import { RoutingRulesPage } from './pages/admin/RoutingRulesPage';
import { CalendarPage } from './pages/admin/CalendarPage';
import { TimeLimitsPage } from './pages/admin/TimeLimitsPage';
import { OrgPage } from './pages/admin/OrgPage';
import { DocumentTemplatesPage } from './pages/admin/DocumentTemplatesPage';
import { IdentityReadsPage } from './pages/admin/IdentityReadsPage';
import { QueueMonitorPage } from './pages/admin/QueueMonitorPage';
import { OdrEnterprisesPage } from './pages/odr/OdrEnterprisesPage';

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
  // Admins handle no case (issue 11 §5): intake, dispatch and callbacks are the intake unit's.
  { path: '/intake', label: '登记', icon: <FormOutlined />, roles: ['operator'], element: <IntakePage /> },
  { path: '/pool', label: '待分派', icon: <ShareAltOutlined />, roles: ['operator', 'leader', 'handler'], element: <PoolPage /> },
  { path: '/inbox', label: '待办', icon: <InboxOutlined />, roles: ['handler', 'leader'], element: <InboxPage /> },
  { path: '/callbacks', label: '待回访', icon: <PhoneOutlined />, roles: ['operator'], element: <CallbackPage /> },
  { path: '/dashboard', label: '统计分析', icon: <BarChartOutlined />, roles: ['manager', 'leader', 'admin'], element: <DashboardPage /> },
  // ODR enterprises (issue 17): their enrolment and accounts; the enterprise role has its own console (odr/EnterpriseApp).
  { path: '/odr-enterprises', label: '在线解纷企业', icon: <ShopOutlined />, roles: ['manager'], element: <OdrEnterprisesPage /> },
  { path: '/disclosure', label: '投诉信息公示', icon: <GlobalOutlined />, roles: ['manager'], element: <DisclosurePage /> },
  { path: '/cases', label: '案件查询', icon: <FileSearchOutlined />, roles: ALL, element: <CasesPage /> },
  { path: '/cases/:id', roles: ALL, element: <CaseDetailPage /> },
  { path: '/approvals', label: '审批与超期', icon: <AuditOutlined />, roles: ['leader'], element: <ApprovalsPage /> },
  { path: '/supervisions', label: '督办催办', icon: <AlertOutlined />, roles: ['handler', 'leader', 'manager', 'operator'], element: <SupervisionsPage /> },
  { path: '/tasks', label: '工作任务', icon: <OrderedListOutlined />, roles: ['handler', 'leader'], element: <TasksPage /> },
  // Leaders read the bureau's plan (their units lead or co-handle its items); 办公室's leader also adjusts schedules.
  { path: '/plans', label: '工作要点', icon: <ProjectOutlined />, roles: ['manager', 'leader', 'admin'], element: <PlansPage /> },
  { path: '/notifications', label: '通知', icon: <BellOutlined />, roles: ALL, element: <NotificationsPage /> },
  { path: '/admin/routing-rules', label: '派单规则', icon: <BranchesOutlined />, roles: ['admin'], element: <RoutingRulesPage /> },
  { path: '/admin/calendar', label: '工作日历', icon: <CalendarOutlined />, roles: ['admin'], element: <CalendarPage /> },
  { path: '/admin/time-limits', label: '时限规则', icon: <ClockCircleOutlined />, roles: ['admin'], element: <TimeLimitsPage /> },
  { path: '/admin/org', label: '单位与用户', icon: <TeamOutlined />, roles: ['admin'], element: <OrgPage /> },
  { path: '/admin/document-templates', label: '文书模板', icon: <FileTextOutlined />, roles: ['admin'], element: <DocumentTemplatesPage /> },
  // Bull Board itself is served by the API at /admin/queues (outside the console): this page opens it.
  { path: '/admin/queue-monitor', label: '队列监控', icon: <DashboardOutlined />, roles: ['admin'], element: <QueueMonitorPage /> },
  // The auditor's only screen (it sees no case); admins may read it too.
  { path: '/admin/identity-reads', label: '身份查阅记录', icon: <EyeOutlined />, roles: ['auditor', 'admin'], element: <IdentityReadsPage /> },
];

/** The dispatch pool belongs to the intake unit: other units' handlers and leaders do not see it. */
export function routesFor(role: Role, isIntakeUnit: boolean): ConsoleRoute[] {
  return ROUTES.filter((r) => r.roles.includes(role) && !(r.path === '/pool' && (role === 'handler' || role === 'leader') && !isIntakeUnit));
}

