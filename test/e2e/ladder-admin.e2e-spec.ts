import { CommandBus } from '@nestjs/cqrs';
import { FixedClock } from '#platform';
import { FireDeadlineRung } from '#cases-nest';
import { complaintBody } from '#testing';
import { DeadlineTimers } from '../../apps/worker/src/deadline-timers.js';
import { ARM_EVERYTHING_MS, boot, waitFor, type Harness } from '../support/harness.js';

// The bureau's "now": Mon 2026-11-23 10:00 China time, shared by the API and the worker.
const NOW = new Date('2026-11-23T10:00:00+08:00');
const clock = new FixedClock(NOW);
let h: Harness;
const http = () => h.http();

type Policy = { id: string; regime: string; caseType: string; step: string; version: number; ladder?: { rung: string; offset: number }[] };
type Rung = { rung: string; fireAt: string; firedAt: string | null };

beforeAll(async () => {
  // These tests check each rung's job in Redis, weeks ahead: a horizon past all of them (arming near rungs is
  // covered in deadline-engine.e2e-spec.ts and libs/deadlines/src/domain/arm-window.spec.ts).
  h = await boot({ worker: true, clock, env: { DEADLINE_HORIZON_MS: ARM_EVERYTHING_MS } });
});
afterEach(() => clock.set(NOW));
afterAll(() => h?.close());

const policies = async (): Promise<Policy[]> => (await http().get('/api/v1/admin/time-limits').set('Authorization', await h.as('admin')).expect(200)).body;
const find = (ps: Policy[], regime: string, step: string, caseType = 'complaint') => ps.find((p) => p.regime === regime && p.caseType === caseType && p.step === step)!;
const job = (id: string) => h.worker!.app.get(DeadlineTimers).queue.getJob(id);

describe('warning and escalation ladder, edited by an admin', () => {
  it('refuses a bad ladder field by field and changes nothing; a good one bumps the version and reaches live clocks', async () => {
    const admin = await h.as('admin');
    const { body: c } = await http().post('/api/v1/cases').set('Authorization', await h.as('operator'))
      .send(complaintBody({ receivedAt: '2026-11-23T09:30:00+08:00' })).expect(201);
    const acc = c.deadlines.find((d: { kind: string }) => d.kind === 'acceptance');
    const acceptance = find(await policies(), 'O121', 'acceptance');
    expect(acceptance.ladder).toBeUndefined(); // the default ladder: warn −2, due, supervise +2, notice +5
    // The case's timers reached Redis through the outbox, one job per rung.
    await waitFor(async () => ((await job(`deadline-${acc.id}-v1-notice`)) ? true : undefined));

    // Bad input: every problem named by its field, in Chinese, 400, and nothing changed.
    const bad = await http().patch(`/api/v1/admin/time-limits/${acceptance.id}`).set('Authorization', admin)
      .send({ ladder: [{ rung: 'warn', offset: 1 }, { rung: 'due', offset: 0 }, { rung: 'supervise', offset: 3 }, { rung: 'remind', offset: 4 }, { rung: 'urge', offset: 5 }] })
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(bad.body.fields.map((f: { field: string; code: string }) => `${f.field} ${f.code}`)).toEqual([
      'ladder[0].offset WARN_NOT_BEFORE_DUE', 'ladder[4].rung RUNG_UNKNOWN', 'ladder[2].offset ESCALATION_ORDER',
    ]);
    expect(bad.body.fields[0].message).toContain('临期预警应在到期之前');
    const legal = await http().patch(`/api/v1/admin/time-limits/${acceptance.id}`).set('Authorization', admin)
      .send({ ladder: [{ rung: 'warn', offset: -2 }, { rung: 'supervise', offset: 2 }] }).expect(400);
    expect(legal.body.fields).toEqual([expect.objectContaining({ field: 'ladder', code: 'LEGAL_STEP' })]);
    await http().patch(`/api/v1/admin/time-limits/${acceptance.id}`).set('Authorization', admin).send({ ladder: 'warn' }).expect(400);
    const returnWindow = find(await policies(), 'LOCAL', 'returnWindow');
    const win = await http().patch(`/api/v1/admin/time-limits/${returnWindow.id}`).set('Authorization', admin).send({ ladder: [{ rung: 'due', offset: 0 }] }).expect(400);
    expect(win.body.fields).toEqual([expect.objectContaining({ field: 'ladder[0].rung', code: 'WINDOW' })]);
    expect(find(await policies(), 'O121', 'acceptance')).toMatchObject({ version: acceptance.version });
    expect(find(await policies(), 'O121', 'acceptance').ladder).toBeUndefined();
    expect(find(await policies(), 'LOCAL', 'returnWindow')).toMatchObject({ version: returnWindow.version, ladder: [] });

    // The ladder: 临期预警 3 working days ahead, 到期, 催办 +1, 督办 +2 — and no 通报 (in any input order).
    const edited = (await http().patch(`/api/v1/admin/time-limits/${acceptance.id}`).set('Authorization', admin)
      .send({ ladder: [{ rung: 'supervise', offset: 2 }, { rung: 'remind', offset: 1 }, { rung: 'due', offset: 0 }, { rung: 'warn', offset: -3 }] }).expect(200)).body;
    expect(edited).toMatchObject({
      version: acceptance.version + 1,
      ladder: [{ rung: 'warn', offset: -3 }, { rung: 'due', offset: 0 }, { rung: 'remind', offset: 1 }, { rung: 'supervise', offset: 2 }],
    });

    // The live clock: its new rung is armed, its removed rung cancelled, its moved warning re-timed.
    const remind = await waitFor(async () => (await job(`deadline-${acc.id}-v1-remind`)) ?? undefined);
    await waitFor(async () => ((await job(`deadline-${acc.id}-v1-notice`)) ? undefined : true));
    const ex = (await http().get(`/api/v1/cases/${c.id}/deadlines`).set('Authorization', await h.as('handler.wl')).expect(200)).body;
    const rungs: Rung[] = ex.find((d: { kind: string }) => d.kind === 'acceptance').rungs;
    expect(rungs.map((r) => r.rung)).toEqual(['warn', 'due', 'remind', 'supervise']);
    const at = (rung: string) => Date.parse(rungs.find((r) => r.rung === rung)!.fireAt);
    expect(remind.delay).toBe(at('remind') - NOW.getTime());
    const warn = await waitFor(async () => {
      const j = await job(`deadline-${acc.id}-v1-warn`);
      return j && j.delay === at('warn') - NOW.getTime() ? j : undefined;
    });
    expect(await warn.isDelayed()).toBe(true);

    // Firing after the edit: the removed 通报 does not fire (even delivered late), the new 催办 does.
    clock.set(new Date(at('supervise') + 60_000 * 24 * 60 * 30)); // well past every instant, old and new
    const bus = h.worker!.app.get(CommandBus);
    expect((await bus.execute(new FireDeadlineRung(acc.id, 1, 'notice'))).outcome).toBe('stale');
    expect((await bus.execute(new FireDeadlineRung(acc.id, 1, 'remind'))).outcome).toBe('fired');
    expect(await h.db.prisma.deadlineFiring.findMany({ where: { deadlineId: acc.id }, select: { rung: true }, orderBy: { rung: 'asc' } }))
      .toEqual([{ rung: 'due' }, { rung: 'remind' }]); // `due` fired first, as for any escalation delivered before it
    const events = await h.db.prisma.caseEvent.findMany({ where: { caseId: c.id }, select: { type: true } });
    expect(events.map((e) => e.type)).toContain('ReminderSent');
    expect(events.map((e) => e.type)).not.toContain('NoticeIssued');

    // Back to the default ladder (null): another version, and 通报 is armed again for the (overdue) live clock.
    clock.set(NOW);
    const reset = (await http().patch(`/api/v1/admin/time-limits/${acceptance.id}`).set('Authorization', admin).send({ ladder: null }).expect(200)).body;
    expect(reset.version).toBe(acceptance.version + 2);
    expect(reset.ladder).toBeUndefined();
    await waitFor(async () => ((await job(`deadline-${acc.id}-v1-notice`)) ? true : undefined));
  });

  it('lets a local pledge take escalations but not lose its due rung; edits without a ladder re-arm nothing', async () => {
    const admin = await h.as('admin');
    const sign = find(await policies(), 'LOCAL', 'sign');
    const lost = await http().patch(`/api/v1/admin/time-limits/${sign.id}`).set('Authorization', admin).send({ ladder: [] }).expect(400);
    expect(lost.body.fields).toEqual([expect.objectContaining({ field: 'ladder', code: 'DUE_REQUIRED' })]);
    const before = await h.db.prisma.outboxMessage.count({ where: { topic: 'policy.changed' } });
    await http().patch(`/api/v1/admin/time-limits/${sign.id}`).set('Authorization', admin).send({ legalBasis: '本局承诺：派单后1个工作日内签收（修订）' }).expect(200);
    await http().patch(`/api/v1/admin/time-limits/${sign.id}`).set('Authorization', admin).send({ ladder: [{ rung: 'due', offset: 0 }] }).expect(200); // unchanged ladder
    expect(await h.db.prisma.outboxMessage.count({ where: { topic: 'policy.changed' } })).toBe(before);
    const ok = (await http().patch(`/api/v1/admin/time-limits/${sign.id}`).set('Authorization', admin)
      .send({ ladder: [{ rung: 'due', offset: 0 }, { rung: 'remind', offset: 1 }] }).expect(200)).body;
    expect(ok).toMatchObject({ version: sign.version + 3, ladder: [{ rung: 'due', offset: 0 }, { rung: 'remind', offset: 1 }] });
    expect(await h.db.prisma.outboxMessage.count({ where: { topic: 'policy.changed' } })).toBe(before + 1);
  });
});
