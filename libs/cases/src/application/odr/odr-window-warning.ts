// ODR (issue 17): the warn rung of the enterprise's window reaches the enterprise — the case's timeline, the inbox of
// its accounts (the enterprise console's 提醒) and an SMS to each contact person with a mobile number — all in the
// caller's transaction, which holds the clock engine's claim of the rung: exactly once per rung.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { chinaDateTimeText } from '#contracts';
import { SmsOutbox, type Tx } from '#platform';
import { toChinaIso } from '#deadlines';
import { isMobilePhone, odrInboxRole } from '../../domain/odr.js';
import { CaseRepository, Inbox } from '../ports.js';
import { OdrEnterprises } from './odr.ports.js';

export interface OdrWarning { caseId: string; enterpriseId: string; rung: string; dueAt: Date; rule: string | null }

@Injectable()
export class OdrWindowWarnings {
  constructor(private readonly cases: CaseRepository, private readonly enterprises: OdrEnterprises, private readonly inbox: Inbox, private readonly sms: SmsOutbox) {}

  /** `claim`: the engine's claim of the rung, made once the case is locked (as every case transition does). */
  async warn(tx: Tx, w: OdrWarning, now: Date, claim: (tx: Tx) => Promise<void>): Promise<void> {
    const c = (await this.cases.get(w.caseId, tx)).snapshot(); // locks the case
    await claim(tx);
    const [e, users] = await Promise.all([this.enterprises.get(w.enterpriseId), this.enterprises.users(w.enterpriseId)]);
    const dueText = chinaDateTimeText(toChinaIso(w.dueAt));
    await this.cases.appendEvent(tx, w.caseId, {
      type: 'OdrWindowWarning', at: now, actorId: null, unitId: null, rule: w.rule,
      note: `企业协商期限将于 ${dueText} 届满`, data: { enterpriseId: w.enterpriseId, rung: w.rung, dueAt: toChinaIso(w.dueAt) },
    });
    const units = [...new Set(users.map((u) => u.unitId))];
    await this.inbox.append(tx, units.map((unitId) => ({
      id: randomUUID(), unitId, role: odrInboxRole(w.enterpriseId), caseId: w.caseId, deadlineId: null, kind: 'odrWindowWarning',
      title: `协商即将到期：${c.caseNo}`, body: `投诉（案件编号${c.caseNo}）的企业协商期限将于${dueText}届满，逾期未和解将转交市场监管部门处理。`,
      urgent: true, createdAt: now, deliverAt: now,
    })));
    const phones = [...new Set((e?.contacts ?? []).map((x) => x.phone.replace(/[\s-]/g, '')).filter(isMobilePhone))];
    for (const to of phones) {
      await this.sms.enqueue(tx, {
        to, template: 'odr-window-warning', purpose: `odr.${w.rung}`, caseId: w.caseId,
        params: { enterpriseName: e!.name, caseNo: c.caseNo, dueText },
      });
    }
  }
}
