import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppEnv } from '#platform';
import { type WorkingCalendar, type WorkingHours, nextWorkingInstant, parseWorkingHours } from '#deadlines';
import type { UnitNode } from '#org';
import { DEADLINE_KIND_LABELS, labelOf } from '#contracts';
import type { RungEffect } from '../domain/rung.js';
import { supervisingUnit } from './auto-supervision.js';

export interface NotificationRow {
  id: string; unitId: string; role: string | null; caseId: string; deadlineId: string; kind: string; title: string; body: string;
  urgent: boolean; createdAt: Date; deliverAt: Date;
}

export interface NotifiedCase {
  id: string; caseNo: string; assignedUnitId: string | null; dueDate: string;
  /** the common superior of an open 管辖争议 (cases.jurisdiction_dispute) */
  disputeSuperiorId?: string | null;
}

/**
 * The inbox item of a fired rung (pure): the target unit by audience (the assigned unit, its parent, the city
 * bureau), the role, the text, and when it is delivered (now if urgent, else the next working hour). null = no
 * unit to tell.
 */
export function rungNotification(
  e: RungEffect, c: NotifiedCase, units: readonly UnitNode[], calendar: WorkingCalendar, now: Date, hours: WorkingHours, id: string = randomUUID(),
): NotificationRow | null {
  const assigned = units.find((u) => u.id === c.assignedUnitId);
  const city = units.find((u) => u.level === 'city');
  const target =
    e.audience === 'parentUnit' ? supervisingUnit(units, c, e.step)
    : e.audience === 'cityBureau' ? city
    : assigned;
  if (!target) return null;
  const role = e.audience === 'unitHandlers' ? 'handler' : e.audience === 'unitLeader' ? 'leader' : null;
  // the step's one label (a code such as webResponse must not reach an inbox)
  const what = labelOf(DEADLINE_KIND_LABELS, e.step);
  const body =
    // 协商不成的，报请共同的上一级指定管辖 (O121 Art. 33): the parent is asked to designate, not to urge
    e.step === 'jurisdictionDispute' && e.rung === 'supervise' ? `${assigned?.name ?? ''}就案件${c.caseNo}提出的管辖争议协商期满（期限${c.dueDate}）仍未解决，请指定管辖（《市场监督管理投诉举报处理办法》第三十三条）。`
    : e.rung === 'warn' ? `案件${c.caseNo}的${what}期限将于${c.dueDate}届满，请抓紧办理。`
    : e.rung === 'supervise' ? `${assigned?.name ?? ''}承办的案件${c.caseNo}${what}已超期（期限${c.dueDate}），请督办并于3个工作日内反馈。`
    : e.rung === 'notice' ? `${assigned?.name ?? ''}承办的案件${c.caseNo}${what}超期（期限${c.dueDate}）仍未办理，予以通报。`
    : `案件${c.caseNo}的${what}已超期（期限${c.dueDate}），请立即办理。`;
  return {
    id, unitId: target.id, role, caseId: c.id, deadlineId: e.deadlineId, kind: e.rung, title: e.title, body,
    urgent: e.urgent, createdAt: now, deliverAt: e.urgent ? now : nextWorkingInstant(calendar, now, hours),
  };
}

/** Turns a fired rung into inbox items, held until the next working hour unless urgent. */
@Injectable()
export class Notifier {
  readonly hours: WorkingHours;
  constructor(env: AppEnv) {
    this.hours = parseWorkingHours(env.WORKING_HOURS);
  }

  /** The row to insert for a fired rung (null: nobody to tell). */
  row(e: RungEffect, c: NotifiedCase, units: readonly UnitNode[], calendar: WorkingCalendar, now: Date): NotificationRow | null {
    return rungNotification(e, c, units, calendar, now, this.hours);
  }
}
