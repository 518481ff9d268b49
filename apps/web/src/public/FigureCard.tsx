// One business's figures as the public page shows them (phone-first): name, credit code, a grid of statistics,
// each with its unit where it has one (working days and calendar days must not read alike).
import type { ReactNode } from 'react';
import { Card, Statistic, Typography } from 'antd';

export function FigureCard({ name, creditCode, stats, columns, ...rest }: {
  name: string; creditCode: string; stats: [title: string, value: ReactNode, unit?: string][]; columns: number; 'data-testid': string; 'data-credit-code'?: string;
}) {
  return (
    <Card size="small" style={{ marginBottom: 8 }} {...rest}>
      <Typography.Text strong>{name}</Typography.Text>
      <div style={{ fontSize: 12, color: '#888' }}>统一社会信用代码 {creditCode}</div>
      <div style={{ display: 'grid', gridTemplateColumns: `repeat(${columns}, 1fr)`, gap: 4, marginTop: 8 }}>
        {stats.map(([title, value, unit]) => (
          <Statistic key={title} title={title} value={value as string} valueStyle={{ fontSize: 18 }}
            suffix={unit && value !== '—' ? <span style={{ fontSize: 12 }}>{unit}</span> : undefined} />
        ))}
      </div>
    </Card>
  );
}
