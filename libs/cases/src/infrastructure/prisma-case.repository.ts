import { randomUUID } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { ConcurrentUpdate, GroupCommit, IdempotencyInProgress, OUTBOX_CHANNEL, PrismaService, type OutboxEntry, type Tx } from '#platform';
import type { PeriodUnit, Regime } from '#deadlines';
import { ClockRows } from '#deadlines-nest';
import type { CaseType } from '../domain/vocabulary.js';
import { Prisma } from '#prisma-client';
import { Case, type CaseDeadline, type ExtensionStatus, type CaseEvent, type CaseProps, type CaseStatus, type Channel, type CloseOutcome, type Satisfaction } from '../domain/case.js';
import type { JurisdictionDispute } from '../domain/case.types.js';
import { CaseNotFound } from '../domain/case.errors.js';
import { CaseRepository, type AppendedEvent, type CommittedKey, type RegistrationRead } from '../application/ports.js';
import { PrismaIdentityAudit } from './prisma-case-files.repositories.js';
import { IntakeAdmission } from './intake-admission.js';
import { hopOps, linkOps, type ReportDecision } from '../domain/handoffs.js';
import type { AutoSupervision } from '../application/auto-supervision.js';
import type { CoUnitState, SupervisionKind } from '../domain/cohandling.js';

/** One registration's rows (one or two linked cases), ready for the grouped statement. */
interface NewCases {
  cases: object[];
  deadlines: object[];
  events: object[];
  hops: object[];
  links: object[];
  outbox: OutboxEntry[];
  /** identity_reads rows (PrismaIdentityAudit.row, snake_case) of the registration's answer */
  reads: object[];
  key?: CommittedKey;
}

/**
 * Case numbers a process takes from `case_no_seq` at a time (one round trip per block, not per group): numbers are
 * unique, increasing within a process, interleaved across processes; a block's unused rest is a gap (allowed).
 */
const CASE_NO_BLOCK = 100;

const day = (s: string) => new Date(`${s}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const num = (d: Prisma.Decimal | null) => (d === null ? null : Number(d));

@Injectable()
export class PrismaCaseRepository extends CaseRepository {
  async get(id: string, tx: Tx): Promise<Case> {
    // Row lock: concurrent commands on one case serialize instead of failing late.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM cases WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked.length) throw new CaseNotFound(id);
    const [row, deadlines] = await Promise.all([
      tx.case.findUniqueOrThrow({ where: { id } }),
      tx.deadline.findMany({ where: { caseId: id } }),
    ]);
    const [coUnits, supervisions] = await Promise.all([
      tx.caseCoUnit.findMany({ where: { caseId: id }, orderBy: { addedAt: 'asc' } }),
      tx.supervision.findMany({ where: { caseId: id }, orderBy: { openedAt: 'asc' } }),
    ]);
    const ids = deadlines.map((d) => d.id);
    const [pauses, extensions] = ids.length
      ? await Promise.all([
          tx.deadlinePause.findMany({ where: { deadlineId: { in: ids } }, orderBy: { pausedAt: 'asc' } }),
          tx.deadlineExtension.findMany({ where: { deadlineId: { in: ids } }, orderBy: { requestedAt: 'asc' } }),
        ])
      : [[], []];
    const props: CaseProps = {
      id: row.id,
      caseNo: row.caseNo,
      type: row.type as CaseType,
      channel: row.channel as Channel,
      status: row.status as CaseStatus,
      regime: row.regime as Regime,
      receivedAt: row.receivedAt,
      complainant: { name: row.complainantName, phone: row.complainantPhone, address: row.complainantAddress },
      respondent: {
        name: row.respondentName, creditCode: row.respondentCreditCode, regionCode: row.respondentRegionCode,
        address: row.respondentAddress, platform: row.respondentPlatform, townshipCode: row.respondentTownshipCode,
      },
      categoryCode: row.categoryCode,
      problemType: row.problemType,
      description: row.description,
      request: row.request,
      amount: num(row.amount),
      assignedUnitId: row.assignedUnitId,
      routingRuleId: row.routingRuleId,
      declineGround: row.declineGround,
      outcome: row.outcome as CloseOutcome | null,
      closeGround: row.closeGround,
      recoveredAmount: num(row.recoveredAmount),
      satisfaction: row.satisfaction as Satisfaction | null,
      registeredBy: row.registeredBy,
      registeredAt: row.registeredAt,
      dispatchedAt: row.dispatchedAt,
      signedAt: row.signedAt,
      decidedAt: row.decidedAt,
      closedAt: row.closedAt,
      archivedAt: row.archivedAt,
      version: row.version,
      realName: row.realName, violationRegionCode: row.violationRegionCode, returnCount: row.returnCount,
      returnedFromUnitId: row.returnedFromUnitId, unitTrail: [...row.unitTrail], pingPong: row.pingPong,
      reportDecision: row.reportDecision as ReportDecision | null, transferredOutTo: row.transferredOutTo, answer: row.answer,
      mergedIntoId: row.mergedIntoId, jurisdictionDispute: (row.jurisdictionDispute as JurisdictionDispute | null) ?? null,
      coUnits: coUnits.map(({ caseId: _, ...u }) => ({ ...u, state: u.state as CoUnitState })),
      supervisions: supervisions.map(({ caseId: _, ...s }) => ({ ...s, kind: s.kind as SupervisionKind })),
      deadlines: deadlines.map<CaseDeadline>((d) => ({
        id: d.id, step: d.step, policyId: d.policyId, legalBasis: d.legalBasis, startAt: d.startAt, startDate: iso(d.startDate), amount: d.amount,
        unit: d.unit as PeriodUnit, extended: d.extended,
        pauses: pauses.filter((p) => p.deadlineId === d.id).map(({ deadlineId: _, ...p }) => p),
        extensions: extensions.filter((e) => e.deadlineId === d.id).map(({ deadlineId: _, ...e }) => ({ ...e, status: e.status as ExtensionStatus })),
        dueDate: iso(d.dueDate), dueAt: d.dueAt, state: d.state as CaseDeadline['state'],
        version: d.version, calendarGap: d.calendarGap, metAt: d.metAt, overdueAt: d.overdueAt, createdAt: d.createdAt,
      })),
    };
    return Case.restore(props);
  }

  // Clocks are written by their engine's adapter (libs/deadlines: one writer of `deadlines`), in this transaction.
  constructor(
    @Optional() private readonly prisma?: PrismaService,
    @Optional() private readonly clocks: ClockRows = new ClockRows(),
    // Deadline-first intake: registrations yield to a clock engine that fires late.
    @Optional() private readonly admission?: IntakeAdmission,
  ) {
    super();
  }

  /**
   * Registrations that arrive together (several requests in flight in this process) are written by one statement:
   * see GroupCommit. Each caller still gets its own outcome, settled only after its group's commit.
   */
  private readonly registrations = new GroupCommit<NewCases>(
    async (items) => {
      await this.writeNew(items);
      return items.map(() => undefined);
    },
    (item) => this.writeNew([item]),
    { maxBatch: 64, maxInFlight: 2, pace: (n) => this.admission?.delay(n) ?? 0 },
  );
  /** This process's block of case numbers (see CASE_NO_BLOCK) and the refill in flight, if any. */
  private caseNoBlock: bigint[] = [];
  private caseNoRefill: Promise<void> | null = null;
  private async takeCaseNo(): Promise<bigint> {
    while (!this.caseNoBlock.length) {
      this.caseNoRefill ??= this.prisma!.$queryRaw<{ n: bigint }[]>`SELECT nextval('case_no_seq') AS n FROM generate_series(1, ${CASE_NO_BLOCK}::int)`
        .then((rows) => { this.caseNoBlock.push(...rows.map((r) => r.n).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))); })
        .finally(() => { this.caseNoRefill = null; });
      await this.caseNoRefill;
    }
    return this.caseNoBlock.shift()!;
  }

  /** Group-commit counters (tests and benches). */
  get groupStats(): Readonly<GroupCommit<unknown>['stats']> {
    return this.registrations.stats;
  }

  async nextCaseNo(year: number, tx?: Tx): Promise<string> {
    let n: bigint;
    if (tx) [{ n }] = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval('case_no_seq') AS n`;
    else n = await this.takeCaseNo();
    return `${year}${String(n).padStart(8, '0')}`;
  }

  async insert(c: Case, tx: Tx): Promise<void> {
    const p = c.snapshot();
    await tx.case.create({ data: { id: p.id, ...this.columns(p), version: 1 } });
    await this.writeDeadlines(p.deadlines, p.id, tx, true);
    await this.writeCoHandling(p, tx);
    const events = c.pullEvents();
    await this.appendEvents(p.id, events, tx, 0);
    await this.project(p.id, events, tx);
  }

  async insertNew(cases: Case[], outbox: OutboxEntry[], tx?: Tx, key?: CommittedKey, reads: readonly RegistrationRead[] = []): Promise<void> {
    const rows = { cases: [] as object[], deadlines: [] as object[], events: [] as object[], hops: [] as object[], links: [] as object[] };
    const intake = await this.intakeUnitId(tx);
    for (const c of cases) {
      const p = c.snapshot();
      // next_due_at written with the row: the trigger on deadlines (migration 20261207030000) then finds it right and
      // does not rewrite the new case (a second version of the row and of every index entry).
      const open = p.deadlines.filter((d) => d.metAt === null && (d.state === 'running' || d.state === 'overdue'));
      const nextDueAt = open.length ? new Date(Math.min(...open.map((d) => new Date(d.dueAt).getTime()))) : null;
      rows.cases.push(snake({ id: p.id, ...this.columns(p), jurisdictionDispute: null, nextDueAt, version: 1 }));
      for (const d of p.deadlines) rows.deadlines.push(snake(ClockRows.stamped(this.deadlineRow(d, p.id))));
      const events = c.pullEvents();
      events.forEach((e, i) => rows.events.push(snake({ id: e.id, caseId: p.id, seq: i + 1, type: e.type, actorId: e.actorId, unitId: e.unitId, at: e.at, rule: e.rule, note: e.note, data: e.data })));
      rows.hops.push(...freshHops(p.id, events, intake).map(snake));
      rows.links.push(...linkOps(events).map((l) => snake({ caseId: p.id, otherCaseId: l.otherCaseId, kind: l.kind, createdAt: l.at, createdBy: l.by })));
    }
    const item: NewCases = { ...rows, outbox, reads: reads.map((r) => snake(PrismaIdentityAudit.row(r.viewer, r.at, r.entry))), key };
    // Inside a caller's transaction (seeding, tests): written there. Otherwise: grouped with its neighbours.
    if (tx) await this.writeNew([item], tx);
    else await this.registrations.submit(item);
  }

  /**
   * The registrations of `items` — cases, clocks, events, hops, links, outbox rows and committed Idempotency-Keys —
   * in ONE statement: sibling data-modifying CTEs run as one implicit transaction, one round trip, FK checks at
   * its end. Keys: `k` records each result on its key's row (claimed by the API before the command) if no other
   * request did; `kc` inserts a key the API left unclaimed (`claim`) with its result unless the key exists (or a
   * concurrent statement inserts it first); if fewer rows than keys were written, 1/0 undoes the whole statement — a second commit under one key
   * cannot happen, even when a retry took over a key thought abandoned (in a group, the retry one by one then fails
   * only the registration whose key was taken).
   */
  private async writeNew(items: NewCases[], tx?: Tx): Promise<void> {
    const all = <K extends keyof NewCases>(k: K) => items.flatMap((x) => x[k] as unknown[]);
    const keyed = items.flatMap((x) => (x.key ? [x.key] : []));
    // Keys claimed by the API before the command get the result; keys not claimed yet are inserted with it.
    const keys = keyed.filter((k) => !k.claim).map((k) => ({ user_id: k.userId, key: k.key, result: k.result }));
    const claims = keyed.filter((k) => k.claim).map((k) => ({ user_id: k.userId, key: k.key, result: k.result, method: k.claim!.method, path: k.claim!.path, request_hash: k.claim!.requestHash }));
    const j = (x: unknown) => JSON.stringify(x);
    const keyCtes = keyed.length
      ? `, k AS (UPDATE idempotency_keys i SET resource = v.result FROM jsonb_to_recordset($8::jsonb) AS v(user_id uuid, key text, result jsonb)
                 WHERE i.user_id = v.user_id AND i.key = v.key AND i.resource IS NULL AND i.status IS NULL RETURNING 1),
            kc AS (INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, resource)
                   SELECT v.user_id, v.key, v.method, v.path, v.request_hash, v.result
                   FROM jsonb_to_recordset($9::jsonb) AS v(user_id uuid, key text, method text, path text, request_hash text, result jsonb)
                   ON CONFLICT DO NOTHING RETURNING 1)`
      : '';
    try {
      const sql =
        `WITH c AS (INSERT INTO cases SELECT * FROM jsonb_populate_recordset(null::cases, $1::jsonb) RETURNING 1),
              d AS (${ClockRows.insertFromJson('$2')}),
              e AS (INSERT INTO case_events SELECT * FROM jsonb_populate_recordset(null::case_events, $3::jsonb) RETURNING 1),
              h AS (INSERT INTO case_hops SELECT * FROM jsonb_populate_recordset(null::case_hops, $4::jsonb) RETURNING 1),
              l AS (INSERT INTO case_links SELECT * FROM jsonb_populate_recordset(null::case_links, $5::jsonb) ON CONFLICT DO NOTHING RETURNING 1),
              o AS (INSERT INTO outbox (topic, payload) SELECT x->>'topic', x->'payload' FROM jsonb_array_elements($6::jsonb) x RETURNING 1),
              r AS (${PrismaIdentityAudit.insertFromJson('$7')})${keyCtes}
         SELECT (SELECT count(*) FROM c)::int AS cases,
                CASE WHEN (SELECT count(*) FROM o) > 0 THEN (SELECT count(*) FROM pg_notify('${OUTBOX_CHANNEL}', ''))::int ELSE 0 END AS notified
                ${keyed.length ? ', (SELECT 1 / ((SELECT count(*) FROM k) + (SELECT count(*) FROM kc) = $10::int)::int)::int AS keyed' : ''}`;
      const values = [
        j(all('cases')), j(all('deadlines')), j(all('events')), j(all('hops')), j(all('links')), j(all('outbox')), j(all('reads')),
        ...(keyed.length ? [j(keys), j(claims), keyed.length] : []),
      ];
      // A group of its own: one statement on the pool (no copy of its JSON through Prisma's raw-query layer).
      if (tx) await tx.$queryRawUnsafe(sql, ...values);
      else await this.prisma!.rows(sql, values);
    } catch (e) {
      if (keyed.length && /division by zero/.test(String((e as Error)?.message))) throw new IdempotencyInProgress();
      throw e;
    }
  }

  // The promise is kept, not its value: the registrations in flight when the process starts share one read.
  private intake: Promise<string | null> | undefined;
  private intakeUnitId(tx?: Tx): Promise<string | null> {
    this.intake ??= (tx ?? this.prisma!).unit.findFirst({ where: { isIntake: true }, orderBy: { code: 'asc' }, select: { id: true } })
      .then((u) => u?.id ?? null, (e: unknown) => { this.intake = undefined; throw e; });
    return this.intake;
  }

  private deadlineRow(d: CaseDeadline, caseId: string) {
    return {
      id: d.id, caseId, step: d.step, policyId: d.policyId, legalBasis: d.legalBasis, startAt: d.startAt, startDate: d.startDate, amount: d.amount,
      unit: d.unit, extended: d.extended, dueDate: d.dueDate, dueAt: d.dueAt, state: d.state, version: d.version, calendarGap: d.calendarGap,
      metAt: d.metAt, overdueAt: d.overdueAt, createdAt: d.createdAt,
    };
  }

  async save(c: Case, tx: Tx): Promise<void> {
    const p = c.snapshot();
    const r = await tx.case.updateMany({ where: { id: p.id, version: p.version }, data: { ...this.columns(p), version: { increment: 1 } } });
    if (r.count !== 1) throw new ConcurrentUpdate(p.id);
    await this.writeDeadlines(p.deadlines, p.id, tx, false);
    await this.writeCoHandling(p, tx);
    const [{ max }] = await tx.$queryRaw<{ max: number | null }[]>`SELECT max(seq) AS max FROM case_events WHERE case_id = ${p.id}::uuid`;
    const events = c.pullEvents();
    await this.appendEvents(p.id, events, tx, max ?? 0);
    await this.project(p.id, events, tx);
  }

  async appendEvent(tx: Tx, caseId: string, e: AppendedEvent): Promise<void> {
    const [{ max }] = await tx.$queryRaw<{ max: number | null }[]>`SELECT max(seq) AS max FROM case_events WHERE case_id = ${caseId}::uuid`;
    await tx.caseEvent.create({
      data: {
        id: randomUUID(), caseId, seq: (max ?? 0) + 1, type: e.type, actorId: e.actorId, unitId: e.unitId, at: e.at,
        rule: e.rule ?? null, note: e.note ?? null, data: e.data as Prisma.InputJsonValue,
      },
    });
  }

  private columns(p: Readonly<CaseProps>) {
    return {
      caseNo: p.caseNo, type: p.type, channel: p.channel, status: p.status, regime: p.regime, receivedAt: p.receivedAt,
      complainantName: p.complainant.name, complainantPhone: p.complainant.phone, complainantAddress: p.complainant.address,
      respondentName: p.respondent.name, respondentCreditCode: p.respondent.creditCode, respondentRegionCode: p.respondent.regionCode,
      respondentAddress: p.respondent.address, respondentPlatform: p.respondent.platform, respondentTownshipCode: p.respondent.townshipCode ?? null,
      categoryCode: p.categoryCode, problemType: p.problemType, description: p.description, request: p.request, amount: p.amount,
      assignedUnitId: p.assignedUnitId, routingRuleId: p.routingRuleId, declineGround: p.declineGround, outcome: p.outcome,
      closeGround: p.closeGround, recoveredAmount: p.recoveredAmount, satisfaction: p.satisfaction,
      overdue: p.deadlines.some((d) => d.state === 'overdue' && d.metAt === null),
      registeredBy: p.registeredBy, registeredAt: p.registeredAt, dispatchedAt: p.dispatchedAt, signedAt: p.signedAt,
      decidedAt: p.decidedAt, closedAt: p.closedAt, archivedAt: p.archivedAt,
      realName: p.realName ?? true, violationRegionCode: p.violationRegionCode ?? null, returnCount: p.returnCount ?? 0,
      returnedFromUnitId: p.returnedFromUnitId ?? null, unitTrail: p.unitTrail ?? [], pingPong: p.pingPong ?? false,
      reportDecision: p.reportDecision ?? null, transferredOutTo: p.transferredOutTo ?? null, answer: p.answer ?? null,
      mergedIntoId: p.mergedIntoId ?? null,
      jurisdictionDispute: p.jurisdictionDispute ? (p.jurisdictionDispute as unknown as Prisma.InputJsonObject) : Prisma.DbNull,
    };
  }

  private async writeDeadlines(ds: readonly CaseDeadline[], caseId: string, tx: Tx, fresh: boolean): Promise<void> {
    const rows = ds.map((d) => ({
      id: d.id, caseId, step: d.step, policyId: d.policyId, legalBasis: d.legalBasis, startAt: d.startAt, startDate: day(d.startDate), amount: d.amount,
      unit: d.unit, extended: d.extended, dueDate: day(d.dueDate), dueAt: d.dueAt, state: d.state, version: d.version, calendarGap: d.calendarGap,
      metAt: d.metAt, overdueAt: d.overdueAt, createdAt: d.createdAt,
    }));
    if (fresh) await this.clocks.insert(tx, rows);
    else await this.clocks.save(tx, ds.map((d, i) => ({ row: rows[i]!, pauses: d.pauses, extensions: d.extensions })));
  }

  /** 协办 parts and 督办/催办 items of the aggregate (issue 4): upserted by key; rows are never deleted. */
  private async writeCoHandling(p: Readonly<CaseProps>, tx: Tx): Promise<void> {
    for (const u of p.coUnits ?? []) {
      const row = { caseId: p.id, ...u };
      await tx.caseCoUnit.upsert({ where: { caseId_unitId: { caseId: p.id, unitId: u.unitId } }, create: row, update: row });
    }
    for (const s of p.supervisions ?? []) {
      const row = { caseId: p.id, ...s };
      await tx.supervision.upsert({ where: { id: s.id }, create: row, update: row });
    }
  }

  /** Per-hop attribution (case_hops) and links (case_links), derived from the events in the same transaction. */
  private async project(caseId: string, events: CaseEvent[], tx: Tx): Promise<void> {
    const ops = hopOps(events);
    if (ops.length) {
      let intake: string | null = null;
      const [{ max }] = await tx.$queryRaw<{ max: number | null }[]>`SELECT max(seq) AS max FROM case_hops WHERE case_id = ${caseId}::uuid`;
      let seq = max ?? 0;
      for (const o of ops) {
        if (o.op === 'close') {
          await tx.caseHop.updateMany({ where: { caseId, closedAt: null }, data: { closedAt: o.at, closedBy: o.by, closeReason: o.reason } });
        } else if (o.op === 'sign') {
          await tx.caseHop.updateMany({ where: { caseId, closedAt: null, signedAt: null }, data: { signedAt: o.at } });
        } else if (o.enterpriseId) {
          await tx.caseHop.create({ data: { id: randomUUID(), caseId, seq: ++seq, unitId: null, odrEnterpriseId: o.enterpriseId, how: o.how, openedAt: o.at, openedBy: o.by, signedAt: o.at } });
        } else {
          let unitId = o.unitId;
          if (!unitId) {
            intake ??= (await tx.unit.findFirst({ where: { isIntake: true }, orderBy: { code: 'asc' }, select: { id: true } }))?.id ?? null;
            unitId = intake;
          }
          if (!unitId) continue; // no intake unit configured: nothing to charge the pool time to
          await tx.caseHop.create({
            data: { id: randomUUID(), caseId, seq: ++seq, unitId, how: o.how, openedAt: o.at, openedBy: o.by, signedAt: o.signed ? o.at : null },
          });
        }
      }
    }
    const links = linkOps(events);
    if (links.length)
      await tx.caseLink.createMany({
        data: links.map((l) => ({ caseId, otherCaseId: l.otherCaseId, kind: l.kind, createdAt: l.at, createdBy: l.by })),
        skipDuplicates: true,
      });
  }

  private async appendEvents(caseId: string, events: CaseEvent[], tx: Tx, after: number): Promise<void> {
    if (!events.length) return;
    await tx.caseEvent.createMany({
      data: events.map((e, i) => ({
        id: e.id, caseId, seq: after + i + 1, type: e.type, actorId: e.actorId, unitId: e.unitId, at: e.at, rule: e.rule, note: e.note,
        data: e.data as Prisma.InputJsonValue,
      })),
    });
  }
}

// The column names are a fixed set: converted once each, not per row (this runs for every column of every row).
const snakeKeys = new Map<string, string>();
const snakeKey = (k: string) => {
  let s = snakeKeys.get(k);
  if (s === undefined) snakeKeys.set(k, (s = k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
  return s;
};
/** A row for jsonb_populate_recordset: snake_case keys (our @map convention), dates as ISO text. */
function snake(o: object): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const k in o) {
    const v = (o as Record<string, unknown>)[k];
    row[snakeKey(k)] = v instanceof Date ? v.toISOString() : v;
  }
  return row;
}

/** The hops of a brand-new case, from its first events (the same projection `project` applies incrementally). */
function freshHops(caseId: string, events: CaseEvent[], intake: string | null) {
  const hops: { id: string; caseId: string; seq: number; unitId: string | null; odrEnterpriseId: string | null; how: string; openedAt: Date; openedBy: string | null; signedAt: Date | null; closedAt: Date | null; closedBy: string | null; closeReason: string | null }[] = [];
  for (const o of hopOps(events)) {
    const open = hops.find((h) => h.closedAt === null);
    if (o.op === 'close') {
      if (open) Object.assign(open, { closedAt: o.at, closedBy: o.by, closeReason: o.reason });
    } else if (o.op === 'sign') {
      if (open && !open.signedAt) open.signedAt = o.at;
    } else if (o.enterpriseId) {
      hops.push({ id: randomUUID(), caseId, seq: hops.length + 1, unitId: null, odrEnterpriseId: o.enterpriseId, how: o.how, openedAt: o.at, openedBy: o.by, signedAt: o.at, closedAt: null, closedBy: null, closeReason: null });
    } else {
      const unitId = o.unitId ?? intake;
      if (unitId) hops.push({ id: randomUUID(), caseId, seq: hops.length + 1, unitId, odrEnterpriseId: null, how: o.how, openedAt: o.at, openedBy: o.by, signedAt: o.signed ? o.at : null, closedAt: null, closedBy: null, closeReason: null });
    }
  }
  return hops;
}

/**
 * The automatic supervision items (督办) of a batch's fired `supervise` rungs, as one statement to run in the batch's
 * transaction after its claims (the case clock subject's commit); here because this file is the one writer of
 * supervisions. An item is inserted only if its (deadline, version, `supervise`) was claimed, and at most once per
 * deadline version (partial unique index).
 */
export function autoSupervisionInsert(prisma: PrismaService, list: readonly (AutoSupervision | null)[]): Prisma.PrismaPromise<unknown>[] {
  const rows = list.filter((s): s is AutoSupervision => s !== null).map((s) => ({
    id: s.id, case_id: s.caseId, opened_by_unit_id: s.openedByUnitId, target_unit_id: s.targetUnitId, opened_at: s.openedAt.toISOString(),
    due_at: s.dueAt.toISOString(), deadline_id: s.deadlineId, deadline_version: s.deadlineVersion,
  }));
  if (!rows.length) return [];
  // One statement for a batch's 督办 rungs (not one round trip each), each guarded by its rung's claim.
  return [prisma.$executeRaw`
    INSERT INTO supervisions (id, case_id, kind, opened_by_unit_id, target_unit_id, opened_at, opened_by, due_at, auto, deadline_id, deadline_version)
    SELECT s.id, s.case_id, 'supervise', s.opened_by_unit_id, s.target_unit_id, s.opened_at, NULL, s.due_at, true, s.deadline_id, s.deadline_version
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS s(
      id uuid, case_id uuid, opened_by_unit_id uuid, target_unit_id uuid, opened_at timestamptz, due_at timestamptz, deadline_id uuid, deadline_version int)
    WHERE EXISTS (SELECT 1 FROM deadline_firings f WHERE f.deadline_id = s.deadline_id AND f.version = s.deadline_version AND f.rung = 'supervise')
    ON CONFLICT DO NOTHING`];
}
