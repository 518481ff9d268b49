// `npm run demo` (scripts/demo.mjs): what the bureau has published, so that the public pages of the demo are not
// empty — the last full quarter's 消费投诉信息公示, computed from the demo's cases and released, and a 消费警示 drafted
// from that quarter's top complaint category and published. Through the API as the city's manager would (preview
// then release; draft then publish). Once only: a quarter already released, a warning already published, are left.
import { parseQuarter, quarterOf } from '#analytics';
import { addDays, chinaDate } from '#deadlines';
import { call, login } from './demo-api.js';

export interface DemoPublicationsResult {
  /** The quarter (2026Q3) and whether this run released it. */
  period: string;
  released: boolean;
  businesses: number;
  /** The warning published by this run, if any. */
  warning: string | null;
}

interface Period { period: string; status: string }

/** The quarter before the one `now` falls in (China dates), as YYYYQn with its first and last day. */
export function lastFullQuarter(now: Date): { period: string; from: string; to: string } {
  const current = parseQuarter(quarterOf(chinaDate(now)));
  const last = parseQuarter(quarterOf(addDays(current.range.from, -1)));
  return { period: last.period, from: last.range.from, to: addDays(last.range.to, -1) };
}

export async function publishDemoNotices(base: string, password: string, now = new Date()): Promise<DemoPublicationsResult> {
  const { period, from, to } = lastFullQuarter(now);
  const manager = await login(base, 'manager', password);
  const periods = await call<Period[]>(base, manager, 'GET', '/api/v1/disclosure/periods');
  let released = false;
  let businesses = 0;
  if (!periods.some((p) => p.period === period && p.status === 'released')) {
    const preview = await call<{ businesses: unknown[] }>(base, manager, 'POST', `/api/v1/disclosure/periods/${period}/compute`);
    await call(base, manager, 'POST', `/api/v1/disclosure/periods/${period}/release`);
    released = true;
    businesses = preview.businesses.length;
  }

  let warning: string | null = null;
  const warnings = await call<{ status: string }[]>(base, manager, 'GET', '/api/v1/warnings');
  if (!warnings.some((w) => w.status === 'published')) {
    const hot = await call<{ categories: { key: string }[] }>(base, manager, 'GET', `/api/v1/hotspots?from=${from}&to=${to}`);
    const top = hot.categories[0];
    if (top) {
      const w = await call<{ id: string; title: string }>(base, manager, 'POST', '/api/v1/warnings', { kind: 'category', key: top.key, from, to });
      await call(base, manager, 'POST', `/api/v1/warnings/${w.id}/publish`, {});
      warning = w.title;
    }
  }
  return { period, released, businesses, warning };
}
