// ODR (issue 17): enrolment, the suggestion list, the enterprise's desk and the figures. The case-side transitions
// (hand-over, replies, the complainant's decision, expiry) are in ./odr-case.handlers.ts.
import { randomUUID } from 'node:crypto';
import { CommandBus, CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { OdrCaseDetailDto, OdrCaseSummaryDto, OdrEnterpriseDto, OdrEnterpriseUserDto, OdrFiguresDto, OdrSuggestionDto, PublicOdrSuggestionDto } from '#contracts';
import { Clock, Forbidden, InvalidInput, NotFound } from '#platform';
import { SaveUser } from '#org-nest';
import { toChinaIso } from '#deadlines';
import { checkCreditCode } from '../../domain/parties.js';
import { enterpriseStatusChange, maskCreditCode, ODR_FIGURE_RULES, odrFigures } from '../../domain/odr.js';
import type { Actor } from '../../domain/case.types.js';
import {
  CreateOdrEnterpriseUser, EnrolOdrEnterprise, GetMyOdrEnterprise, GetOdrCase, GetOdrEnterprise, GetOdrFigures, ListOdrCases, ListOdrEnterprises,
  SuggestOdrEnterprises, UpdateOdrEnterprise,
} from './odr.commands.js';
import { OdrCases, OdrEnterprises, type OdrCaseRow } from './odr.ports.js';
import { DomainError } from '#kernel';

export class OdrEnterpriseExists extends DomainError {
  readonly code = 'ODR_ENTERPRISE_EXISTS';
  constructor() { super('该统一社会信用代码的企业已登记'); }
}

const requireStaff = (a: Actor) => {
  if (a.role !== 'manager' && a.role !== 'admin') throw new Forbidden('只有管理人员可以管理 ODR 企业');
};

/** The enterprise an `enterprise` account acts for; a removed enterprise's accounts can do nothing. */
export async function ownEnterprise(store: OdrEnterprises, actor: Actor): Promise<string> {
  if (actor.role !== 'enterprise') throw new Forbidden();
  const id = await store.enterpriseOf(actor.userId);
  const row = id ? await store.row(id) : null;
  if (!row || row.status === 'removed') throw new Forbidden('企业账号未绑定有效的 ODR 企业');
  return row.id;
}

@QueryHandler(ListOdrEnterprises)
export class ListOdrEnterprisesHandler implements IQueryHandler<ListOdrEnterprises> {
  constructor(private readonly store: OdrEnterprises) {}
  execute({ actor, status }: ListOdrEnterprises): Promise<OdrEnterpriseDto[]> {
    requireStaff(actor);
    return this.store.list(status as OdrEnterpriseDto['status'] | undefined);
  }
}

@QueryHandler(GetOdrEnterprise)
export class GetOdrEnterpriseHandler implements IQueryHandler<GetOdrEnterprise> {
  constructor(private readonly store: OdrEnterprises) {}
  async execute({ actor, id }: GetOdrEnterprise): Promise<OdrEnterpriseDto> {
    requireStaff(actor);
    const e = await this.store.get(id);
    if (!e) throw new NotFound('在线解纷企业', id);
    return e;
  }
}

@QueryHandler(GetMyOdrEnterprise)
export class GetMyOdrEnterpriseHandler implements IQueryHandler<GetMyOdrEnterprise> {
  constructor(private readonly store: OdrEnterprises) {}
  async execute({ actor }: GetMyOdrEnterprise): Promise<OdrEnterpriseDto> {
    const e = await this.store.get(await ownEnterprise(this.store, actor));
    if (!e) throw new NotFound('在线解纷企业', '');
    return e;
  }
}

@CommandHandler(EnrolOdrEnterprise)
export class EnrolOdrEnterpriseHandler implements ICommandHandler<EnrolOdrEnterprise> {
  constructor(private readonly store: OdrEnterprises, private readonly clock: Clock) {}
  async execute({ actor, input }: EnrolOdrEnterprise): Promise<OdrEnterpriseDto> {
    requireStaff(actor);
    const check = checkCreditCode(input.creditCode);
    if (!check.ok)
      throw new InvalidInput([{ field: 'creditCode', code: 'CREDIT_CODE_FORMAT', message: 'creditCode：统一社会信用代码格式不正确（18位，不含I、O、S、V、Z，第3–8位为行政区划代码）' }]);
    const creditCode = input.creditCode.trim().toUpperCase();
    const stores = [...new Set(input.stores.map((s) => s.trim()).filter(Boolean))];
    const id = randomUUID();
    const r = await this.store.insert({ id, name: input.name, creditCode, checksumValid: check.checksumValid, stores, contacts: input.contacts, at: this.clock.now(), by: actor.userId });
    if (r === 'duplicate') throw new OdrEnterpriseExists();
    return (await this.store.get(id))!;
  }
}

@CommandHandler(UpdateOdrEnterprise)
export class UpdateOdrEnterpriseHandler implements ICommandHandler<UpdateOdrEnterprise> {
  constructor(private readonly store: OdrEnterprises, private readonly clock: Clock) {}
  async execute({ actor, id, input }: UpdateOdrEnterprise): Promise<OdrEnterpriseDto> {
    requireStaff(actor);
    const row = await this.store.row(id);
    if (!row) throw new NotFound('在线解纷企业', id);
    if (input.status === undefined && input.stores === undefined && input.contacts === undefined)
      throw new InvalidInput([{ field: 'status', code: 'NOTHING_TO_CHANGE', message: 'status：请指定要变更的状态、门店或联系人' }]);
    if (input.status !== undefined) enterpriseStatusChange(row.status, input.status);
    else if (row.status === 'removed') enterpriseStatusChange(row.status, row.status);
    await this.store.update(id, {
      status: input.status, reason: input.reason?.trim() || null,
      stores: input.stores ? [...new Set(input.stores.map((s) => s.trim()).filter(Boolean))] : undefined, contacts: input.contacts,
      at: this.clock.now(), by: actor.userId,
    });
    return (await this.store.get(id))!;
  }
}

@CommandHandler(CreateOdrEnterpriseUser)
export class CreateOdrEnterpriseUserHandler implements ICommandHandler<CreateOdrEnterpriseUser> {
  constructor(private readonly store: OdrEnterprises, private readonly commands: CommandBus, private readonly clock: Clock) {}
  async execute({ actor, enterpriseId, input }: CreateOdrEnterpriseUser): Promise<OdrEnterpriseUserDto> {
    requireStaff(actor);
    const row = await this.store.row(enterpriseId);
    if (!row) throw new NotFound('在线解纷企业', enterpriseId);
    if (row.status === 'removed') enterpriseStatusChange('removed', 'active');
    // The users table has one writer (libs/org): the account is made there, then bound here. An account left
    // unbound by a crash between the two can sign in but every route refuses it (no enterprise → 403).
    const u = await this.commands.execute(new SaveUser(null, {
      username: input.username, displayName: input.displayName, role: 'enterprise', unitId: actor.unitId, password: input.password,
    }));
    await this.store.bindUser(enterpriseId, u.id, this.clock.now());
    return { id: u.id, username: u.username, displayName: u.displayName, active: u.active };
  }
}

@QueryHandler(SuggestOdrEnterprises)
export class SuggestOdrEnterprisesHandler implements IQueryHandler<SuggestOdrEnterprises> {
  constructor(private readonly store: OdrEnterprises) {}
  async execute({ actor, q }: SuggestOdrEnterprises): Promise<OdrSuggestionDto[] | PublicOdrSuggestionDto[]> {
    const rows = await this.store.suggest(q.trim(), 10);
    if (actor) return rows;
    return rows.map((r) => ({ id: r.id, name: r.name, creditCodeMasked: maskCreditCode(r.creditCode) }));
  }
}

const iso = (d: Date | null) => (d ? toChinaIso(d) : null);

function summary(r: OdrCaseRow, c: { caseNo: string; complainantName: string; description: string }): OdrCaseSummaryDto {
  return {
    caseId: r.caseId, caseNo: c.caseNo, enterpriseId: r.enterpriseId, stage: r.stage, handedOverAt: toChinaIso(r.handedOverAt),
    dueAt: r.endedAt ? null : iso(r.dueAt), complainantName: c.complainantName, summary: c.description.slice(0, 80),
  };
}

@QueryHandler(ListOdrCases)
export class ListOdrCasesHandler implements IQueryHandler<ListOdrCases> {
  constructor(private readonly store: OdrEnterprises, private readonly cases: OdrCases) {}
  async execute({ actor }: ListOdrCases): Promise<OdrCaseSummaryDto[]> {
    const enterpriseId = await ownEnterprise(this.store, actor);
    return (await this.cases.listOwn(enterpriseId)).map((x) => summary(x.odr, x.facts));
  }
}

@QueryHandler(GetOdrCase)
export class GetOdrCaseHandler implements IQueryHandler<GetOdrCase> {
  constructor(private readonly store: OdrEnterprises, private readonly cases: OdrCases) {}
  execute({ actor, caseId }: GetOdrCase): Promise<OdrCaseDetailDto> {
    return ownCase(this.store, this.cases, actor, caseId);
  }
}

/** The guard of every enterprise route about one case: the actor's enterprise, and the case only if it is its own. */
export async function ownCase(store: OdrEnterprises, cases: OdrCases, actor: Actor, caseId: string): Promise<OdrCaseDetailDto> {
  return odrDetail(cases, await ownEnterprise(store, actor), caseId);
}

/** What the enterprise sees: its own case only (anything else is 404, so it learns nothing of other cases). */
export async function odrDetail(cases: OdrCases, enterpriseId: string, caseId: string): Promise<OdrCaseDetailDto> {
  const x = await cases.detail(caseId);
  if (!x || x.odr.enterpriseId !== enterpriseId) throw new NotFound('案件', caseId);
  return {
    ...summary(x.odr, x.facts),
    complainantPhone: x.facts.complainantPhone, complainantAddress: x.facts.complainantAddress || null, respondentName: x.facts.respondentName,
    description: x.facts.description, request: x.facts.request, amount: x.facts.amount, attachments: x.attachments,
    replies: x.odr.replies, endedAt: iso(x.odr.endedAt),
  };
}

@QueryHandler(GetOdrFigures)
export class GetOdrFiguresHandler implements IQueryHandler<GetOdrFigures> {
  constructor(private readonly store: OdrEnterprises, private readonly cases: OdrCases) {}
  async execute({ actor, from, to, enterpriseId }: GetOdrFigures): Promise<OdrFiguresDto> {
    let only = enterpriseId;
    if (actor?.role === 'enterprise') {
      const own = await ownEnterprise(this.store, actor);
      if (enterpriseId && enterpriseId !== own) throw new NotFound('在线解纷企业', enterpriseId);
      only = own;
    } else if (actor) requireStaff(actor);
    const x = await this.cases.figureInputs(from, to, only);
    return { from, to, rows: odrFigures(x.enterprises, x.cases), rules: [...ODR_FIGURE_RULES] };
  }
}


export const odrHandlers = [
  ListOdrEnterprisesHandler, GetOdrEnterpriseHandler, GetMyOdrEnterpriseHandler, EnrolOdrEnterpriseHandler, UpdateOdrEnterpriseHandler,
  CreateOdrEnterpriseUserHandler, SuggestOdrEnterprisesHandler, ListOdrCasesHandler, GetOdrCaseHandler, GetOdrFiguresHandler,
];
