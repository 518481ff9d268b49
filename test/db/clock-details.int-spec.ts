// "Why is my deadline this date?" (GET /cases/:id/deadlines) reads a case's clocks and their journal in one snapshot:
// a re-projection that commits while they are read is either wholly in the answer or wholly out of it — never its
// new due date beside a journal without its move (seen once in CI under load).
import { randomUUID } from 'node:crypto';
import type { PrismaService } from '#platform';
import { createTestDb, TEST_NOW, type TestDb } from '#testing';
import { PrismaClockDetails } from '../../libs/cases/src/infrastructure/prisma-clock-details.js';

let db: TestDb;
// The fixture's instant (a fixed test time, never the machine's): the rows' times play no part here.
const AT = TEST_NOW.toISOString();
const caseId = randomUUID();
const deadlineId = randomUUID();
beforeAll(async () => {
  db = await createTestDb();
  await replica(`
    INSERT INTO deadlines (id, case_id, step, policy_id, legal_basis, start_date, start_at, amount, unit, due_date, due_at, state, created_at)
    VALUES ('${deadlineId}', '${caseId}', 'acceptance', '${randomUUID()}', '依据', '2026-11-23', '${AT}', 7, 'workingDays', '2026-12-02', '${AT}', 'running', '${AT}')`);
  await journal(1, 'DeadlineArmed');
});
afterAll(() => db?.drop());

/** A statement run without the foreign keys' checks (the clock's case and policy are not needed here), committed. */
async function replica(sql: string): Promise<void> {
  await db.prisma.$transaction([db.prisma.$executeRawUnsafe('SET LOCAL session_replication_role = replica'), db.prisma.$executeRawUnsafe(sql)]);
}
const journal = (seq: number, type: string) => replica(`
  INSERT INTO case_events (id, case_id, seq, type, at, rule, data) VALUES ('${randomUUID()}', '${caseId}', ${seq}, '${type}', '${AT}', '日历变更', '{"deadlineId": "${deadlineId}"}')`);

/**
 * The client PrismaClockDetails is given, with a move committed by another connection right after the clocks were
 * read and before the journal is: whatever client reads them (the root one or a transaction's).
 */
function moveCommittedBetweenReads(client: object, moved = deferred()): object {
  const delegate = (d: object, name: string) => new Proxy(d, {
    get(t, m) {
      const f = Reflect.get(t, m) as (a: unknown) => Promise<unknown>;
      if (m !== 'findMany') return typeof f === 'function' ? f.bind(t) : f;
      if (name === 'deadline') return async (a: unknown) => { const r = await f.call(t, a); await journal(2, 'DeadlineMoved'); moved.resolve(); return r; };
      // the journal is read once the move has committed (read apart from the clocks, it would show it)
      return async (a: unknown) => { await moved.promise; return f.call(t, a); };
    },
  });
  return new Proxy(client, {
    get(t, k) {
      const v = Reflect.get(t, k) as unknown;
      if (k === 'deadline' || k === 'caseEvent') return delegate(v as object, k);
      if (k === '$transaction') return (fn: (tx: object) => unknown, opts: unknown) => (v as (f: unknown, o: unknown) => unknown).call(t, (tx: object) => fn(moveCommittedBetweenReads(tx, moved)), opts);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

describe('PrismaClockDetails.ofCase', () => {
  it('reads the clocks and their journal in one snapshot', async () => {
    const during = await new PrismaClockDetails(moveCommittedBetweenReads(db.prisma) as unknown as PrismaService).ofCase(caseId);
    expect(during.deadlines.map((d) => d.id)).toEqual([deadlineId]);
    expect(during.events.map((e) => e.type)).toEqual(['DeadlineArmed']);
    // The next read sees the move.
    const after = await new PrismaClockDetails(db.prisma as unknown as unknown as PrismaService).ofCase(caseId);
    expect(after.events.map((e) => e.type)).toEqual(['DeadlineArmed', 'DeadlineMoved']);
  });
});
