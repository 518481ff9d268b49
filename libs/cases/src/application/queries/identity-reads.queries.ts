// The audit of identity reads (O121 Art. 37): who read which protected identity, when, from where. Auditors and admins.
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Forbidden } from '#platform';
import { toChinaIso } from '#deadlines';
import { canReadIdentityAudit, type Viewer } from '#org';
import { OrgDirectory } from '#org-nest';
import { CaseReads } from '../ports.js';
import type { Page } from './case.queries.js';

export interface IdentityReadFilter {
  /** China dates, inclusive */
  from?: string;
  to?: string;
  userId?: string;
  caseId?: string;
  page: number;
  pageSize: number;
}
export interface IdentityReadItem {
  id: string; at: string; via: string; fields: string; query: string | null; ip: string | null; role: string;
  user: { id: string; username: string; displayName: string } | null;
  unit: { id: string; code: string; name: string } | null;
  case: { id: string; caseNo: string; type: string } | null;
}

export class ListIdentityReads extends Query<Page<IdentityReadItem>> {
  constructor(readonly viewer: Viewer, readonly filter: IdentityReadFilter) { super(); }
}

const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);

@QueryHandler(ListIdentityReads)
export class ListIdentityReadsHandler implements IQueryHandler<ListIdentityReads> {
  constructor(private readonly reads: CaseReads, private readonly org: OrgDirectory) {}
  async execute({ viewer, filter }: ListIdentityReads): Promise<Page<IdentityReadItem>> {
    if (!canReadIdentityAudit(viewer)) throw new Forbidden('仅审计员或系统管理员可查看身份信息查阅记录');
    const { total, rows } = await this.reads.identityReads({
      from: filter.from ? dayStart(filter.from) : undefined,
      to: filter.to ? new Date(dayStart(filter.to).getTime() + 86_400_000) : undefined,
      userId: filter.userId, caseId: filter.caseId, skip: (filter.page - 1) * filter.pageSize, take: filter.pageSize,
    });
    const [users, cases, units] = await Promise.all([
      this.reads.users(rows.map((r) => r.userId)),
      this.reads.summaries(rows.flatMap((r) => (r.caseId ? [r.caseId] : []))).then((cs) => cs.map((x) => ({ id: x.id, caseNo: x.caseNo, type: x.type }))),
      this.org.units(),
    ]);
    const u = new Map(users.map((x) => [x.id, x]));
    const c = new Map(cases.map((x) => [x.id, x]));
    const un = new Map(units.map((x) => [x.id, { id: x.id, code: x.code, name: x.name }]));
    return {
      total, page: filter.page, pageSize: filter.pageSize,
      items: rows.map((r) => ({
        id: String(r.id), at: toChinaIso(r.at), via: r.via, fields: r.fields, query: r.query, ip: r.ip, role: r.role,
        user: u.get(r.userId) ?? null, unit: un.get(r.unitId) ?? null, case: r.caseId ? (c.get(r.caseId) ?? null) : null,
      })),
    };
  }
}
