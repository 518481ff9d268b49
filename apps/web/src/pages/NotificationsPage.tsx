// Every user's inbox of notices (临期预警、超期催办、督办、通报): GET /notifications, POST /notifications/:id/read and
// /notifications/read-all (全部标为已读).
import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Empty, List, Segmented, Space, Tag, Typography } from 'antd';
import { NOTIFICATION_KIND_LABELS, labelOf, type NotificationView, type NotificationsResponse } from '#contracts';
import { errorText, get, post } from '../api';
import { fmtTime } from '../format';
import { PageTitle } from '../ConsoleLayout';
import { notificationsChanged } from '../notifications';
import { useLoad } from '../useLoad';
import { LoadFailed } from '../components/bits';

export function NotificationsPage() {
  const { message } = App.useApp();
  const [unreadOnly, setUnreadOnly] = useState(true);
  const { data, error, loading, reload: load } = useLoad(() => get<NotificationsResponse>('/notifications', { unread: unreadOnly ? true : undefined, limit: 200 }), [unreadOnly]);
  const read = async (n: NotificationView) => {
    try {
      await post(`/notifications/${n.id}/read`);
      notificationsChanged();
      await load();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const readAll = async () => {
    try {
      await post('/notifications/read-all');
      notificationsChanged();
      await load();
      message.success('已全部标为已读');
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <div data-testid="notifications-page">
      <PageTitle title="通知" extra={
        <Space size={16}>
          {/* a count, not a second 「未读」 beside the filter's */}
          {!!data?.unread && <Typography.Text type="secondary" data-testid="notifications-unread">{data.unread} 条未读</Typography.Text>}
          <Button size="small" disabled={!data?.unread} onClick={() => void readAll()}>全部标为已读</Button>
          <Segmented value={unreadOnly ? 'unread' : 'all'} onChange={(v) => setUnreadOnly(v === 'unread')} options={[{ value: 'unread', label: '未读' }, { value: 'all', label: '全部' }]} />
        </Space>
      } />
      <Card size="small">
        {error && <LoadFailed what="通知" error={error} onRetry={() => void load()} retrying={loading} />}
        <List<NotificationView>
          loading={!data && !error}
          dataSource={data?.items ?? []}
          locale={{ emptyText: error ? '未能加载，请重试' : <Empty description={unreadOnly ? '没有未读通知' : '没有通知'} /> }}
          renderItem={(n) => (
            <List.Item data-testid="notification" data-read={n.read ? 'true' : 'false'}
              actions={n.read ? [<Typography.Text key="r" type="secondary">已读</Typography.Text>] : [<Button key="r" size="small" onClick={() => void read(n)}>标为已读</Button>]}>
              <List.Item.Meta
                title={
                  <Space>
                    <Tag color={n.kind === 'warn' ? 'gold' : n.kind === 'notice' ? 'red' : 'volcano'}>{NOTIFICATION_KIND_LABELS[n.kind] ?? '通知'}</Tag>
                    <span style={{ fontWeight: n.read ? 400 : 600 }}>{n.title}</span>
                    {n.urgent && <Tag color="red">紧急</Tag>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(n.deliverAt)}</Typography.Text>
                  </Space>
                }
                description={<span>{n.body}{n.caseId && <> <Link to={`/cases/${n.caseId}`}>查看案件</Link></>}</span>}
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
