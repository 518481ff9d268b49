import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, Idempotency, InvalidInput, Outbox, UnitOfWork, type FieldIssue, type Tx } from '#platform';
import type { LadderRung } from '#deadlines';

/** The odrWindow policy's seeded ladder (when a row has none): warn −2 working days, due. */
const ODR_WINDOW_LADDER: readonly LadderRung[] = [{ rung: 'warn', offset: -2 }, { rung: 'due', offset: 0 }];
import { chinaDate, computeDue, liveRungs } from '#deadlines';
import { odrRouting } from '../../domain/odr.js';
import { OdrCases, OdrEnterprises, type OdrEnterpriseRow } from '../odr/odr.ports.js';
import { canSee, routeIntake, type Viewer } from '#org';
import { OrgDirectory } from '#org-nest';
import { Case, type Actor, type CaseProps, type Channel, type Party, type Respondent } from '../../domain/case.js';
import { checkCreditCode, normalizePhone } from '../../domain/parties.js';
import type { CaseType } from '../../domain/vocabulary.js';
import { CaseWorkflow, timerEntries, requireHandler } from '../case-workflow.js';
import { CaseRepository, type RegistrationRead } from '../ports.js';
import { readsReporter } from '../queries/handoff.queries.js';
import { CategoryStore } from '../../infrastructure/category.store.js';
import { RULES } from '../../domain/handoffs.js';

export interface RegisterCaseInput {
  type: CaseType;
  channel: Channel;
  receivedAt: Date;
  complainant: Party;
  respondent: Omit<Respondent, 'creditCode' | 'platform' | 'townshipCode'> & { creditCode?: string | null; platform?: boolean; townshipCode?: string | null };
  category: string;
  problemType?: string | null;
  description: string;
  request?: string | null;
  amount?: number | null;
  /** Reports: real-name (default) or anonymous (no name/phone required). */
  realName?: boolean;
  /** Reports: where the violation happened (routing, O121 Art. 29); default the respondent's region. */
  violationRegionCode?: string | null;
  /** A complaint that is also a report: registered as two linked cases (O121 Art. 9). */
  alsoReport?: boolean;
  /** Inquiries stay in the intake pool for the operator to answer unless this asks for routing. */
  routeInquiry?: boolean;
  /** ODR (issue 17): with consent, a complaint against an active enrolled enterprise goes to it first. */
  odr?: { enterpriseId?: string; consent: boolean };
}

export interface Warning {
  code: string;
  field?: string;
  message: string;
}

/**
 * The result: the new case's id (and its linked report's), warnings, and — when this call registered them, not when
 * it answers a retry from its Idempotency-Key — the registered aggregates' state, which the API answers from
 * instead of reading the rows back.
 */
export interface RegisterCaseResult { id: string; warnings: Warning[]; linkedId?: string; registered?: readonly Readonly<CaseProps>[] }

/**
 * Who the API shows a registration to: its registrant, whatever the routing — as an operator (an admin stays admin);
 * the linked report (second case) always as an operator.
 */
export function registrantViewer(actor: Actor, linkedReport: boolean): Viewer {
  return { ...actor, role: !linkedReport && actor.role === 'admin' ? 'admin' : 'operator' };
}

export class RegisterCase extends Command<RegisterCaseResult> {
  constructor(
    readonly input: RegisterCaseInput,
    readonly actor: Actor,
    /**
     * `tx`: register inside the caller's transaction (an online filing commits its query code and SMS with the case).
     * `answered`: the caller answers with the registered cases as the registrant sees them (RegisteredCaseView with
     * `audited`): the identity reads that answer makes are audited in the registration's own statement.
     */
    readonly opts: { tx?: Tx; answered?: boolean } = {},
  ) {
    super();
  }
}

const CLOCK_TOLERANCE_MS = 5 * 60_000;

@CommandHandler(RegisterCase)
export class RegisterCaseHandler implements ICommandHandler<RegisterCase> {
  constructor(
    private readonly cases: CaseRepository,
    private readonly clock: Clock,
    private readonly workflow: CaseWorkflow,
    private readonly org: OrgDirectory,
    private readonly categories: CategoryStore,
    private readonly odrEnterprises: OdrEnterprises,
    private readonly odrCases: OdrCases,
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  async execute({ input, actor, opts }: RegisterCase): Promise<RegisterCaseResult> {
    requireHandler(actor);
    // A retry (same Idempotency-Key) of a registration that committed but whose answer was lost: answer, don't redo.
    const idem = Idempotency.current();
    if (idem?.committed) return idem.committed as { id: string; warnings: Warning[]; linkedId?: string };
    const issues: FieldIssue[] = [];
    const warnings: Warning[] = [];
    const now = this.clock.now();
    let creditCode: string | null = null;
    if (input.respondent.creditCode) {
      const check = checkCreditCode(input.respondent.creditCode);
      if (!check.ok) {
        issues.push({ field: 'respondent.creditCode', code: 'CREDIT_CODE_FORMAT', message: '统一社会信用代码格式不正确（18位，不含I、O、S、V、Z，第3–8位为行政区划代码）' });
      } else {
        creditCode = input.respondent.creditCode.trim().toUpperCase();
        if (!check.checksumValid)
          warnings.push({ code: 'CREDIT_CODE_CHECKSUM', field: 'respondent.creditCode', message: '统一社会信用代码校验位不符，请核对（部分早期试点代码合法但校验不通过）' });
      }
    }
    const township = input.respondent.townshipCode?.trim() || null;
    if (township !== null && !(/^\d{9}$/.test(township) && township.startsWith(input.respondent.regionCode)))
      issues.push({ field: 'respondent.townshipCode', code: 'TOWNSHIP_CODE', message: `乡镇街道代码应为9位数字，并以被投诉人行政区划代码“${input.respondent.regionCode}”开头` });
    if (input.receivedAt.getTime() > now.getTime() + CLOCK_TOLERANCE_MS)
      issues.push({ field: 'receivedAt', code: 'IN_FUTURE', message: '收到时间不能晚于当前时间' });
    const [category, ctx] = await Promise.all([
      this.categories.exists(input.category),
      this.workflow.context(input.type, input.receivedAt),
    ]);
    if (!category) issues.push({ field: 'category', code: 'UNKNOWN_CATEGORY', message: `类别代码“${input.category}”不存在` });
    // ODR (issue 17): picked from the suggestion list, or matched by the respondent's credit code.
    let odrTo: OdrEnterpriseRow | null = null;
    if (input.odr) {
      const picked = input.odr.enterpriseId ? await this.odrEnterprises.row(input.odr.enterpriseId) : null;
      if (input.odr.enterpriseId && !picked)
        issues.push({ field: 'odr.enterpriseId', code: 'UNKNOWN_ODR_ENTERPRISE', message: 'odr.enterpriseId：该 ODR 企业不存在' });
      const e = picked ?? (creditCode ? await this.odrEnterprises.byCreditCode(creditCode) : null);
      if (odrRouting({ type: input.type as 'complaint' | 'report' | 'inquiry', alsoReport: !!input.alsoReport, consent: input.odr.consent, enterprise: e }).toOdr) odrTo = e;
    }
    if (!ctx.policies.regime)
      issues.push({ field: 'receivedAt', code: 'NO_REGIME', message: `收到日期 ${chinaDate(input.receivedAt)} 没有适用的时限规定` });
    if (issues.length) throw new InvalidInput(issues);

    if (input.alsoReport && input.type !== 'complaint')
      throw new InvalidInput([{ field: 'alsoReport', code: 'COMPLAINT_ONLY', message: '只有投诉可以同时登记举报' }]);
    const rules = await this.org.routingRules();
    // Reports go where the violation happened (O121 Art. 29); inquiries wait for the operator (O121 Art. 44).
    const routeFor = (type: CaseType) =>
      routeIntake(rules, {
        type, category: input.category, violationRegionCode: input.violationRegionCode, routeInquiry: input.routeInquiry,
        respondent: { ...input.respondent, townshipCode: township },
      });
    const decision = routeFor(input.type);
    const id = randomUUID();
    const linkedId = input.alsoReport ? randomUUID() : undefined;
    const reportCtx = linkedId ? await this.workflow.context('report', input.receivedAt) : null;
    const year = Number(chinaDate(now).slice(0, 4));
    const caseNo = await this.cases.nextCaseNo(year, opts.tx);
    const facts = {
        id, caseNo, type: input.type, channel: input.channel, receivedAt: input.receivedAt,
        complainant: { ...input.complainant, phone: normalizePhone(input.complainant.phone) },
        respondent: { ...input.respondent, creditCode, platform: input.respondent.platform ?? false, townshipCode: township },
        categoryCode: input.category, problemType: input.problemType ?? null, description: input.description,
        request: input.request ?? null, amount: input.amount ?? null, registeredBy: actor.userId,
        realName: input.type === 'report' ? (input.realName ?? true) : true, violationRegionCode: input.violationRegionCode ?? null,
    };
    const c = odrTo
      ? Case.registerForOdr(facts, actor, ctx, { enterpriseId: odrTo.id, enterpriseName: odrTo.name })
      : Case.register(facts, decision, actor, ctx);
    const created = [c];
    if (linkedId && reportCtx) {
      // The report side: same submission, its own case, clock and routing (O121 Art. 9).
      const reportNo = await this.cases.nextCaseNo(year, opts.tx);
      const r = Case.register(
        { ...c.snapshot(), id: linkedId, caseNo: reportNo, type: 'report', realName: input.realName ?? true },
        routeFor('report'), actor, reportCtx,
      );
      c.linkTo('complaintReport', { id: linkedId, caseNo: reportNo }, actor, ctx, RULES.complaintAndReport);
      r.linkTo('complaintReport', { id, caseNo }, actor, reportCtx, RULES.complaintAndReport);
      created.push(r);
    }
    if (c.deadlines.some((d) => d.calendarGap))
      warnings.push({ code: 'CALENDAR_NOT_LOADED', message: '期限跨入尚未载入国务院放假通知的年份，按法定节假日暂定推算（未含调休），请管理员导入当年放假通知' });
    const result = { id, warnings, ...(linkedId ? { linkedId } : {}) };
    // One atomic statement for the case(s), clocks, events, hops, links, the outbox (the intake hot path) and the
    // request's Idempotency-Key, if any: the key never says "done" for a case that is not there, nor the reverse.
    const timers = created.flatMap((x) => timerEntries(x.pullTimers()));
    const key = idem ? { userId: idem.userId, key: idem.key, result, ...(idem.claim ? { claim: idem.claim } : {}) } : undefined;
    const reads = opts.answered ? await this.answerReads(created.map((x) => x.snapshot()), actor, !!linkedId) : [];
    if (odrTo) {
      // The enterprise's window (LOCAL complaint odrWindow, versioned policy data) from the hand-over, now.
      const w = ctx.policies.steps.find((p) => p.step === 'odrWindow');
      const due = w ? computeDue(ctx.calendar, now, w.amount, w.unit) : null;
      const enterpriseId = odrTo.id;
      const write = async (tx: Tx) => {
        await this.cases.insertNew(created, timers, tx, key, reads);
        const clock = await this.odrCases.open(tx, { caseId: id, enterpriseId, at: now, dueAt: due?.dueAt ?? null });
        // Wake the window's rungs at once (not only at the worker's next re-arm): its arm entries through the outbox.
        if (clock && w && due) {
          const rungs = liveRungs(ctx.calendar, { state: 'running', unit: w.unit, dueAt: due.dueAt, dueDate: due.dueDate }, w.ladder ?? ODR_WINDOW_LADDER);
          await this.outbox.append(tx, timerEntries(rungs.map((r) => ({ deadlineId: clock.id, version: clock.version, rung: r.rung, fireAt: r.fireAt }))));
        }
      };
      await (opts.tx ? write(opts.tx) : this.uow.run(write));
    } else {
      await this.cases.insertNew(created, timers, opts.tx, key, reads);
    }
    // Not enumerable: the result's shape (what a retry gets from the key, what is logged) stays {id, warnings, linkedId}.
    return Object.defineProperty({ ...result }, 'registered', { value: created.map((x) => x.snapshot()), enumerable: false });
  }

  /** The identity reads of the answer (the same rule as RegisteredCaseView: visible, protected, reporter visible). */
  private async answerReads(registered: readonly Readonly<CaseProps>[], actor: Actor, linked: boolean): Promise<RegistrationRead[]> {
    const units = await this.org.units();
    const at = this.clock.now();
    return registered.flatMap((p, i) => {
      const viewer = registrantViewer(actor, i > 0);
      const shown = canSee(viewer, units, p.assignedUnitId, []) && readsReporter(viewer, units, p, linked && p.type !== 'report');
      return shown ? [{ viewer, at, entry: { caseId: p.id, via: 'GET /cases/:id', fields: 'name,phone,address' } }] : [];
    });
  }
}
