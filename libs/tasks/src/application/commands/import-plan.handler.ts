import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler, Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Forbidden, InvalidInput, UnitOfWork } from '#platform';
import { chinaDate, endOfChinaDay, endOfChinaDayIso } from '#deadlines';
import type { Viewer } from '#org';
import { aliasesToRemember, draftPlan, type Resolution, type UnitMappings } from '../../domain/assignment.js';
import { parsePlan, type ParsedTarget } from '../../domain/plan-parser.js';
import {
  type Cadence, DEFAULT_CADENCE, type ReportDueTimes, checkTaskSchedule, defaultTaskDue, firstReportingPeriod, reportLadder, reportPolicy, reportRule,
  reportSchedule,
} from '../../domain/reporting.js';
import { ReportPolicyMissing } from '../../domain/task.errors.js';
import { extractPlanText, type PlanFile } from '../../infrastructure/plan-document.js';
import { TaskDirectory } from '../../infrastructure/task-directory.js';
import { ReportDueArming } from '../report-due-arming.js';
import { ReportDueClocks, TaskRepository, type TaskEventInput } from '../ports.js';
import { UnitRepository } from '#org-nest';

export interface PreviewItem {
  section: string | null;
  number: string;
  text: string;
  leadUnit: string | null;
  clauses: { units: string[] }[];
  targets: ParsedTarget[];
}
export interface PlanPreview {
  items: PreviewItem[];
  unmatchedUnits: string[];
  /** How each name as written resolved now (for the admin to check): unit ids, or [] when unmatched. */
  matchedUnits: { name: string; unitIds: string[]; collective: boolean }[];
  /** Only when a file was uploaded: the text extracted from it (send it as `text` to confirm) and the file's kind. */
  text?: string;
  file?: { name: string; kind: 'txt' | 'docx' };
}

/** What to preview: pasted text, or an uploaded .txt (UTF-8) / .docx file. */
export type PlanSource = { text: string } | { file: PlanFile };

function requireAdmin(actor: Viewer): void {
  if (actor.role !== 'admin') throw new Forbidden('仅管理员可导入年度工作要点');
}

function unitIdsOf(r: Resolution | undefined): string[] {
  if (!r) return [];
  return r.kind === 'unit' ? [r.unitId] : r.kind === 'collective' ? r.unitIds : [];
}

/** Parses a plan and matches its units against the directory. Stores nothing. */
export class PreviewPlan extends Query<PlanPreview> {
  constructor(readonly title: string, readonly source: PlanSource, readonly actor: Viewer) { super(); }
}

@QueryHandler(PreviewPlan)
export class PreviewPlanHandler implements IQueryHandler<PreviewPlan> {
  constructor(private readonly directory: TaskDirectory) {}

  async execute({ source, actor }: PreviewPlan): Promise<PlanPreview> {
    requireAdmin(actor);
    const extracted = 'file' in source ? await extractPlanText(source.file) : null;
    const text = 'text' in source ? source.text : extracted!.text;
    const parsed = parsePlan(text);
    const draft = draftPlan(parsed, await this.directory.load());
    return {
      items: parsed.items.map((i) => ({
        section: i.section, number: i.number, text: i.text, leadUnit: i.leadUnit,
        clauses: i.clauses.map((c) => ({ units: c.units })), targets: i.targets,
      })),
      unmatchedUnits: draft.unmatched,
      matchedUnits: parsed.unitNames.map((name) => {
        const r = draft.resolved.get(name);
        return { name, unitIds: unitIdsOf(r), collective: r?.kind === 'collective' };
      }),
      ...(extracted && 'file' in source ? { text, file: { name: source.file.name, kind: extracted.kind } } : {}),
    };
  }
}

export interface ConfirmPlanInput {
  title: string;
  year: number;
  text: string;
  unitMappings?: UnitMappings;
  /**
   * Per-item due date and cadence, by the item's 1-based position in the preview's `items` (= the task's seq).
   * Items not listed get the defaults: the plan year's end, monthly.
   */
  items?: { seq: number; dueDate?: string; cadence?: string }[];
}
export interface ConfirmedPlan {
  id: string;
  title: string;
  year: number;
  tasks: number;
  reportDues: number;
  aliasesAdded: { unitId: string; alias: string }[];
  warnings: { code: string; message: string }[];
}

/**
 * Creates the plan and its tasks in one transaction: lead unit = the parser's lead (the first unit of the first
 * clause), co-units = every other unit listed (collective names expanded), due = the plan year's end and monthly
 * unless `items` sets them,
 * report dues from the confirming month, their timers via the outbox; admin mappings are remembered as aliases.
 */
export class ConfirmPlan extends Command<ConfirmedPlan> {
  constructor(readonly input: ConfirmPlanInput, readonly actor: Viewer, readonly correlationId?: string) { super(); }
}

@CommandHandler(ConfirmPlan)
export class ConfirmPlanHandler implements ICommandHandler<ConfirmPlan> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly arming: ReportDueArming,
    private readonly directory: TaskDirectory,
    private readonly tasks: TaskRepository,
    private readonly clocks: ReportDueClocks,
    private readonly units: UnitRepository,
  ) {}

  async execute({ input, actor, correlationId }: ConfirmPlan): Promise<ConfirmedPlan> {
    requireAdmin(actor);
    const mappings = input.unitMappings ?? {};
    const parsed = parsePlan(input.text);
    const directory = await this.directory.load();
    const draft = draftPlan(parsed, directory, mappings);
    const problems = [...draft.problems];
    // Per-item schedules: a known seq, once, a due date within the plan's reach, a known cadence.
    const seen = new Set<number>();
    (input.items ?? []).forEach((it, i) => {
      if (!Number.isInteger(it.seq) || it.seq < 1 || it.seq > parsed.items.length)
        problems.push({ field: `items[${i}].seq`, code: 'UNKNOWN_ITEM', message: `没有第${it.seq}项（预览共${parsed.items.length}项）` });
      else if (seen.has(it.seq)) problems.push({ field: `items[${i}].seq`, code: 'DUPLICATE_ITEM', message: `第${it.seq}项重复` });
      seen.add(it.seq);
      problems.push(...checkTaskSchedule(it, input.year, null, `items[${i}].`).map((x) => ({ ...x, seq: it.seq, message: `第${it.seq}项的${x.message}` })));
    });
    if (problems.length) throw new InvalidInput(problems);
    const chosen = new Map((input.items ?? []).map((it) => [it.seq, it]));

    const now = this.arming.now();
    const { calendar, policies } = await this.arming.rules();
    const yearEnd = defaultTaskDue(input.year);
    const scheduleOf = (seq: number) => {
      const c = chosen.get(seq);
      const dueDate = c?.dueDate ?? yearEnd.dueDate;
      return { dueDate, dueAt: endOfChinaDay(dueDate), dueAtIso: endOfChinaDayIso(dueDate), cadence: (c?.cadence ?? DEFAULT_CADENCE) as Cadence };
    };
    // The report-due clock's amount and ladder are policy data (LOCAL work_task/progressReport), in force today.
    const policy = reportPolicy(policies, chinaDate(now));
    const first = firstReportingPeriod(input.year, now);
    if (!policy && first !== null && draft.tasks.some((t) => scheduleOf(t.seq).cadence !== 'none')) throw new ReportPolicyMissing();
    const schedules = new Map<string, ReportDueTimes[]>();
    const scheduleFor = (dueDate: string, cadence: Cadence) => {
      const k = `${dueDate}|${cadence}`;
      if (!schedules.has(k)) schedules.set(k, policy ? reportSchedule(calendar, first, dueDate, policy.amount, cadence) : []);
      return schedules.get(k)!;
    };
    const gaps = [...new Set(draft.tasks.flatMap((t) => { const s = scheduleOf(t.seq); return scheduleFor(s.dueDate, s.cadence); }).flatMap((s) => s.calendarGaps))].sort();
    const warnings: ConfirmedPlan['warnings'] = gaps.map((y) => ({
      code: 'CALENDAR_YEAR_MISSING',
      message: `${y}年国务院放假安排尚未导入，涉及该年的进展报告截止日暂按法定节假日（含补假、未含调休）推算，导入后请核对`,
    }));
    if (first === null)
      warnings.push({ code: 'NO_REPORTING', message: `${input.year}年已结束，导入的任务不再安排月度进展报告` });

    const planId = randomUUID();
    const tasks = draft.tasks.map((t) => ({ id: randomUUID(), ...t, due: scheduleOf(t.seq) }));
    const dues = tasks.flatMap((t) =>
      [t.assignment.leadUnitId, ...t.assignment.coUnitIds].flatMap((unitId) =>
        scheduleFor(t.due.dueDate, t.due.cadence).map((s) => ({ id: randomUUID(), deadlineId: randomUUID(), taskId: t.id, unitId, period: s.period, times: s })),
      ),
    );
    const aliases = aliasesToRemember(directory, mappings);
    const events: TaskEventInput[] = tasks.map((t) => ({
      taskId: t.id, type: 'TaskCreated', actorId: actor.userId, unitId: actor.unitId, at: now,
      rule: '年度工作要点：责任单位所列第一个单位为牵头单位，其余为协办单位；“各区县（市）市场监管局”等集合名称指全部区县局',
      data: {
        planId, number: t.item.number, leadUnitId: t.assignment.leadUnitId, coUnitIds: t.assignment.coUnitIds,
        dueAt: t.due.dueAtIso, dueDate: t.due.dueDate, cadence: t.due.cadence, reportRule: reportRule(t.due.cadence, policy?.amount),
      },
    }));

    await this.uow.run(async (tx) => {
      await this.tasks.insertPlan(
        tx,
        { id: planId, title: input.title, year: input.year, sourceText: input.text, createdBy: actor.userId, createdAt: now },
        tasks.map((t) => ({
          id: t.id, planId, seq: t.seq, section: t.item.section, sectionTitle: t.item.sectionTitle, number: t.item.number, text: t.item.text,
          leadUnitId: t.assignment.leadUnitId, cadence: t.due.cadence, dueDate: t.due.dueDate, dueAt: t.due.dueAt, clauses: t.item.clauses, createdAt: now,
        })),
        tasks.flatMap((t) =>
          [t.assignment.leadUnitId, ...t.assignment.coUnitIds].map((unitId, position) => ({
            taskId: t.id, unitId, role: position === 0 ? 'lead' as const : 'co' as const, position, writtenAs: t.assignment.writtenAs[unitId] ?? '',
          })),
        ),
        tasks.flatMap((t) => t.item.targets.map((g, position) => ({ id: randomUUID(), taskId: t.id, position, ...g }))),
      );
      await this.clocks.open(tx, dues, policy, now);
      for (const a of aliases) await this.units.addAlias(a.unitId, a.alias, tx);
      await this.tasks.appendEvents(tx, events);
      if (policy) await this.arming.arm(tx, dues.map((d) => ({ ...d, version: 1 })), reportLadder(policies, policy.id), calendar, correlationId);
    });
    return { id: planId, title: input.title, year: input.year, tasks: tasks.length, reportDues: dues.length, aliasesAdded: aliases, warnings };
  }
}
