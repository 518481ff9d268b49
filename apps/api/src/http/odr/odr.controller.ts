import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InvalidInput, NotFound } from '#platform';
import { contentDisposition, type Actor } from '#cases';
import {
  CreateOdrEnterpriseUser, DecideOdrCase, GetOdrState, EnrolOdrEnterprise, GetMyOdrEnterprise, GetOdrCase, GetOdrEnterprise, GetOdrFigures, ListOdrCases,
  ListOdrEnterprises, AnswerOdrCase, DownloadOdrEvidence, ListOdrNotices, SuggestOdrEnterprises, UpdateOdrEnterprise,
} from '#cases-nest';
import { AllowEnterprise, CurrentActor, Public, RequireRole } from '../auth/auth.js';
import { PublicThrottler } from '../public/public-guards.js';
import { PublicProofDto } from '../public/public.dto.js';
import {
  CreateOdrEnterpriseDto, CreateOdrEnterpriseUserDto, OdrEnterpriseListQueryDto, OdrFiguresQueryDto, OdrReplyDto, OdrSettleDto, OdrStaffDecisionDto,
  OdrSuggestQueryDto, PublicOdrDecisionDto, UpdateOdrEnterpriseDto,
} from './odr.dto.js';
import { Action, Read } from '../routes.js';

const enterpriseId = new ParseUUIDPipe({ exceptionFactory: () => new NotFound('在线解纷企业', '') });
const caseId = new ParseUUIDPipe({ exceptionFactory: () => new NotFound('案件', '') });
const fileId = new ParseUUIDPipe({ exceptionFactory: () => new NotFound('附件', '') });

function proofOf(caseNo: string, p: PublicProofDto) {
  if (!p.queryCode && !p.smsCode && !p.token)
    throw new InvalidInput([{ field: 'queryCode', code: 'PROOF_REQUIRED', message: 'queryCode：请填写查询码或短信验证码' }]);
  return { caseNo: String(caseNo).slice(0, 40), phone: p.phone, queryCode: p.queryCode, smsCode: p.smsCode, token: p.token };
}

/** Every ODR time field follows the API's other contracts. */
const TIMES = '时间字段（handedOverAt、dueAt、endedAt、consentAt、答复的 at 等）均为北京时间 ISO-8601，带 +08:00 偏移，如 2026-11-20T10:15:00.000+08:00。';

const LEGAL_NOTE =
  '企业协商（ODR）期间不计入市场监管部门的办理时限：企业拒绝、消费者不接受或企业期满未和解时，案件转入正常派单，' +
  '其“收到”时间（受理决定7个工作日等法定时限的起算点，《市场监督管理投诉举报处理办法》第十五条）为案件离开企业协商之时，' +
  '协商阶段作为一段归属于企业的办理环节记录。';

/** ODR enrolment (manager/admin) and the suggestion list for intake (issue 17). */
@ApiTags('odr')
@ApiBearerAuth()
@Controller('api/v1/odr')
export class OdrEnterprisesController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Get('enterprises')
  @RequireRole('manager', 'admin')
  @ApiOperation({ summary: 'ODR 企业列表（管理人员、系统管理员）' })
  list(@Query() q: OdrEnterpriseListQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListOdrEnterprises(actor, q.status));
  }

  @Post('enterprises')
  @RequireRole('manager', 'admin')
  @ApiOperation({ summary: '登记 ODR 企业（名称、统一社会信用代码、门店/品牌、联系人）；同一信用代码已登记 409' })
  @ApiResponse({ status: 409, description: 'ODR_ENTERPRISE_EXISTS 该统一社会信用代码已登记' })
  enrol(@Body() dto: CreateOdrEnterpriseDto, @CurrentActor() actor: Actor) {
    return this.commands.execute(new EnrolOdrEnterprise(actor, dto));
  }

  @Read('enterprises/suggest', '登记投诉时联想 ODR 企业（正常状态；按名称、门店/品牌或统一社会信用代码）')
  suggest(@Query() q: OdrSuggestQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new SuggestOdrEnterprises(actor, q.q));
  }

  @Get('enterprises/:id')
  @RequireRole('manager', 'admin')
  @ApiOperation({ summary: 'ODR 企业详情（含状态历史与账号）' })
  get(@Param('id', enterpriseId) id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetOdrEnterprise(actor, id));
  }

  @Patch('enterprises/:id')
  @RequireRole('manager', 'admin')
  @ApiOperation({ summary: '暂停 / 恢复 / 移除 ODR 企业，或修改门店与联系人（历史保留；移除后不可恢复）' })
  @ApiResponse({ status: 409, description: 'ODR_TRANSITION 状态不允许' })
  update(@Param('id', enterpriseId) id: string, @Body() dto: UpdateOdrEnterpriseDto, @CurrentActor() actor: Actor) {
    return this.commands.execute(new UpdateOdrEnterprise(actor, id, dto));
  }

  @Post('enterprises/:id/users')
  @RequireRole('manager', 'admin')
  @ApiOperation({ summary: '为 ODR 企业开设账号（角色 enterprise，只能看本企业的投诉）' })
  @ApiResponse({ status: 409, description: 'USERNAME_TAKEN 用户名已存在' })
  createUser(@Param('id', enterpriseId) id: string, @Body() dto: CreateOdrEnterpriseUserDto, @CurrentActor() actor: Actor) {
    return this.commands.execute(new CreateOdrEnterpriseUser(actor, id, dto));
  }

  @Get('figures')
  @AllowEnterprise()
  @RequireRole('manager', 'admin', 'enterprise')
  @ApiOperation({
    summary: 'ODR 企业指标：收到、和解、和解率、按时答复率、平均天数（管理人员看全部；企业只看本企业）',
    description: '口径见 rules 字段与 docs/odr.md。' + LEGAL_NOTE,
  })
  figures(@Query() q: OdrFiguresQueryDto, @CurrentActor() actor: Actor) {
    if (q.from > q.to) throw new InvalidInput([{ field: 'to', code: 'RANGE', message: 'to：截止日不能早于起始日' }]);
    return this.queries.execute(new GetOdrFigures(actor, q.from, q.to, q.enterpriseId));
  }
}

/** The enterprise's own pages (role enterprise only): its complaints, replies and settlements. */
@ApiTags('odr')
@ApiBearerAuth()
@AllowEnterprise()
@RequireRole('enterprise')
@Controller('api/v1/odr')
export class OdrEnterpriseDeskController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Read('me', { summary: '本企业信息（企业账号）', description: TIMES })
  me(@CurrentActor() actor: Actor) {
    return this.queries.execute(new GetMyOdrEnterprise(actor));
  }

  @Read('cases', { summary: '本企业的 ODR 投诉（按期限由近到远）', description: TIMES })
  cases(@CurrentActor() actor: Actor) {
    return this.queries.execute(new ListOdrCases(actor));
  }

  @Read('cases/:id', {
    summary: 'ODR 投诉详情（投诉人姓名与联系方式、事实、诉求、证据；不含市场监管部门内部记录）；非本企业 404',
    description: `证据 attachments：案件在企业协商期间所附的材料（不含涉及身份信息的附件，不含转交市场监管部门后添加的材料）。${TIMES}`,
  })
  detail(@Param('id', caseId) id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetOdrCase(actor, id));
  }

  @Read('cases/:id/attachments/:aid',
    '下载本企业投诉的证据材料（案件在企业协商期间所附的材料；不含涉及身份信息的附件和市场监管部门之后添加的材料）；非本企业或不在列表中 404；每次下载均记录审计')
  async evidence(
    @Param('id', caseId) id: string, @Param('aid', fileId) aid: string, @Req() req: FastifyRequest, @CurrentActor() actor: Actor, @Res() res: FastifyReply,
  ) {
    const f = await this.queries.execute(new DownloadOdrEvidence(actor, { caseId: id, attachmentId: aid }, req.ip ?? null));
    // always as a download, never run in our origin
    void res.header('Content-Type', f.contentType).header('Content-Disposition', contentDisposition(f.name, false))
      .header('X-Content-Type-Options', 'nosniff').header('Cache-Control', 'private, no-store')
      .header('Content-Security-Policy', "default-src 'none'; sandbox");
    void res.send(f.bytes);
  }

  @Read('notices', '本企业的提醒（如协商期限将届满），最新在前')
  notices(@CurrentActor() actor: Actor) {
    return this.queries.execute(new ListOdrNotices(actor));
  }

  @Action('cases/:id/reply', '答复：提出和解方案（短信告知投诉人确认）或拒绝并说明理由（转市场监管部门）')
  @ApiResponse({ status: 409, description: 'ODR_TRANSITION 协商已结束' })
  reply(@Param('id', caseId) id: string, @Body() dto: OdrReplyDto, @CurrentActor() actor: Actor) {
    return this.commands.execute(new AnswerOdrCase(actor, id, dto));
  }

  @Action('cases/:id/settle', '报称已和解并写明和解内容（短信告知投诉人确认）')
  @ApiResponse({ status: 409, description: 'ODR_TRANSITION 协商已结束' })
  settle(@Param('id', caseId) id: string, @Body() dto: OdrSettleDto, @CurrentActor() actor: Actor) {
    return this.commands.execute(new AnswerOdrCase(actor, id, { kind: 'settled', text: dto.agreement }));
  }
}

/** The operator records the complainant's decision for them (telephone). */
@ApiTags('odr')
@ApiBearerAuth()
@Controller('api/v1/cases')
export class OdrStaffController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Get(':id/odr')
  @RequireRole('operator', 'manager', 'admin')
  @ApiOperation({ summary: '案件的企业协商（ODR）情况：企业、阶段、期限、待确认的方案；无 ODR 记录 404', description: TIMES })
  state(@Param('id', caseId) id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetOdrState(id, { actor }));
  }

  @Post(':id/odr-decision')
  @HttpCode(200)
  @RequireRole('operator', 'manager', 'admin')
  @ApiOperation({ summary: '代投诉人记录对企业和解方案的决定：确认 → 以和解办结；不接受 → 转入正常派单', description: LEGAL_NOTE })
  @ApiResponse({ status: 409, description: 'ODR_TRANSITION 当前没有待确认的方案' })
  decide(@Param('id', caseId) id: string, @Body() dto: OdrStaffDecisionDto, @CurrentActor() actor: Actor) {
    return this.commands.execute(new DecideOdrCase(id, dto.accept, { actor, note: dto.note }));
  }
}

/** The public side: suggestion list without login, and the complainant's decision with the tracking proof. */
@ApiTags('public')
@Public()
@UseGuards(PublicThrottler)
@Controller('api/v1/public')
export class PublicOdrController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Read('odr/enterprises/suggest', '在线投诉时联想 ODR 企业（只返回名称与部分隐去的统一社会信用代码）')
  @ApiOkResponse({ description: '[{id, name, creditCodeMasked}]' })
  suggest(@Query() q: OdrSuggestQueryDto) {
    return this.queries.execute(new SuggestOdrEnterprises(null, q.q));
  }

  @Action('cases/:caseNo/odr', { summary: '查询企业协商（ODR）情况与待确认的和解方案（需手机号与查询码/短信验证码/token）', description: TIMES })
  state(@Param('caseNo') caseNo: string, @Body() dto: PublicProofDto) {
    return this.queries.execute(new GetOdrState(null, { proof: proofOf(caseNo, dto) }));
  }

  @Post('cases/:caseNo/odr-decision')
  @HttpCode(200)
  @ApiOperation({ summary: '投诉人确认或不接受企业的和解方案（需手机号与查询码/短信验证码/token）', description: LEGAL_NOTE })
  @ApiResponse({ status: 409, description: 'ODR_TRANSITION 当前没有待确认的方案' })
  decide(@Param('caseNo') caseNo: string, @Body() dto: PublicOdrDecisionDto) {
    return this.commands.execute(new DecideOdrCase(null, dto.accept, { proof: proofOf(caseNo, dto) }));
  }
}
