import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppEnv, type Tx } from '#platform';
import { type WorkingCalendar, nextWorkingInstant, parseWorkingHours } from '#deadlines';
import type { UnitNode } from '#org';
import type { RungEffect } from '../domain/case.js';

const KIND_TEXT: Record<string, string> = {
  acceptance: '受理决定', mediation: '调解', sign: '签收', callback: '回访', terminationNotice: '终止调解告知',
  verification: '核查', answer: '咨询答复', firstResponse: '首次回应', reporterNotice: '告知举报人',
};

/** Turns a fired rung into inbox items, held until the next working hour unless urgent. */
@Injectable()
export class Notifier {
  private readonly hours;
  constructor(env: AppEnv) {
    this.hours = parseWorkingHours(env.WORKING_HOURS);
  }

  async notify(
    tx: Tx,
    e: RungEffect,
    c: { id: string; caseNo: string; assignedUnitId: string | null; dueDate: string },
    units: readonly UnitNode[],
    calendar: WorkingCalendar,
    now: Date,
  ): Promise<void> {
    const assigned = units.find((u) => u.id === c.assignedUnitId);
    const city = units.find((u) => u.level === 'city');
    const target =
      e.audience === 'parentUnit' ? (units.find((u) => u.id === assigned?.parentId) ?? city)
      : e.audience === 'cityBureau' ? city
      : assigned;
    if (!target) return;
    const role = e.audience === 'unitHandlers' ? 'handler' : e.audience === 'unitLeader' ? 'leader' : null;
    const what = KIND_TEXT[e.kind] ?? e.kind;
    const body =
      e.rung === 'warn' ? `案件${c.caseNo}的${what}期限将于${c.dueDate}届满，请抓紧办理。`
      : e.rung === 'supervise' ? `${assigned?.name ?? ''}承办的案件${c.caseNo}${what}已超期（期限${c.dueDate}），请督办并于3个工作日内反馈。`
      : e.rung === 'notice' ? `${assigned?.name ?? ''}承办的案件${c.caseNo}${what}超期（期限${c.dueDate}）仍未办理，予以通报。`
      : `案件${c.caseNo}的${what}已超期（期限${c.dueDate}），请立即办理。`;
    await tx.notification.create({
      data: {
        id: randomUUID(), unitId: target.id, role, caseId: c.id, deadlineId: e.deadlineId, kind: e.rung, title: e.title, body,
        urgent: e.urgent, createdAt: now, deliverAt: e.urgent ? now : nextWorkingInstant(calendar, now, this.hours),
      },
    });
  }
}
