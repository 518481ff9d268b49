import { Injectable } from '@nestjs/common';
import { ReadPrismaService } from '#platform';
import {
  ART17, type CountRow, type DayRange, type Hotspots, type RepeatComplainant, type SharedContact, addMonths, rank, risers,
} from '../domain/index.js';

/** China-day bounds as SQL over cases.received_at; $1/$2 are the dates, $3 the unit ids (or NULL = all). */
const WHERE = `received_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND received_at < ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
  AND ($3::uuid[] IS NULL OR assigned_unit_id = ANY($3::uuid[]))`;

/** The previous period of the same length (a month's previous month, else the same number of days before). */
export function previousRange(r: DayRange): DayRange {
  if (r.from.endsWith('-01') && r.to.endsWith('-01')) {
    const months = (Number(r.to.slice(0, 4)) - Number(r.from.slice(0, 4))) * 12 + Number(r.to.slice(5, 7)) - Number(r.from.slice(5, 7));
    return { from: addMonths(r.from, -months), to: r.from };
  }
  const len = Date.parse(r.to) - Date.parse(r.from);
  return { from: new Date(Date.parse(r.from) - len).toISOString().slice(0, 10), to: r.from };
}

/**
 * Counts over cases by received date (hotspots are about what people complain of, not about handling). Reads the
 * replica when DATABASE_READ_URL is set.
 */
@Injectable()
export class HotspotStore {
  constructor(private readonly prisma: ReadPrismaService) {}

  async total(r: DayRange, units: string[] | null): Promise<number> {
    const [x] = await this.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT COUNT(*)::bigint AS n FROM cases WHERE ${WHERE}`, r.from, r.to, units);
    return Number(x?.n ?? 0);
  }

  async countBy(dim: 'kind' | 'channel' | 'class' | 'problemType' | 'respondent', r: DayRange, units: string[] | null, onlyComplaints = false): Promise<CountRow[]> {
    const key = {
      kind: 'type', channel: 'channel', class: 'left(category_code, 3)', problemType: `COALESCE(problem_type, 'P12')`,
      respondent: `COALESCE(NULLIF(respondent_credit_code, ''), respondent_name)`,
    }[dim];
    // Names come from the reference tables (categories, problem_types), never from code.
    const name = {
      kind: 'NULL', channel: 'NULL', respondent: 'MIN(respondent_name)',
      class: `(SELECT name FROM categories WHERE code = left(MIN(category_code), 3))`,
      problemType: `(SELECT name FROM problem_types WHERE code = MIN(${key}))`,
    }[dim];
    const rows = await this.prisma.$queryRawUnsafe<{ key: string; name: string | null; n: bigint }[]>(
      `SELECT ${key} AS key, ${name} AS name, COUNT(*)::bigint AS n FROM cases WHERE ${WHERE} ${onlyComplaints ? `AND type = 'complaint'` : ''} GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 200`,
      r.from, r.to, units);
    return rows.map((x) => ({ key: x.key, name: x.name ?? x.key, count: Number(x.n) }));
  }

  /** O121 Art. 17: one phone or one address used by several complainant names — counts only, never the phone or address. */
  async sharedContacts(column: 'complainant_phone' | 'complainant_address', r: DayRange, units: string[] | null): Promise<SharedContact[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ v: string; names: bigint; n: bigint }[]>(
      `SELECT ${column} AS v, COUNT(DISTINCT complainant_name)::bigint AS names, COUNT(*)::bigint AS n FROM cases
        WHERE ${WHERE} AND type = 'complaint' AND ${column} <> '' GROUP BY 1 HAVING COUNT(DISTINCT complainant_name) >= $4
        ORDER BY 2 DESC, 3 DESC LIMIT 50`, r.from, r.to, units, ART17.sharedContactMinComplainants);
    return rows.map((x) => ({ complainants: Number(x.names), cases: Number(x.n) }));
  }

  /** O121 Art. 17: one complainant (phone) with many complaints against the same respondent within a short window. */
  async repeatComplainants(r: DayRange, units: string[] | null): Promise<RepeatComplainant[]> {
    // Grouped by the phone, but neither phone nor name leaves the database: statistics carry no personal data.
    const rows = await this.prisma.$queryRawUnsafe<{ respondent: string; n: bigint; first_at: Date; last_at: Date }[]>(
      `SELECT MIN(respondent_name) AS respondent, COUNT(*)::bigint AS n,
              MIN(received_at) AS first_at, MAX(received_at) AS last_at
         FROM (SELECT c.*, COUNT(*) OVER (PARTITION BY complainant_phone, COALESCE(NULLIF(respondent_credit_code, ''), respondent_name)
                 ORDER BY received_at RANGE BETWEEN $4::interval PRECEDING AND CURRENT ROW) AS in_window
                 FROM cases c WHERE ${WHERE} AND type = 'complaint') w
        GROUP BY complainant_phone, COALESCE(NULLIF(respondent_credit_code, ''), respondent_name)
       HAVING MAX(in_window) >= $5
        ORDER BY 2 DESC LIMIT 50`,
      r.from, r.to, units, `${ART17.repeatWindowDays} days`, ART17.repeatMinComplaints);
    return rows.map((x) => ({ respondent: x.respondent, cases: Number(x.n), firstAt: x.first_at.toISOString(), lastAt: x.last_at.toISOString() }));
  }

  async hotspots(r: DayRange, units: string[] | null, limit = 10): Promise<Hotspots> {
    const prev = previousRange(r);
    const [total, cats, prevCats, probs, prevProbs, resp, prevResp, phones, addrs, repeats] = await Promise.all([
      this.total(r, units),
      this.countBy('class', r, units), this.countBy('class', prev, units),
      this.countBy('problemType', r, units), this.countBy('problemType', prev, units),
      this.countBy('respondent', r, units, true), this.countBy('respondent', prev, units, true),
      this.sharedContacts('complainant_phone', r, units), this.sharedContacts('complainant_address', r, units), this.repeatComplainants(r, units),
    ]);
    const complaints = resp.reduce((s, x) => s + x.count, 0);
    return {
      from: r.from, to: r.to, total,
      categories: rank(cats, prevCats, total, limit),
      problemTypes: rank(probs, prevProbs, total, limit),
      risers: { categories: risers(cats, prevCats, total, limit), problemTypes: risers(probs, prevProbs, total, limit) },
      respondents: rank(resp.filter((x) => x.count >= 2), prevResp, complaints, limit),
      patterns: { sharedPhones: phones, sharedAddresses: addrs, repeatComplainants: repeats },
    };
  }

  /** Month-by-month totals by kind for the trend chart: the `months` months ending before `to`. */
  async trend(to: string, months: number, units: string[] | null): Promise<{ month: string; total: number; complaints: number; reports: number; inquiries: number }[]> {
    const from = addMonths(`${to.slice(0, 7)}-01`, to.endsWith('-01') ? -months : -months + 1);
    const rows = await this.prisma.$queryRawUnsafe<{ m: string; type: string; n: bigint }[]>(
      `SELECT to_char(received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS m, type, COUNT(*)::bigint AS n FROM cases WHERE ${WHERE} GROUP BY 1, 2`,
      from, to, units);
    const out: { month: string; total: number; complaints: number; reports: number; inquiries: number }[] = [];
    for (let m = from; m < to; m = addMonths(m, 1)) {
      const key = m.slice(0, 7);
      const get = (t: string) => Number(rows.find((x) => x.m === key && x.type === t)?.n ?? 0);
      const row = { month: key, complaints: get('complaint'), reports: get('report'), inquiries: get('inquiry'), total: 0 };
      row.total = row.complaints + row.reports + row.inquiries;
      out.push(row);
    }
    return out;
  }
}
