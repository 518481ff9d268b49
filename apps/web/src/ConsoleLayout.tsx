import { Outlet, useLocation, useNavigate } from 'react-router';
import { Badge, Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { ApartmentOutlined, BellOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useUnreadCount } from './notifications';
import { ROLE_LABELS } from '#contracts';
import { useAuth, useUser } from './auth';
import type { ConsoleRoute } from './routes';

const { Header, Sider, Content } = Layout;

export function ConsoleLayout({ routes }: { routes: ConsoleRoute[] }) {
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const unread = useUnreadCount();
  const items = routes.filter((r) => r.label).map((r) => ({ key: r.path, icon: r.icon, label: r.label }));
  const selected = items.map((i) => i.key).filter((k) => pathname === k || pathname.startsWith(`${k}/`)).sort((a, b) => b.length - a.length)[0];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 20, background: '#8c0a1f' }}>
        <span className="fx-brand">放心 · 12315投诉举报处理系统</span>
        <span style={{ flex: 1 }} />
        <Space size="middle" style={{ color: '#fff' }} data-testid="user-info">
          <span><ApartmentOutlined /> <span data-testid="user-unit">{user.unit.name}</span></span>
          <span><UserOutlined /> {user.displayName}</span>
          <Tag color="gold" variant="filled">{ROLE_LABELS[user.role]}</Tag>
          <Badge count={unread} size="small" offset={[-4, 4]} data-testid="notif-badge" data-count={unread}>
            <Button size="small" type="text" aria-label="通知" icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />} onClick={() => navigate('/notifications')} />
          </Badge>
          <Button size="small" icon={<LogoutOutlined />} onClick={() => { logout(); navigate('/login'); }}>退出</Button>
        </Space>
      </Header>
      <Layout>
        <Sider width={168} theme="light" breakpoint="lg" collapsedWidth={56}>
          <Menu mode="inline" selectedKeys={selected ? [selected] : []} items={items} onClick={(e) => navigate(e.key)} style={{ height: '100%', borderInlineEnd: 0 }} />
        </Sider>
        <Content style={{ padding: 16, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}

export function PageTitle({ title, extra }: { title: string; extra?: React.ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', marginBottom: 12, gap: 12 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{title}</Typography.Title>
      <span style={{ flex: 1 }} />
      {extra}
    </div>
  );
}
