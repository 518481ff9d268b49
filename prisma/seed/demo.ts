import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { Case, type Actor, type ClockContext, type CloseOutcome, type Satisfaction, declineGrounds, terminateGrounds } from '#cases';
import { PrismaCaseRepository } from '../../libs/cases/src/infrastructure/prisma-case.repository.js';
import { WorkingCalendar, chinaDate, policiesFor, type TimeLimitPolicy, type PeriodUnit, type CaseType, type ClockStart, type Regime } from '#deadlines';
import { routeIntake, type RoutingRule } from '#org';
import type { PrismaClient } from '#prisma-client';
import type { Tx } from '#platform';
import { DEMO_DISTRICTS, DEMO_ROUTING, DEMO_UNITS } from '../seed-data/demo-city.js';
import { address, business, complaintText, mobile, mulberry32, personName, pick, pickLeafCategory, pickProblemType, type Rand } from '../seed-data/people.js';

export const DEMO_PASSWORD = 'demo12315';
const DAY = 86_400_000;

export interface DemoLogin { username: string; role: string; unit: string }

/** Units, users, routing rules and ~2,000 historical cases of the demo city. Skipped when already seeded. */
export async function seedDemo(
  prisma: PrismaClient,
  opts: { now: Date; cases?: number; seed?: number; log?: (m: string) => void },
): Promise<{ logins: DemoLogin[]; created: boolean }> {
  const logins = demoLogins();
  if (await prisma.unit.findUnique({ where: { code: DEMO_UNITS[0]!.code } })) return { logins, created: false };
  // All or nothing: a failed seed leaves no half-built city behind for the next run to mistake for a seeded one.
  await prisma.$transaction((tx) => seedDemoIn(tx as unknown as PrismaClient, opts), { timeout: 600_000, maxWait: 10_000 });
  return { logins, created: true };
}

async function seedDemoIn(prisma: PrismaClient, opts: { now: Date; cases?: number; seed?: number; log?: (m: string) => void }): Promise<void> {
  const log = opts.log ?? (() => {});

  const ids = new Map<string, string>();
  for (const u of DEMO_UNITS) ids.set(u.code, randomUUID());
  await prisma.unit.createMany({
    data: DEMO_UNITS.map((u) => ({
      id: ids.get(u.code)!, code: u.code, name: u.name, level: u.level, parentId: u.parentCode ? ids.get(u.parentCode)! : null,
      regionCode: u.regionCode, isIntake: u.isIntake, aliases: u.aliases,
    })),
  });
  const passwordHash = await hash(DEMO_PASSWORD);
  const intake = DEMO_UNITS.find((u) => u.isIntake)!;
  const city = DEMO_UNITS.find((u) => u.level === 'city')!;
  const users = [
    { username: 'operator', displayName: '12315接线员', role: 'operator', unitId: ids.get(intake.code)! },
    { username: 'manager', displayName: '市局分管领导', role: 'manager', unitId: ids.get(city.code)! },
    { username: 'admin', displayName: '系统管理员', role: 'admin', unitId: ids.get(city.code)! },
    // Reads the audit of identity reads; sees no case (separation of duties).
    { username: 'auditor', displayName: '审计员', role: 'auditor', unitId: ids.get(city.code)! },
    ...DEMO_UNITS.flatMap((u) => [
      { username: `handler.${u.code}`, displayName: `${u.name}承办人`, role: 'handler', unitId: ids.get(u.code)! },
      { username: `leader.${u.code}`, displayName: `${u.name}负责人`, role: 'leader', unitId: ids.get(u.code)! },
    ]),
  ];
  await prisma.user.createMany({ data: users.map((u) => ({ id: randomUUID(), passwordHash, ...u })) });
  const rules: RoutingRule[] = DEMO_ROUTING.map((r) => ({
    id: randomUUID(), regionPrefix: r.regionPrefix, categoryPrefix: r.categoryPrefix, platform: r.platform, caseType: null,
    townshipCode: r.townshipCode ?? null, addressKeywords: r.addressKeywords ?? [],
    unitId: ids.get(r.unitCode)!, priority: r.priority, enabled: true, note: r.note,
  }));
  await prisma.routingRule.createMany({ data: rules.map(({ unitName: _, ...r }) => r) });
  log(`demo city: ${DEMO_UNITS.length} units, ${users.length} users, ${rules.length} routing rules`);

  const n = await seedHistory(prisma, { ...opts, rules, unitIds: ids, users: await prisma.user.findMany() });
  log(`demo cases: ${n} over the last 12 months`);
}

export function demoLogins(): DemoLogin[] {
  const intake = DEMO_UNITS.find((u) => u.isIntake)!;
  return [
    { username: 'operator', role: '接线员', unit: intake.name },
    { username: 'manager', role: '管理者', unit: DEMO_UNITS[0]!.name },
    { username: 'admin', role: '管理员', unit: DEMO_UNITS[0]!.name },
    { username: 'auditor', role: '审计员', unit: DEMO_UNITS[0]!.name },
    ...DEMO_UNITS.filter((u) => u.level === 'county').flatMap((u) => [
      { username: `handler.${u.code}`, role: '承办人', unit: u.name },
      { username: `leader.${u.code}`, role: '单位负责人', unit: u.name },
    ]),
    // One station per county (every unit has handler.<code> / leader.<code>).
    ...DEMO_UNITS.filter((u) => u.level === 'station' && DEMO_UNITS.find((s) => s.parentCode === u.parentCode && s.level === 'station') === u)
      .map((u) => ({ username: `handler.${u.code}`, role: '承办人', unit: `${u.name}（${DEMO_UNITS.find((c) => c.code === u.parentCode)!.name}）` })),
  ];
}

/** Drives each historical case through the real aggregate with a clock that steps through its life. */
async function seedHistory(
  prisma: PrismaClient,
  o: { now: Date; cases?: number; seed?: number; rules: RoutingRule[]; unitIds: Map<string, string>; users: { id: string; username: string; role: string; unitId: string }[] },
): Promise<number> {
  const rand = mulberry32(o.seed ?? 12315);
  const total = o.cases ?? 2000;
  const [days, years, policyRows] = await Promise.all([
    prisma.calendarDay.findMany({ where: { region: '' } }),
    prisma.calendarYear.findMany(),
    prisma.timeLimitPolicy.findMany(),
  ]);
  const calendar = new WorkingCalendar(days.map((d) => ({ date: d.date.toISOString().slice(0, 10), kind: d.kind as 'holiday' | 'workday' })), years.map((y) => y.year), 'seed');
  const policies: TimeLimitPolicy[] = policyRows.map((r) => ({
    id: r.id, regime: r.regime as Regime | 'LOCAL', caseType: r.caseType as CaseType, step: r.step, amount: r.amount, unit: r.unit as PeriodUnit,
    startsAt: r.startsAt as ClockStart, legalBasis: r.legalBasis, effectiveFrom: r.effectiveFrom.toISOString().slice(0, 10),
    effectiveTo: r.effectiveTo?.toISOString().slice(0, 10) ?? null, enabled: r.enabled, version: r.version,
  }));
  const operator = o.users.find((u) => u.username === 'operator')!;
  const opActor: Actor = { userId: operator.id, unitId: operator.unitId, role: 'operator' };
  const handlers = new Map(o.users.filter((u) => u.role === 'handler').map((u) => [u.unitId, u]));
  const counties = DEMO_UNITS.filter((u) => u.level === 'county');
  // 分派到所: a county's stations, to hand part of its cases down (issue 13).
  const stationsOf = new Map(counties.map((c) => [o.unitIds.get(c.code)!, DEMO_UNITS.filter((s) => s.parentCode === c.code && s.level === 'station').map((s) => o.unitIds.get(s.code)!)]));
  const parentOf = new Map(DEMO_UNITS.filter((u) => u.parentCode).map((u) => [o.unitIds.get(u.code)!, o.unitIds.get(u.parentCode!)!]));
  const townships = DEMO_DISTRICTS.flatMap((d) => d.townships);
  const asHandler = (unitId: string | undefined): Actor | null => {
    const h = unitId ? handlers.get(unitId) : undefined;
    return h ? { userId: h.id, unitId: h.unitId, role: 'handler' } : null;
  };
  const repo = new PrismaCaseRepository();
  let made = 0;
  // Bulk: 200 cases per statement (timers are armed by the worker's reconciler at start, so no outbox rows).
  const batch: Case[] = [];
  const flush = async () => {
    if (batch.length) await repo.insertNew(batch.splice(0), [], prisma as unknown as Tx);
  };
  // Whatever is past due now and still open was overdue: the timer logic marks it as the worker would.
  const finish = async (c: Case, at: ClockContext) => {
    const nowCtx = { ...at, now: o.now };
    for (const d of c.deadlines) if (d.state === 'running' && d.dueAt.getTime() < o.now.getTime()) c.markOverdue(d.id, d.version, nowCtx);
    c.pullTimers();
    batch.push(c);
    if (batch.length === 200) await flush();
    made++;
  };

  const named = new Map<string, ReturnType<typeof business>[]>();
  for (let i = 0; i < total; i++) {
    // Receipts spread over the last 365 days, denser recently, in office hours China time.
    const ageDays = Math.floor(365 * Math.pow(rand(), 1.3));
    const receivedAt = officeHour(rand, new Date(o.now.getTime() - ageDays * DAY));
    if (receivedAt.getTime() > o.now.getTime()) continue;
    // About a fifth are questions (咨询), most answered by the operator on the call.
    const kind = rand();
    const type: CaseType = kind < 0.62 ? 'complaint' : kind < 0.8 ? 'report' : 'inquiry';
    const question = type === 'inquiry' ? pick(rand, INQUIRIES) : null;
    const county = pick(rand, counties);
    const platform = rand() < 0.06;
    const regionCode = platform ? '430700' : (county.regionCode ?? '430702');
    const category = pickLeafCategory(rand);
    // Complaints gather on some businesses (a chain's store, a school that closed, a shop that sells fakes): about
    // two in five name a business already named in the same place and class of goods, the earlier ones most often.
    const pool = named.get(`${regionCode}:${category.slice(0, 3)}`) ?? [];
    const biz = pool.length && rand() < 0.4 ? pool[Math.floor(pool.length * Math.pow(rand(), 2.5))]! : business(rand, regionCode.slice(0, 6), category);
    if (!pool.includes(biz)) named.set(`${regionCode}:${category.slice(0, 3)}`, [...pool, biz]);
    const problemType = pickProblemType(rand, category);
    const text = complaintText(rand, category, problemType);
    const clock = { t: new Date(receivedAt.getTime() + (5 + Math.floor(rand() * 40)) * 60_000) };
    const ctx = () => ({ now: new Date(clock.t), calendar, policies: policiesFor(policies, type, chinaDate(receivedAt)), newId: randomUUID });
    // The operator knows the township code of about half of the respondents in a township; the rest route by address.
    const township = townships.find((t) => biz.address.includes(t.name));
    const townshipCode = township && township.regionCode.startsWith(regionCode) && rand() < 0.5 ? township.regionCode : null;
    // A question names a business only now and then; most of those the operator cannot answer at once go to the unit
    // of the business's place (a general question stays with the operator).
    const aboutBusiness = !question || rand() < 0.3;
    const decision = routeIntake(o.rules, { type, category, respondent: { regionCode, townshipCode, address: biz.address, platform }, routeInquiry: !!question && aboutBusiness && rand() < 0.6 });
    const c = Case.register(
      {
        id: randomUUID(), caseNo: `${chinaDate(clock.t).slice(0, 4)}${String(90_000_000 + i).padStart(8, '0')}`, type,
        channel: pick(rand, ['hotline', 'hotline', 'hotline', 'web', 'web', 'letter', 'visit', 'hotline12345'] as const), receivedAt,
        complainant: { name: personName(rand), phone: mobile(rand), address: address(rand, county.regionCode ?? '430702') },
        respondent: aboutBusiness
          ? { name: biz.name, creditCode: biz.creditCode, regionCode, townshipCode, address: biz.address, platform }
          : { name: '', creditCode: null, regionCode: '', townshipCode: null, address: '', platform: false },
        categoryCode: category, problemType: question ? null : problemType, description: question?.q ?? text.description,
        request: question ? null : text.request, amount: question ? null : text.amount, registeredBy: operator.id,
      },
      decision,
      opActor,
      ctx(),
    );
    if (question) {
      // Answered on the call (the operator's 当场答复), or by the unit it was routed to within its 3 working days.
      clock.t = new Date(clock.t.getTime() + (2 + Math.floor(rand() * 10)) * 60_000);
      const unit = asHandler(c.assignedUnitId ?? undefined);
      if (!unit) {
        // Some of the last days' questions the operator could not answer at once wait in 待分派 (their clock runs).
        const waiting = o.now.getTime() - receivedAt.getTime() < 3 * DAY && rand() < 0.5;
        if (!waiting && clock.t.getTime() < o.now.getTime()) c.answerInquiry(question.a, true, opActor, ctx());
      } else if ((clock.t = new Date(clock.t.getTime() + (0.05 + rand() * 0.8) * DAY)).getTime() < o.now.getTime()) {
        c.sign(unit, ctx());
        clock.t = new Date(clock.t.getTime() + (0.1 + rand() * 2.5) * DAY);
        if (clock.t.getTime() < o.now.getTime()) c.answerInquiry(question.a, false, unit, ctx());
      }
      await finish(c, ctx());
      continue;
    }
    let actor = asHandler(c.assignedUnitId ?? undefined);
    const step = (minDays: number, spread: number) => {
      clock.t = new Date(clock.t.getTime() + (minDays + rand() * spread) * DAY);
      return clock.t.getTime() < o.now.getTime();
    };
    // A county hands about half of what it receives down to a station (分派到所); now and then the station returns
    // a misrouted one to the county, which then handles it itself.
    const stations = c.assignedUnitId ? (stationsOf.get(c.assignedUnitId) ?? []) : [];
    if (actor && stations.length && rand() < 0.5 && step(0.02, 0.4)) {
      const station = pick(rand, stations);
      c.dispatchToStation(station, actor.unitId, actor, ctx(), '请所办理，以区县局名义答复');
      const county = actor;
      actor = asHandler(station);
      const window = () => c.deadlines.find((d) => d.step === 'returnWindow' && d.state === 'running');
      if (actor && rand() < 0.04 && step(0.05, 0.8) && (window()?.dueAt.getTime() ?? 0) > clock.t.getTime()) {
        c.returnToIntake({ reason: 'notOurDuty', note: '被投诉人不在本所辖区', suggestedUnitId: null }, actor, ctx(), parentOf.get(station)!);
        actor = county;
      }
    }
    // Online filings (issue 16): the decision notices went out by SMS a few minutes after each decision, and the unit
    // phoned the filer when it signed (mostly within the 24-hour pledge) — as the worker and the handlers would.
    const told = () => {
      const d = c.deadlines.find((x) => x.step === 'decisionNotice' && x.metAt === null && x.state === 'running');
      if (!d) return;
      clock.t = new Date(clock.t.getTime() + 5 * 60_000);
      if (clock.t.getTime() < o.now.getTime()) c.noticeDelivered('demo-seed', d.startAt, ctx());
    };
    // The operator's 回访: most complainants reached and rated, a few never answered the phone (回访未果).
    const callBack = () => {
      if (rand() < 0.93) c.recordCallback(satisfaction(rand), null, opActor, ctx());
      else c.recordCallbackUnreachable(pick(rand, ['三次电话均未接通，短信未回复。', '电话停机，无法联系投诉人。', '两个工作日内多次拨打无人接听。']), opActor, ctx());
    };
    // Mostly on time, a few late, recent ones still open.
    if (actor && step(0.05, rand() < 0.93 ? 0.8 : 3)) {
      c.sign(actor, ctx());
      if (c.deadlines.some((d) => d.step === 'webResponse' && d.state !== 'met' && d.metAt === null)) c.recordContact('已电话联系投诉人，告知办理流程。', actor, ctx());
      if (type === 'report') {
        // A report is verified and decided (立案 / 不予立案) within its 15 working days, mostly on time; the
        // real-name reporter is told of the decision where the bureau keeps that step. Never mediated or called back.
        if (step(1, rand() < 0.9 ? 10 : 30)) {
          c.addVerificationNote(pick(rand, ['已赴现场核查，调取经营者进货凭证和销售记录。', '已约谈经营者，核查举报所涉商品来源。', '已检查经营场所，对涉案商品拍照取证。']), actor, ctx());
          if (step(0.5, 4)) {
            const filed = rand() < 0.35;
            c.decideReport(filed ? 'fileCase' : 'noCase', filed ? '经核查，涉嫌违法事实基本清楚，予以立案。' : '经核查，未发现违法事实，不予立案。', actor, ctx());
            told();
            if (c.deadlines.some((d) => d.step === 'reporterNotice' && d.state === 'running') && step(0.5, 3)) c.notifyReporter('已电话告知举报人处理决定。', actor, ctx());
          }
        }
      } else if (step(0.2, rand() < 0.95 ? 4 : 12)) {
        if (rand() < 0.12) {
          const regime = c.regime;
          c.decline(pick(rand, declineGrounds(regime)).code, '经审查不符合受理条件', actor, ctx());
          told();
          if (step(0.3, 2)) callBack();
        } else {
          c.accept(actor, ctx(), null);
          told();
          if (step(1, 3)) c.addMediationNote('已联系双方当事人，组织电话调解。', actor, ctx());
          if (step(2, rand() < 0.92 ? 30 : 70)) {
            const outcome = pickOutcome(rand);
            const ground = outcome === 'terminated' ? pick(rand, terminateGrounds(c.regime)).code : null;
            const recovered = outcome === 'agreement' && text.amount ? Math.round(text.amount * (0.4 + rand() * 0.6) * 100) / 100 : null;
            c.close({ outcome, ground, note: outcome === 'agreement' ? '经调解，双方达成一致。' : null, recoveredAmount: recovered }, actor, ctx());
            told();
            if (outcome === 'terminated' && c.deadlines.some((d) => d.step === 'terminationNotice') && step(0.5, 4)) c.notifyTermination('已电话及书面告知双方。', actor, ctx());
            if (step(0.3, 1.5)) callBack();
          }
        }
      }
    }
    await finish(c, ctx());
  }
  await flush();
  await prisma.$executeRawUnsafe(`SELECT setval('case_no_seq', GREATEST((SELECT last_value FROM case_no_seq), 1))`);
  return made;
}

/** Questions callers ask the 12315 line, with the answer given (consumer law as it stands). */
const INQUIRIES: { q: string; a: string }[] = [
  { q: '网购的衣服不合适，七日无理由退货从哪天开始算？', a: '自收到商品之日起七日内可无理由退货（《消费者权益保护法》第二十五条），商品应完好，来回运费按约定，未约定的由消费者承担。' },
  { q: '买的手机一个月内出现性能故障，能换货吗？', a: '按移动电话机三包规定，自售出之日起15日内可退货或换货，15日至1年内可修理；保留好发票和三包凭证。' },
  { q: '健身房关门了，预付卡里的钱怎么退？', a: '可先与经营者协商退还余额；协商不成可向经营者所在地市场监管部门投诉，保留好合同、付款记录和卡片。' },
  { q: '饭店不给开发票，可以投诉吗？', a: '发票问题由税务部门处理，可拨打12366纳税服务热线；如同时存在价格或消费纠纷，可向12315投诉。' },
  { q: '超市买到过期食品，能要求赔偿吗？', a: '可要求退货并按《食品安全法》第一百四十八条要求价款十倍或损失三倍的赔偿（不足一千元的为一千元），请保留小票和商品。' },
  { q: '标价和结账价格不一样怎么办？', a: '经营者应按标价结算；收取高于标价的费用属于价格违法行为，可向当地市场监管部门举报，并保留标价照片和付款凭证。' },
  { q: '家电维修多收了材料费，怎么维权？', a: '可要求经营者出示维修明细和收费标准；协商不成可向经营者所在地市场监管部门投诉，提供维修单据和付款记录。' },
  { q: '快递丢件了找谁投诉？', a: '快递服务问题由邮政管理部门处理，可拨打12305邮政业用户申诉电话或登录国家邮政局申诉网站。' },
];

function officeHour(rand: Rand, d: Date): Date {
  const date = chinaDate(d);
  const minutes = 8 * 60 + 30 + Math.floor(rand() * 9 * 60);
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + minutes * 60_000);
}
function satisfaction(rand: Rand): Satisfaction {
  const x = rand();
  return x < 0.55 ? 'verySatisfied' : x < 0.85 ? 'satisfied' : x < 0.95 ? 'neutral' : 'dissatisfied';
}
function pickOutcome(rand: Rand): CloseOutcome {
  const x = rand();
  return x < 0.55 ? 'agreement' : x < 0.8 ? 'noAgreement' : 'terminated';
}
