// The console for an ODR enterprise's accounts (issue 17): only its own complaints — the inbox by nearest deadline,
// the case detail (what it needs to settle, none of the bureau's internal notes), the reply form and its own
// figures. Phone-first: a top bar and tabs instead of the staff side menu; it loads none of the staff reference data.
import { Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router';
import { Button, Layout, Tabs } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useAuth, useUser } from '../auth';
import { EnterpriseInboxPage } from '../pages/odr/EnterpriseInboxPage';
import { EnterpriseCasePage } from '../pages/odr/EnterpriseCasePage';
import { EnterpriseFiguresPage } from '../pages/odr/EnterpriseFiguresPage';

const TABS = [
  { key: '/odr/inbox', label: '待处理投诉' },
  { key: '/odr/figures', label: '我的数据' },
];

function EnterpriseLayout() {
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const active = TABS.find((t) => pathname.startsWith(t.key))?.key ?? '/odr/inbox';
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }} data-testid="enterprise-console">
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 8, background: '#8c0a1f', padding: '0 12px', height: 48, lineHeight: '48px' }}>
        <span className="fx-brand" style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>在线消费纠纷解决 · 企业端</span>
        <span style={{ flex: 1 }} />
        <span style={{ color: '#fff', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: 140 }} data-testid="user-info">{user.displayName}</span>
        <Button size="small" icon={<LogoutOutlined />} onClick={() => { logout(); navigate('/login'); }}>退出</Button>
      </Layout.Header>
      <Layout.Content style={{ padding: '0 12px 12px', width: '100%', maxWidth: 960, margin: '0 auto', boxSizing: 'border-box' }}>
        <Tabs activeKey={active} items={TABS} onChange={(k) => navigate(k)} data-testid="enterprise-tabs" />
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}

export function EnterpriseApp() {
  return (
    <Routes>
      <Route element={<EnterpriseLayout />}>
        <Route path="/odr/inbox" element={<EnterpriseInboxPage />} />
        <Route path="/odr/cases/:id" element={<EnterpriseCasePage />} />
        <Route path="/odr/figures" element={<EnterpriseFiguresPage />} />
        <Route path="*" element={<Navigate to="/odr/inbox" replace />} />
      </Route>
    </Routes>
  );
}
