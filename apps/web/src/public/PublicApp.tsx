// The public side's pages (issue 16): no login, phone-first (390 px wide and up), Chinese.
import { Link, Navigate, Route, Routes } from 'react-router';
import { Button, Card, Layout, Space, Typography } from 'antd';
import { BarChartOutlined, FormOutlined, SearchOutlined } from '@ant-design/icons';
import { PublicFilePage } from './PublicFilePage';
import { PublicTrackPage } from './PublicTrackPage';
import { PublicDisclosurePage } from './PublicDisclosurePage';
import { PublicRatePage } from './PublicRatePage';

function Home() {
  return (
    <Card size="small">
      <Typography.Paragraph>消费者可在此在线投诉、举报或咨询，并凭案件编号、手机号和查询码查询办理进度。无需注册登录。</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Link to="/public/file"><Button type="primary" size="large" block icon={<FormOutlined />} data-testid="home-file">我要投诉举报</Button></Link>
        <Link to="/public/track"><Button size="large" block icon={<SearchOutlined />} data-testid="home-track">查询办理进度</Button></Link>
        <Link to="/public/disclosure"><Button size="large" block icon={<BarChartOutlined />} data-testid="home-disclosure">投诉信息公示与消费警示</Button></Link>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
        投诉应当提供真实姓名、联系电话、地址，被投诉人名称和地址，具体诉求及事实依据（《市场监督管理投诉举报处理办法》第十条）。举报人的信息依法予以保密。
      </Typography.Paragraph>
    </Card>
  );
}

export function PublicApp() {
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Layout.Header style={{ background: '#c8102e', padding: '0 12px', height: 48, lineHeight: '48px' }}>
        <Link to="/public" style={{ color: '#fff', fontWeight: 600, fontSize: 16 }}>12315 投诉举报</Link>
      </Layout.Header>
      <Layout.Content style={{ padding: 12, width: '100%', maxWidth: 560, margin: '0 auto', boxSizing: 'border-box' }}>
        <Routes>
          <Route path="/public" element={<Home />} />
          <Route path="/public/file" element={<PublicFilePage />} />
          <Route path="/public/track" element={<PublicTrackPage />} />
          <Route path="/public/disclosure" element={<PublicDisclosurePage />} />
          <Route path="/public/rate/:token" element={<PublicRatePage />} />
          <Route path="*" element={<Navigate to="/public" replace />} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}
