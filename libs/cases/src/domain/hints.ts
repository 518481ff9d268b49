// Duplicate and pattern hints at intake (O121 Art. 17; 国办函〔2025〕66号 并单). Hints only: the operator and
// the unit decide; nothing here declines, merges or routes by itself.

export const HINT_RULES = {
  /** Same complainant phone + same respondent within this many days → possible duplicate (offer 并单). */
  duplicateDays: 30,
  /** Look-back for the Art. 17 patterns. */
  patternDays: 90,
  /** One phone or one address used by at least this many different complainant names. */
  sharedByNames: 3,
  /** One complainant (phone) with at least this many earlier complaints against one business or one category. */
  repeatComplaints: 2,
  repeatDays: 30,
} as const;

export interface HintInput {
  complainantPhone: string;
  respondentName: string;
  respondentCreditCode?: string | null;
  complainantAddress?: string | null;
  category?: string | null;
}
export interface HintRow {
  id: string;
  caseNo: string;
  type: string;
  status: string;
  receivedAt: Date;
  complainantName: string;
  complainantPhone: string;
  complainantAddress: string;
  respondentName: string;
  respondentCreditCode: string | null;
  categoryCode: string;
}
export interface Hint {
  code: 'POSSIBLE_DUPLICATE' | 'PHONE_SHARED' | 'ADDRESS_SHARED' | 'REPEAT_SAME_RESPONDENT' | 'REPEAT_SAME_CATEGORY';
  message: string;
  caseIds: string[];
  count: number;
  /** What the operator may do about it: 并单 (POST /cases/:id/merge) or simply flag it for the handler. */
  offer: 'merge' | 'flag';
}

const DAY = 86_400_000;
const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, '').toUpperCase();
const ENDED = new Set(['merged', 'transferredOut', 'withdrawn']);

function sameRespondent(r: HintRow, i: HintInput): boolean {
  if (i.respondentCreditCode && r.respondentCreditCode) return norm(i.respondentCreditCode) === norm(r.respondentCreditCode);
  return norm(r.respondentName) === norm(i.respondentName);
}

/** The hints for a new item, from earlier cases (any the caller fetched by phone or address). */
export function computeHints(input: HintInput, rows: readonly HintRow[], now: Date): Hint[] {
  const within = (r: HintRow, days: number) => now.getTime() - r.receivedAt.getTime() <= days * DAY;
  const phone = norm(input.complainantPhone);
  const byPhone = rows.filter((r) => phone && norm(r.complainantPhone) === phone && !ENDED.has(r.status));
  const hints: Hint[] = [];

  const dups = byPhone.filter((r) => within(r, HINT_RULES.duplicateDays) && sameRespondent(r, input));
  if (dups.length)
    hints.push({
      code: 'POSSIBLE_DUPLICATE', offer: 'merge', count: dups.length, caseIds: dups.map((r) => r.id),
      message: `同一电话${HINT_RULES.duplicateDays}日内已就同一经营者登记${dups.length}件，可能重复，可并单`,
    });

  const names = (rs: readonly HintRow[]) => new Set(rs.map((r) => norm(r.complainantName)).filter(Boolean));
  const phoneRecent = byPhone.filter((r) => within(r, HINT_RULES.patternDays));
  if (names(phoneRecent).size >= HINT_RULES.sharedByNames)
    hints.push({
      code: 'PHONE_SHARED', offer: 'flag', count: names(phoneRecent).size, caseIds: phoneRecent.map((r) => r.id),
      message: `该电话近${HINT_RULES.patternDays}日被${names(phoneRecent).size}名不同投诉人使用（《市场监督管理投诉举报处理办法》第十七条，提请关注）`,
    });

  const addr = norm(input.complainantAddress);
  if (addr) {
    const byAddr = rows.filter((r) => norm(r.complainantAddress) === addr && within(r, HINT_RULES.patternDays));
    if (names(byAddr).size >= HINT_RULES.sharedByNames)
      hints.push({
        code: 'ADDRESS_SHARED', offer: 'flag', count: names(byAddr).size, caseIds: byAddr.map((r) => r.id),
        message: `该地址近${HINT_RULES.patternDays}日被${names(byAddr).size}名不同投诉人使用（《市场监督管理投诉举报处理办法》第十七条，提请关注）`,
      });
  }

  const complaints = byPhone.filter((r) => r.type === 'complaint' && within(r, HINT_RULES.repeatDays));
  const sameBiz = complaints.filter((r) => sameRespondent(r, input));
  if (sameBiz.length >= HINT_RULES.repeatComplaints)
    hints.push({
      code: 'REPEAT_SAME_RESPONDENT', offer: 'flag', count: sameBiz.length, caseIds: sameBiz.map((r) => r.id),
      message: `同一投诉人${HINT_RULES.repeatDays}日内已投诉该经营者${sameBiz.length}次（《市场监督管理投诉举报处理办法》第十七条，提请关注）`,
    });
  if (input.category) {
    const sameCat = complaints.filter((r) => r.categoryCode === input.category);
    if (sameCat.length >= HINT_RULES.repeatComplaints)
      hints.push({
        code: 'REPEAT_SAME_CATEGORY', offer: 'flag', count: sameCat.length, caseIds: sameCat.map((r) => r.id),
        message: `同一投诉人${HINT_RULES.repeatDays}日内已就同类商品或服务投诉${sameCat.length}次（《市场监督管理投诉举报处理办法》第十七条，提请关注）`,
      });
  }
  return hints;
}
