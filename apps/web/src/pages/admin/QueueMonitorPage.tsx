// 队列监控: opens Bull Board (/admin/queues, served by the API outside the console) for admins. The board needs no
// token of its own: POST /admin/queues/session sets a 15-minute HttpOnly cookie scoped to /admin/queues, then the
// browser goes there (a new tab, opened before the request so that no pop-up blocker stops it).
import { useState } from 'react';
import { App, Button, Card, Typography } from 'antd';
import { DashboardOutlined } from '@ant-design/icons';
import { errorText, post } from '../../api';
import { PageTitle } from '../../ConsoleLayout';

export function QueueMonitorPage() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const open = async () => {
    const tab = window.open('', '_blank');
    setBusy(true);
    try {
      const s = await post<{ url: string; expiresAt: string }>('/admin/queues/session');
      if (tab) tab.location.href = s.url;
      else window.location.assign(s.url);
    } catch (e) {
      tab?.close();
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="queue-monitor-page">
      <PageTitle title="队列监控" />
      <Card size="small">
        <Typography.Paragraph type="secondary">
          查看后台任务队列（期限提醒与升级、日历和时限规则变更后的重算、定期分析报告）：等待、延迟、执行中、失败的任务数及明细，可重试失败任务。
          打开后15分钟内有效，过期后从此页重新打开。仅系统管理员可用。
        </Typography.Paragraph>
        <Button type="primary" icon={<DashboardOutlined />} loading={busy} onClick={() => void open()} data-testid="open-queue-board">
          打开队列监控
        </Button>
      </Card>
    </div>
  );
}
