import { Queue } from 'bullmq';
import { REDIS_URL } from '#testing';
import { boot, type Harness } from '../support/harness.js';

// After an upgrade, wake-ups left in a queue that nothing consumes any more (`task-reports`, before the work-plan
// report dues moved onto the deadline engine) are removed when the worker starts, not left in Redis for ever.
let h: Harness;
let prefix = '';
const oldQueue = () => new Queue('task-reports', { connection: { url: REDIS_URL }, prefix });
const legacyDeadlines = () => new Queue('deadlines', { connection: { url: REDIS_URL }, prefix });

beforeAll(async () => {
  h = await boot({
    worker: true,
    prepare: async (db) => {
      prefix = db.redisPrefix;
      const q = oldQueue();
      await q.add('task-report.due', { dueId: 'd1', version: 1, rung: 'due' }, { jobId: 'report-due-d1-v1-due', delay: 30 * 86_400_000 });
      await q.add('task-report.due', { dueId: 'd1', version: 1, rung: 'escalate' }, { jobId: 'report-due-d1-v1-escalate', delay: 32 * 86_400_000 });
      expect((await q.getJobCounts()).delayed).toBe(2);
      await q.close();
      // a wake-up armed by a version whose queues were under the bare prefix (before the {prefix} hash tag)
      const legacy = legacyDeadlines();
      await legacy.add('deadline.rung', { deadlineId: 'x', version: 1, rung: 'due' }, { jobId: 'deadline-x-v1-due', delay: 30 * 86_400_000 });
      await legacy.close();
    },
  });
});
afterAll(() => h?.close());

it('the worker start removes the retired task-reports queue and the bare-prefix queues with their jobs, and a second start finds nothing', async () => {
  for (const q of [oldQueue(), legacyDeadlines()]) {
    try {
      expect(Object.values(await q.getJobCounts()).reduce((a, b) => a + b, 0)).toBe(0);
      expect(await q.getJob('report-due-d1-v1-due')).toBeUndefined();
      expect(await q.getJob('deadline-x-v1-due')).toBeUndefined();
    } finally {
      await q.close();
    }
  }
  const { DeadlineTimers } = await import('../../apps/worker/src/deadline-timers.js');
  expect(await h.worker!.app.get(DeadlineTimers).dropRetiredQueues()).toEqual([]);
});
