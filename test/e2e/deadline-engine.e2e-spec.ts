import { FixedClock } from '#platform';
import { complaintBody } from '#testing';
import { boot, waitFor, type Harness } from '../support/harness.js';

// A controllable clock shared by the API and the worker: the bureau's "now" is Mon 2026-11-23 10:00 China time.
const clock = new FixedClock(new Date('2026-11-23T10:00:00+08:00'));
let h: Harness;
const http = () => h.http();
const as = (username: string) => h.as(username);

async function registerAndAccept(over: Record<string, unknown> = {}) {
  const { body } = await http().post('/api/v1/cases').set('Authorization', await as('operator'))
    .send(complaintBody({ receivedAt: '2026-11-23T09:30:00+08:00', ...over })).expect(201);
  const h = await as('handler.wl');
  await http().post(`/api/v1/cases/${body.id}/sign`).set('Authorization', h).send({}).expect(200);
  await http().post(`/api/v1/cases/${body.id}/accept`).set('Authorization', h).send({}).expect(200);
  return body.id as string;
}

beforeAll(async () => {
  h = await boot({ worker: true, clock });
});

// Tests move the shared clock; put it back even when one fails, so timers of later tests are not released early.
afterEach(() => clock.set(new Date('2026-11-23T10:00:00+08:00')));

afterAll(() => h?.close());

describe('deadline engine over HTTP', () => {
  it('pauses mediation for testing and moves the deadline by the paused days when it resumes', async () => {
    const id = await registerAndAccept();
    const h = await as('handler.wl');
    // Accepted Mon 11-23: 60 calendar days → 2027-01-22 (a Friday, a working day on 2027's provisional calendar too).
    let ex = (await http().get(`/api/v1/cases/${id}/deadlines`).set('Authorization', h).expect(200)).body;
    expect(ex.find((d: { kind: string }) => d.kind === 'mediation')).toMatchObject({ dueDate: '2027-01-22', amount: 60, unit: 'calendarDays', calendarGaps: [2027] });

    // Acceptance may not pause (no excluded time in O121 Art. 15); a reason the step does not allow is refused.
    const refused = await http().post(`/api/v1/cases/${id}/deadlines/mediation/pause`).set('Authorization', h).send({ reason: 'awaitingMaterials' }).expect(400);
    expect(refused.body).toMatchObject({ code: 'PAUSE_NOT_ALLOWED', fields: [expect.objectContaining({ field: 'reason' })] });

    await http().post(`/api/v1/cases/${id}/deadlines/mediation/pause`).set('Authorization', h).send({ reason: 'testing', evidence: '检测委托书.pdf' }).expect(200);
    clock.set(new Date('2026-11-30T10:00:00+08:00')); // 7 calendar days later: 11-24..11-30 are not counted
    ex = (await http().post(`/api/v1/cases/${id}/deadlines/mediation/resume`).set('Authorization', h).send({}).expect(200)).body;
    const m = ex.find((d: { kind: string }) => d.kind === 'mediation');
    expect(m).toMatchObject({ dueDate: '2027-01-29', pausedUnits: 7, totalUnits: 67, state: 'running' });
    expect(m.pauses).toEqual([expect.objectContaining({ reason: 'testing', evidence: '检测委托书.pdf', units: 7 })]);
    expect(m.pausedDays).toHaveLength(7);
    expect(m.moves.map((x: { type: string }) => x.type)).toEqual(['DeadlineArmed', 'ClockPaused', 'ClockResumed', 'DeadlineMoved']);
    m.moves = m.moves.filter((x: { type: string }) => x.type.startsWith('Deadline'));
    expect(m.moves[1]).toMatchObject({ from: { dueDate: '2027-01-22' }, to: { dueDate: '2027-01-29' } });
    expect(m.moves[1].rule).toBe('暂停计时（检验、检测、鉴定）不计入期限'); // the reason by name, never its code
    clock.set(new Date('2026-11-23T10:00:00+08:00'));
  });

  it('takes an extension request before expiry, lets the leader approve it, and refuses one past the cap', async () => {
    const op = await as('operator');
    // A report: verification is 15 working days, extendable once by 15 with the head's approval (RCF Art. 18).
    const { body } = await http().post('/api/v1/cases').set('Authorization', op)
      .send(complaintBody({ type: 'report', receivedAt: '2026-11-23T09:30:00+08:00' })).expect(201);
    const h = await as('handler.wl');
    const ver = body.deadlines.find((d: { kind: string }) => d.kind === 'verification');
    expect(ver.dueDate).toBe('2026-12-14'); // 11-24..27, 11-30..12-04, 12-07..11, 12-14
    const tooMuch = await http().post(`/api/v1/cases/${body.id}/deadlines/verification/extensions`).set('Authorization', h).send({ amount: 20, reason: '需检验' }).expect(409);
    expect(tooMuch.body.code).toBe('EXTENSION_CAP');
    const req = await http().post(`/api/v1/cases/${body.id}/deadlines/verification/extensions`).set('Authorization', h).send({ amount: 15, reason: '需委托检验' }).expect(201);
    expect(req.body).toMatchObject({ lastMinute: false });
    // A handler cannot approve; another county's leader cannot see it; the unit's leader can.
    await http().post(`/api/v1/cases/${body.id}/extensions/${req.body.extensionId}/decision`).set('Authorization', h).send({ approve: true }).expect(403);
    await http().post(`/api/v1/cases/${body.id}/extensions/${req.body.extensionId}/decision`).set('Authorization', await as('leader.dc')).send({ approve: true }).expect(404);
    const pending = await http().get('/api/v1/extensions/pending').set('Authorization', await as('leader.wl')).expect(200);
    expect(pending.body.map((p: { id: string }) => p.id)).toContain(req.body.extensionId);
    const ex = (await http().post(`/api/v1/cases/${body.id}/extensions/${req.body.extensionId}/decision`).set('Authorization', await as('leader.wl')).send({ approve: true, note: '同意' }).expect(200)).body;
    const v = ex.find((d: { kind: string }) => d.kind === 'verification');
    // 30 working days: 2027-01-01 (元旦) is off on 2027's provisional calendar, so the 30th is Tue 01-05.
    expect(v).toMatchObject({ extended: 15, dueDate: '2027-01-05', provisional: true });
    expect(v.extensions).toEqual([expect.objectContaining({ status: 'approved', amount: 15 })]);
    const again = await http().post(`/api/v1/cases/${body.id}/deadlines/verification/extensions`).set('Authorization', h).send({ amount: 1, reason: '再延' }).expect(409);
    expect(again.body.code).toBe('EXTENSION_CAP');
    const tl = (await http().get(`/api/v1/cases/${body.id}/timeline`).set('Authorization', h)).body.map((e: { type: string }) => e.type);
    expect(tl).toEqual(expect.arrayContaining(['ExtensionRequested', 'ExtensionApproved', 'DeadlineMoved', 'ExtensionNoticeRecorded']));
  });

  it('refuses an extension requested after the deadline has expired', async () => {
    const { body } = await http().post('/api/v1/cases').set('Authorization', await as('operator'))
      .send(complaintBody({ type: 'report', channel: 'letter', receivedAt: '2026-10-09T09:30:00+08:00' })).expect(201);
    const r = await http().post(`/api/v1/cases/${body.id}/deadlines/verification/extensions`).set('Authorization', await as('handler.wl')).send({ amount: 5, reason: '迟了' });
    expect([409]).toContain(r.status);
    expect(['EXTENSION_TOO_LATE', 'INVALID_TRANSITION']).toContain(r.body.code);
  });

  it('recomputes live deadlines when an admin adds a make-up working day, journaling the move', async () => {
    const { body } = await http().post('/api/v1/cases').set('Authorization', await as('operator'))
      .send(complaintBody({ receivedAt: '2026-11-23T09:30:00+08:00' })).expect(201);
    const acc = body.deadlines.find((d: { kind: string }) => d.kind === 'acceptance');
    expect(acc.dueDate).toBe('2026-12-02'); // 11-24..27, 11-30, 12-01, 12-02
    const admin = await as('admin');
    await http().put('/api/v1/admin/calendar/days/2026-11-28').set('Authorization', await as('handler.wl')).send({ kind: 'workday' }).expect(403);
    const bad = await http().put('/api/v1/admin/calendar/days/2026-11-27').set('Authorization', admin).send({ kind: 'workday' }).expect(400);
    expect(bad.body.fields[0].field).toBe('kind');
    await http().put('/api/v1/admin/calendar/days/2026-11-28').set('Authorization', admin).send({ kind: 'workday', name: '调休上班' }).expect(200);
    const moved = await waitFor(async () => {
      const r = await http().get(`/api/v1/cases/${body.id}/deadlines`).set('Authorization', admin);
      const d = r.body.find((x: { kind: string }) => x.kind === 'acceptance');
      return d.dueDate === '2026-12-01' ? d : undefined;
    });
    expect(moved.moves.at(-1).rule).toContain('日历变更');
    const year = await http().get('/api/v1/admin/calendar/years/2026').set('Authorization', admin).expect(200);
    expect(year.body.days).toEqual(expect.arrayContaining([{ date: '2026-11-28', kind: 'workday', name: '调休上班' }]));
    expect(year.body.changes[0]).toMatchObject({ action: 'edit' });
  });

  it('imports a year notice as JSON and as ICS, validating it in place', async () => {
    const admin = await as('admin');
    const bad = await http().post('/api/v1/admin/calendar/import').set('Authorization', admin)
      .send({ year: 2027, format: 'json', content: JSON.stringify({ holidays: ['2026-11-30'], workdays: [] }) }).expect(400);
    expect(bad.body.fields[0]).toMatchObject({ field: 'content.holidays[0]' });
    await http().post('/api/v1/admin/calendar/import').set('Authorization', admin)
      .send({ year: 2027, format: 'json', content: JSON.stringify({ holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [{ date: '2027-01-02', name: '元旦调休' }] }) }).expect(201);
    const ics = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270501', 'DTEND;VALUE=DATE:20270504', 'SUMMARY:劳动节(休)', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const r = await http().post('/api/v1/admin/calendar/import').set('Authorization', admin).send({ year: 2027, format: 'ics', content: ics }).expect(201);
    expect(r.body).toMatchObject({ year: 2027, days: 3 });
    const years = await http().get('/api/v1/admin/calendar/years').set('Authorization', admin).expect(200);
    expect(years.body.find((y: { year: number }) => y.year === 2027)).toMatchObject({ holidays: 3, workdays: 0 });
    const due = await http().get('/api/v1/calendar/deadline?from=2027-04-30&amount=1&unit=workingDays').set('Authorization', admin).expect(200);
    expect(due.body.dueDate).toBe('2027-05-04');
  });

  it('delivers a warning to the unit inbox in working hours and lets a user mark it read', async () => {
    // Received Mon 11-23 → acceptance due 12-01 or 12-02 (after the make-up day added above); the warn rung is
    // past by 12-01 00:00:05, and being non-urgent it is delivered at 08:30 that day.
    const { body } = await http().post('/api/v1/cases').set('Authorization', await as('operator'))
      .send(complaintBody({ receivedAt: '2026-11-23T09:30:00+08:00' })).expect(201);
    const acc = body.deadlines.find((d: { kind: string }) => d.kind === 'acceptance');
    clock.set(new Date('2026-12-01T00:00:05+08:00'));
    const { FireDeadlineRung } = await import('#cases-nest');
    const { CommandBus } = await import('@nestjs/cqrs');
    const bus = h.worker!.app.get(CommandBus);
    expect((await bus.execute(new FireDeadlineRung(acc.id, 1, 'warn'))).outcome).toBe('fired');
    expect((await bus.execute(new FireDeadlineRung(acc.id, 1, 'warn'))).outcome).toBe('duplicate');
    const hw = await as('handler.wl');
    let inbox = await http().get('/api/v1/notifications').set('Authorization', hw).expect(200);
    expect(inbox.body.items.filter((n: { caseId: string }) => n.caseId === body.id)).toHaveLength(0); // held until 08:30
    clock.set(new Date('2026-12-01T08:31:00+08:00'));
    inbox = await http().get('/api/v1/notifications?unread=true').set('Authorization', hw).expect(200);
    const note = inbox.body.items.find((n: { caseId: string }) => n.caseId === body.id);
    expect(note).toMatchObject({ kind: 'warn', title: '临期预警', deliverAt: '2026-12-01T08:30:00.000+08:00' });
    await http().post(`/api/v1/notifications/${note.id}/read`).set('Authorization', hw).expect(204);
    inbox = await http().get('/api/v1/notifications?unread=true').set('Authorization', hw).expect(200);
    expect(inbox.body.items.find((n: { id: string }) => n.id === note.id)).toBeUndefined();
    // Another unit's user cannot read it.
    await http().post(`/api/v1/notifications/${note.id}/read`).set('Authorization', await as('handler.dc')).expect(404);
    // 全部标为已读: the user's own, delivered by now; a colleague's stay unread; a retry changes nothing; no token, 401.
    const lw = await as('leader.wl');
    const leaderBefore = (await http().get('/api/v1/notifications?unread=true').set('Authorization', lw).expect(200)).body;
    expect(leaderBefore.unread).toBeGreaterThan(0);
    await http().post('/api/v1/notifications/read-all').expect(401);
    for (let i = 0; i < 2; i++) await http().post('/api/v1/notifications/read-all').set('Authorization', hw).expect(204);
    expect((await http().get('/api/v1/notifications?unread=true').set('Authorization', hw).expect(200)).body).toEqual({ unread: 0, items: [] });
    const all = (await http().get('/api/v1/notifications').set('Authorization', hw).expect(200)).body;
    expect(all.items.length).toBeGreaterThan(0);
    expect(all.items.every((n: { read: boolean }) => n.read)).toBe(true);
    // (The worker may deliver more to the leader meanwhile: what was unread stays so.)
    const leaderAfter = (await http().get('/api/v1/notifications?unread=true').set('Authorization', lw).expect(200)).body;
    expect(leaderAfter.unread).toBeGreaterThanOrEqual(leaderBefore.unread);
    expect(leaderAfter.items.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining(leaderBefore.items.map((n: { id: string }) => n.id)));
    clock.set(new Date('2026-11-23T10:00:00+08:00'));
  });
  it('fires a batch of rungs in one transaction: each rung once, a copy in the same batch a duplicate, an outcome per rung', async () => {
    const op = await as('operator');
    const reg = async () => (await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: '2026-11-23T09:30:00+08:00' })).expect(201)).body;
    const [a, b] = [await reg(), await reg()];
    type D = { id: string; kind: string; dueAt: string };
    const latest = Math.max(...[...a.deadlines, ...b.deadlines].map((d: D) => Date.parse(d.dueAt)));
    clock.set(new Date(latest + 3_600_000));
    const { FireDeadlineRungs } = await import('#cases-nest');
    const { CommandBus } = await import('@nestjs/cqrs');
    const bus = h.worker!.app.get(CommandBus);
    const due = (d: D) => ({ deadlineId: d.id, version: 1, rung: 'due' as const });
    const accA = a.deadlines.find((d: D) => d.kind === 'acceptance');
    const accB = b.deadlines.find((d: D) => d.kind === 'acceptance');
    const others = a.deadlines.filter((d: D) => d.kind !== 'acceptance').map(due);
    const r = await bus.execute(new FireDeadlineRungs([
      due(accA), due(accA), due(accB), { ...due(accA), version: 99 }, { deadlineId: '00000000-0000-4000-8000-000000000001', version: 1, rung: 'due' },
      { ...due(accB), rung: 'warn' }, ...others,
    ]));
    expect(r.slice(0, 6).map((x: { outcome: string }) => x.outcome)).toEqual(['fired', 'duplicate', 'fired', 'stale', 'missing', 'stale']);
    expect(r).toHaveLength(6 + others.length);
    // Again, as a redelivered batch: nothing more fires.
    const again = await bus.execute(new FireDeadlineRungs([due(accA), due(accB), ...others]));
    expect(again.every((x: { outcome: string }) => x.outcome !== 'fired')).toBe(true);
    const firedA = 1 + r.slice(6).filter((x: { outcome: string }) => x.outcome === 'fired').length;
    // Several events of one case in one statement: numbered in order, none lost, none twice.
    const events = await h.db.prisma.caseEvent.findMany({ where: { caseId: a.id }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'DeadlineOverdue')).toHaveLength(firedA);
    expect(await h.db.prisma.deadlineFiring.count({ where: { deadlineId: accA.id } })).toBe(1);
    expect(await h.db.prisma.notification.count({ where: { caseId: b.id, deadlineId: accB.id, kind: 'due' } })).toBe(1);
    const view = await http().get(`/api/v1/cases/${a.id}`).set('Authorization', op).expect(200);
    expect(view.body.overdue).toBe(true);
    clock.set(new Date('2026-11-23T10:00:00+08:00'));
  });

  it('arms only near rungs: far rungs wait in PostgreSQL, the horizon sweep arms each as it comes near, a ladder edit defers a rung moved far', async () => {
    const { DeadlineTimers } = await import('../../apps/worker/src/deadline-timers.js');
    const queue = h.worker!.app.get(DeadlineTimers).queue;
    const job = (id: string, rung: string) => queue.getJob(`deadline-${id}-v1-${rung}`);
    const { body: c } = await http().post('/api/v1/cases').set('Authorization', await as('operator'))
      .send(complaintBody({ receivedAt: '2026-11-23T09:30:00+08:00' })).expect(201);
    const acc = c.deadlines.find((d: { kind: string }) => d.kind === 'acceptance');
    const rungsNow = async () => ((await http().get(`/api/v1/cases/${c.id}/deadlines`).set('Authorization', await as('handler.wl')).expect(200)).body
      .find((d: { kind: string }) => d.kind === 'acceptance').rungs as { rung: string; fireAt: string }[]);
    const at = async (rung: string) => Date.parse((await rungsNow()).find((r) => r.rung === rung)!.fireAt);
    // Relayed, yet nothing in Redis: every rung is days away (beyond DEADLINE_HORIZON_MS, 20 min by default).
    await h.worker!.relay.settle();
    expect(await h.db.prisma.outboxMessage.count({ where: { dispatchedAt: null } })).toBe(0);
    for (const r of ['warn', 'due', 'supervise', 'notice']) expect([r, await job(acc.id, r)]).toEqual([r, undefined]);

    // 10 minutes before the warning the horizon sweep arms it, for its instant — and not the rungs after it.
    const warnAt = await at('warn');
    clock.set(new Date(warnAt - 10 * 60_000));
    expect(await h.worker!.deadlines.armHorizon()).toBeGreaterThanOrEqual(1);
    expect((await job(acc.id, 'warn'))?.delay).toBe(10 * 60_000);
    expect(await job(acc.id, 'due')).toBeUndefined();
    // Redis lost the job: the re-arm (start, lost keys) brings back the near rungs only.
    await queue.remove(`deadline-${acc.id}-v1-warn`);
    await h.worker!.deadlines.reconcile();
    expect((await job(acc.id, 'warn'))?.delay).toBe(10 * 60_000);
    expect(await job(acc.id, 'due')).toBeUndefined();

    // A ladder edit moves the warning to 1 working day ahead (later, beyond the horizon): its job is cancelled and the
    // rung left to the sweep, which arms it at its new instant when it comes near.
    const admin = await as('admin');
    const ps = (await http().get('/api/v1/admin/time-limits').set('Authorization', admin).expect(200)).body as { id: string; regime: string; caseType: string; step: string }[];
    const policy = ps.find((p) => p.regime === 'O121' && p.caseType === 'complaint' && p.step === 'acceptance')!;
    await http().patch(`/api/v1/admin/time-limits/${policy.id}`).set('Authorization', admin)
      .send({ ladder: [{ rung: 'warn', offset: -1 }, { rung: 'due', offset: 0 }, { rung: 'supervise', offset: 2 }, { rung: 'notice', offset: 5 }] }).expect(200);
    await h.worker!.relay.settle();
    await waitFor(async () => ((await job(acc.id, 'warn')) ? undefined : true));
    const movedAt = await at('warn');
    expect(movedAt).toBeGreaterThan(warnAt + 20 * 60_000);
    clock.set(new Date(movedAt - 5 * 60_000));
    await h.worker!.deadlines.armHorizon();
    expect((await job(acc.id, 'warn'))?.delay).toBe(5 * 60_000);
    expect(await job(acc.id, 'due')).toBeUndefined();
    // Nothing was claimed on the way: the rung fires once, at its time.
    expect(await h.db.prisma.deadlineFiring.count({ where: { deadlineId: acc.id } })).toBe(0);
    await http().patch(`/api/v1/admin/time-limits/${policy.id}`).set('Authorization', admin).send({ ladder: null }).expect(200);
  });

  // Issue 15 §3: far rungs are armed by the sweep days after the command; their jobs carry its request id all the same.
  // The sweep's windows only move forward: this test starts after every earlier test's instants, and is last.
  it('gives the rungs the horizon sweep arms the request id of the command that set the clock: its creation, a later clock, a re-projection', async () => {
    clock.set(new Date('2026-12-14T10:00:00+08:00'));
    const { DeadlineTimers } = await import('../../apps/worker/src/deadline-timers.js');
    const queue = h.worker!.app.get(DeadlineTimers).queue;
    const meta = async (id: string, version: number, rung: string) => (await queue.getJob(`deadline-${id}-v${version}-${rung}`))?.data.meta;
    const rid = (n: number) => `engine-sweep-${n}`;
    const hw = await as('handler.wl');
    const post = (path: string, r: string, body: object = {}) => http().post(path).set('Authorization', hw).set('X-Request-Id', r).send(body).expect(200);
    const { body: c } = await http().post('/api/v1/cases').set('Authorization', await as('operator')).set('X-Request-Id', rid(1))
      .send(complaintBody({ receivedAt: '2026-12-14T09:30:00+08:00' })).expect(201);
    const clockOf = async (kind: string) => ((await http().get(`/api/v1/cases/${c.id}/deadlines`).set('Authorization', hw).expect(200)).body as { id: string; kind: string; rungs: { rung: string; fireAt: string }[] }[])
      .find((d) => d.kind === kind)!;
    const row = (id: string) => h.db.prisma.deadline.findUniqueOrThrow({ where: { id }, select: { version: true, correlationId: true, correlationVersion: true } });
    // Signing saves the case, its acceptance clock unchanged: the clock keeps the registration's id.
    await post(`/api/v1/cases/${c.id}/sign`, rid(2));
    const acc = await clockOf('acceptance');
    expect(await row(acc.id)).toEqual({ version: 1, correlationId: rid(1), correlationVersion: 1 });
    await h.worker!.relay.settle();
    expect(await meta(acc.id, 1, 'warn')).toBeUndefined();
    clock.set(new Date(Date.parse(acc.rungs.find((r) => r.rung === 'warn')!.fireAt) - 10 * 60_000));
    await h.worker!.deadlines.armHorizon();
    expect(await meta(acc.id, 1, 'warn')).toEqual({ correlationId: rid(1) });
    // Re-armed after Redis lost it: the same id.
    await queue.remove(`deadline-${acc.id}-v1-warn`);
    await h.worker!.deadlines.reconcile();
    expect(await meta(acc.id, 1, 'warn')).toEqual({ correlationId: rid(1) });

    // Accepting starts the mediation clock (the acceptance's request); pausing and resuming it re-project it (each
    // its own request): the sweep arms the latest version's rungs with the resume's id.
    await post(`/api/v1/cases/${c.id}/accept`, rid(3));
    const med = await clockOf('mediation');
    expect(await row(med.id)).toEqual({ version: 1, correlationId: rid(3), correlationVersion: 1 });
    await post(`/api/v1/cases/${c.id}/deadlines/mediation/pause`, rid(4), { reason: 'testing', evidence: '检测报告.pdf' });
    clock.set(new Date(clock.now().getTime() + 86_400_000));
    await post(`/api/v1/cases/${c.id}/deadlines/mediation/resume`, rid(5));
    const { version } = await row(med.id);
    expect(version).toBeGreaterThan(1);
    expect(await row(med.id)).toEqual({ version, correlationId: rid(5), correlationVersion: version });
    const medWarn = Date.parse((await clockOf('mediation')).rungs.find((r) => r.rung === 'warn')!.fireAt);
    clock.set(new Date(medWarn - 10 * 60_000));
    await h.worker!.deadlines.armHorizon();
    expect(await meta(med.id, version, 'warn')).toEqual({ correlationId: rid(5) });
  });
});
