import { Body, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { isValidPhone, type Actor } from '#cases';
import { BadRequestException } from '@nestjs/common';
import {
  AcceptCase, AddMediationNote, RecordContact, CloseCase, DeclineCase, DispatchCase, GetCase, GetCaseLoad, GetTimeline, RegisteredCaseView, ListCases, NotifyTermination,
  RecordCallback, RecordCallbackUnreachable, RegisterCase, SignCase, registrantViewer,
} from '#cases-nest';
import { CurrentActor } from '../auth/auth.js';
import { ApiV1Controller } from '../api-controller.js';
import { Action, BusController, CaseId, Read } from '../routes.js';
import { CommitsIdempotencyKey } from '../idempotency.interceptor.js';
import { CallbackDto, CaseLoadQueryDto, CloseDto, DeclineDto, DispatchDto, ListCasesQueryDto, NoteDto, RegisterCaseDto, RequiredNoteDto } from './case.dto.js';

/** An anonymous reporter need give no name or phone; a phone that is given must still be valid. */
function reporterOf(dto: RegisterCaseDto): { name: string; phone: string; address: string } {
  if (!(dto.type === 'report' && dto.realName === false)) return dto.complainant;
  const c = (dto.complainant ?? {}) as Partial<RegisterCaseDto['complainant']>;
  const phone = typeof c.phone === 'string' ? c.phone.trim() : '';
  if (phone && !isValidPhone(phone))
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message: '输入有误：投诉人的电话', fields: [{ field: 'complainant.phone', code: 'IS_PHONE', message: '投诉人的电话：电话号码格式不正确（手机或带区号的座机）' }] });
  return { name: (typeof c.name === 'string' && c.name.trim()) || '匿名', phone, address: typeof c.address === 'string' ? c.address.trim() : '' };
}


/** A general question (咨询) may name no business: what is not known is stored empty (the DTO requires it otherwise). */
function respondentOf(dto: RegisterCaseDto) {
  const r = dto.respondent ?? {};
  return { ...r, name: r.name ?? '', regionCode: r.regionCode ?? '', address: r.address ?? '' };
}

@ApiV1Controller('cases', 'cases')
export class CasesController extends BusController {
  @Post()
  // The registration's one statement claims the Idempotency-Key with its result (no claim statement before it).
  @CommitsIdempotencyKey()
  @ApiOperation({ summary: '登记（投诉/举报/咨询），自动派单并计算期限' })
  @ApiCreatedResponse({ description: '{id, caseNo, status, assignedUnit, deadlines, warnings}' })
  async register(@Body() dto: RegisterCaseDto, @CurrentActor() actor: Actor) {
    const { id, warnings, linkedId, registered } = await this.commands.execute(
      new RegisterCase({ ...dto, receivedAt: new Date(dto.receivedAt), respondent: respondentOf(dto), complainant: reporterOf(dto) }, actor, { answered: true }),
    );
    // Registered by this actor: show it whatever the routing (the identity rules still apply, audited — in the
    // registration's statement). Answered from the registered aggregates (no read-back); a retry answered from its
    // Idempotency-Key reads the committed case (and audits that read itself).
    const viewer = registrantViewer(actor, false);
    const view = registered?.[0]
      ? await this.queries.execute(new RegisteredCaseView(registered[0], viewer, !!linkedId, true))
      : await this.queries.execute(new GetCase(id, viewer));
    const linkedViewer = registrantViewer(actor, true);
    const linked = !linkedId ? null
      : registered?.[1] ? await this.queries.execute(new RegisteredCaseView(registered[1], linkedViewer, true, true))
      : await this.queries.execute(new GetCase(linkedId, linkedViewer));
    return { ...view, warnings, ...(linked ? { linkedCase: { id: linked.id, caseNo: linked.caseNo, type: linked.type, status: linked.status, assignedUnit: linked.assignedUnit } } : {}) };
  }

  @Get()
  @ApiOperation({
    summary: '案件列表（承办人只看本单位）',
    description: '返回 {items, total, page, pageSize, nextCursor}；匹配超过 10000 件（带 q 搜索时超过 1000 件）时 total 为 10000（1000）并带 totalCapped: true（不再逐件计数）。'
      + '按页码只能翻到计数范围内（page 超出：400 PAGE_TOO_DEEP）；本页已满且其后可能还有时返回 nextCursor，以 cursor=nextCursor 请求下一页（按位置，任意深度；cursor 无效或与 sort 不符：400 CURSOR_INVALID）。',
  })
  list(@Query() q: ListCasesQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListCases(actor, { ...q, page: q.page ?? 1, pageSize: q.pageSize ?? 20 }));
  }

  @Get('load')
  @ApiOperation({
    summary: '在办案件量：待签收、已签收、已受理各多少件，其中超期多少件（待办页的负荷图）',
    description: '返回 {items: [{status, total, overdue}]}，依次为 dispatched、signed、accepted（没有的为 0）；'
      + '与案件列表同一范围（本人可见的单位与协办案件，unit 同列表的筛选：单位 id 或代码，不存在的单位为 0 件），完整计数、不设上限。',
  })
  load(@Query() q: CaseLoadQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetCaseLoad(actor, q.unit));
  }

  @Get(':id')
  get(@CaseId() id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetCase(id, actor));
  }

  @Read(':id/timeline', '全部事件：谁、哪个单位（ODR 企业的账号：哪个企业，enterprise）、何时、做了什么、依据')
  timeline(@CaseId() id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetTimeline(id, actor));
  }

  @Action(':id/dispatch', {
    summary: '分派：投诉举报办从待分派池派往承办单位；县级局（承办人或负责人）将本局承办的案件分派到所属市场监管所',
    description: '县级局分派到所：目标须为本局下属的市场监管所，否则 409 NOT_A_SUBORDINATE_STATION；尚未签收的案件视为县级局签收后下派；所的签收与退回期限自分派起重新计算，受理、调解期限照常自收到/受理起计算。',
  })
  dispatch(@CaseId() id: string, @Body() dto: DispatchDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new DispatchCase(id, actor, dto.unitId, dto.note ?? null), new GetCase(id, actor));
  }

  @Action(':id/sign', '签收')
  sign(@CaseId() id: string, @Body() _dto: NoteDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new SignCase(id, actor), new GetCase(id, actor));
  }

  @Action(':id/accept', '受理投诉（开始调解期限）；举报、咨询不适用（409 INVALID_TRANSITION）')
  accept(@CaseId() id: string, @Body() dto: NoteDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new AcceptCase(id, actor, dto.note ?? null), new GetCase(id, actor));
  }

  @Action(':id/decline', '不予受理投诉（须选择法定理由）；举报、咨询不适用')
  decline(@CaseId() id: string, @Body() dto: DeclineDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new DeclineCase(id, actor, dto.ground, dto.note ?? null), new GetCase(id, actor));
  }

  @Action(':id/mediation-notes', '记录调解情况（投诉）')
  mediate(@CaseId() id: string, @Body() dto: RequiredNoteDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new AddMediationNote(id, actor, dto.note), new GetCase(id, actor));
  }

  @Action(':id/contacts', '记录首次回应/联系：承办单位已联系投诉人（网上投诉举报24小时回应，issue 16）')
  contact(@CaseId() id: string, @Body() dto: RequiredNoteDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new RecordContact(id, actor, dto.note), new GetCase(id, actor));
  }

  @Action(':id/close', '投诉办结：调解成功 / 调解不成 / 终止调解（须法定理由）；举报以立案决定办结，咨询以答复办结')
  close(@CaseId() id: string, @Body() dto: CloseDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new CloseCase(id, actor, dto.outcome, dto.ground ?? null, dto.note ?? null, dto.recoveredAmount ?? null), new GetCase(id, actor));
  }

  @Action(':id/termination-notice', '已告知双方终止调解（O121 第二十三条，7个工作日内）')
  notifyTermination(@CaseId() id: string, @Body() dto: NoteDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new NotifyTermination(id, actor, dto.note ?? null), new GetCase(id, actor));
  }

  @Action(':id/callback', '回访投诉人（满意度四级），随后归档；举报、咨询不回访')
  callback(@CaseId() id: string, @Body() dto: CallbackDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new RecordCallback(id, actor, dto.satisfaction, dto.note ?? null), new GetCase(id, actor));
  }

  @Action(':id/callback-unreachable', '回访未果：联系不上投诉人（note 写明联系情况，如三次电话均未接通），随后归档；不计入满意率')
  callbackUnreachable(@CaseId() id: string, @Body() dto: RequiredNoteDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new RecordCallbackUnreachable(id, actor, dto.note), new GetCase(id, actor));
  }
}
