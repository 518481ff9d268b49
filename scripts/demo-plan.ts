// `npm run demo` (scripts/demo.mjs): the demo city's 年度工作要点, imported once the API is up, through the API as an
// administrator would (preview, then confirm), and a few lead units' progress for the current month — so that the
// 工作要点 and 工作任务 pages of the demo show a plan with its clocks armed by the real import. Once only: a plan of the
// same title already there is left alone (the demo restarted, or the bureau imported its own in the meantime).
import { chinaDate } from '#deadlines';
import { DEMO_PLAN_REPORTS, demoPlanText, demoPlanTitle } from '../prisma/seed-data/demo-plan.js';
import { call, login } from './demo-api.js';

export interface DemoPlanResult {
  imported: boolean;
  title: string;
  tasks: number;
  reports: number;
}

interface Task { id: string; number: string; leadUnit: { id: string; code: string } | null }

/** `base` is the API's origin (http://127.0.0.1:3000); every demo login shares `password`. */
export async function importDemoPlan(base: string, password: string, now = new Date()): Promise<DemoPlanResult> {
  // The plan year is the bureau's (China's) current year.
  const year = Number(chinaDate(now).slice(0, 4));
  const title = demoPlanTitle(year);
  const text = demoPlanText(year);
  const admin = await login(base, 'admin', password);
  const plans = await call<{ title: string }[]>(base, admin, 'GET', '/api/v1/plans');
  if (plans.some((p) => p.title === title)) return { imported: false, title, tasks: 0, reports: 0 };

  const preview = await call<{ items: unknown[]; unmatchedUnits: string[] }>(base, admin, 'POST', '/api/v1/plans/preview', { title, text });
  // The plan names the demo units: an unmatched name means the demo city and the plan drifted apart.
  if (preview.unmatchedUnits.length) throw new Error(`工作要点中的单位未能匹配：${preview.unmatchedUnits.join('、')}`);
  const plan = await call<{ id: string }>(base, admin, 'POST', '/api/v1/plans', { title, year, text });
  const tasks = (await call<{ tasks: Task[] }>(base, admin, 'GET', `/api/v1/plans/${plan.id}`)).tasks;

  // Each report by a user of the task's lead unit (its 负责人), one login per unit.
  const tokens = new Map<string, string>();
  let reports = 0;
  for (const r of DEMO_PLAN_REPORTS) {
    const task = tasks.find((t) => t.number === r.number);
    if (!task?.leadUnit) continue;
    const code = task.leadUnit.code;
    if (!tokens.has(code)) tokens.set(code, await login(base, `leader.${code}`, password));
    await call(base, tokens.get(code)!, 'POST', `/api/v1/tasks/${task.id}/reports`, { percent: r.percent, narrative: r.narrative });
    reports++;
  }
  return { imported: true, title, tasks: tasks.length, reports };
}
