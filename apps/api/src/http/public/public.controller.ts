import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppEnv, InvalidInput } from '#platform';
import { ATTACHMENT_LIMITS, AttachmentMissing, AttachmentTooLarge, contentDisposition } from '#cases';
import {
  AddSupplement, FileCase, GetPublicDocument, GetPublicReference, IssueSmsCode, renderDocumentPdf, TrackCase, UploadPublicEvidence, WithdrawPublicCase, type PublicProof,
} from '#cases-nest';
import { Public } from '../auth/auth.js';
import { Captchas, PublicThrottler, SmsCodeThrottler } from './public-guards.js';
import { PublicFilingDto, PublicProofDto, SmsCodeRequestDto, SupplementDto, WithdrawDto } from './public.dto.js';

/** One of the three proofs is required; none → 400 naming queryCode. */
function proof(caseNo: string, p: PublicProofDto): PublicProof {
  if (!p.queryCode && !p.smsCode && !p.token)
    throw new InvalidInput([{ field: 'queryCode', code: 'PROOF_REQUIRED', message: 'queryCode：请填写查询码或短信验证码' }]);
  return { caseNo: String(caseNo).slice(0, 40), phone: p.phone, queryCode: p.queryCode, smsCode: p.smsCode, token: p.token };
}

@ApiTags('public')
@Public()
@Controller('api/v1/public')
export class PublicController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus, private readonly captchas: Captchas, private readonly env: AppEnv) {}

  @Get('reference')
  @UseGuards(PublicThrottler)
  @ApiOperation({ summary: '在线投诉页面所需的参考数据：商品/服务分类树、可选的行政区划（区县）' })
  @ApiOkResponse({ description: '{categories: [{code, name, kind, parentCode}], regions: [{code, name}]}' })
  reference() {
    return this.queries.execute(new GetPublicReference());
  }

  @Post('captcha')
  @UseGuards(PublicThrottler)
  @ApiOperation({ summary: '图形验证码：返回 {token, image}（SVG 图片的 data URL）；答案5分钟内有效、只能使用一次' })
  @ApiCreatedResponse({ description: '{token, image, expiresInSeconds}' })
  captcha() {
    return this.captchas.create();
  }

  @Post('sms-codes')
  @HttpCode(202)
  @UseGuards(SmsCodeThrottler)
  @ApiOperation({
    summary: '发送短信验证码（在线投诉举报 file / 查询案件 track）：10分钟内有效，只能使用一次',
    description: '按手机号和客户端地址限流（429，带 Retry-After）。同一地址一小时内获取验证码超过若干次后（或 CAPTCHA=always）须同时提交图形验证码 captchaToken + captchaAnswer，否则 400 CAPTCHA_REQUIRED。',
  })
  @ApiAcceptedResponse({ description: '{accepted: true, expiresInSeconds}' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS，Retry-After 为需等待的秒数' })
  async smsCode(@Body() dto: SmsCodeRequestDto, @Req() req: FastifyRequest) {
    await this.captchas.guard(req.ip, dto.captchaToken, dto.captchaAnswer);
    await this.commands.execute(new IssueSmsCode(dto.phone, dto.purpose));
    return { accepted: true, expiresInSeconds: 600 };
  }

  @Post('cases')
  @UseGuards(PublicThrottler)
  @ApiOperation({
    summary: '在线投诉、举报、咨询（无需登录，凭短信验证码）：返回案件编号和查询码（同时以短信发送）',
    description: '校验与接线登记相同（手机号、统一社会信用代码、类别、行政区划）；有误 400 并指明字段，不保存任何内容。短时间内重复提交相同内容返回首次的案件编号和查询码（duplicate=true），不重复登记。渠道为 web，派单与接线登记相同。',
  })
  @ApiCreatedResponse({ description: '{caseNo, queryCode, duplicate, warnings}' })
  file(@Body() dto: PublicFilingDto) {
    return this.commands.execute(new FileCase({
      type: dto.type, smsCode: dto.smsCode, complainant: dto.complainant, respondent: dto.respondent, category: dto.category,
      description: dto.description, request: dto.request ?? null, amount: dto.amount ?? null,
      ...(dto.odr ? { odr: { enterpriseId: dto.odr.enterpriseId, consent: dto.odr.consent } } : {}),
    }));
  }

  @Get('cases/:caseNo')
  @UseGuards(PublicThrottler)
  @ApiOperation({
    summary: '查询案件办理进度：案件编号 + 手机号 + 查询码（或 track 短信验证码，或查询结果的 token）',
    description: '返回 {caseNo, type, status, statusText, unitName, steps, documents, deadlines, canWithdraw, canSupplement, token}。编号、手机号或查询码不符一律 404（不透露案件是否存在）。举报人只看到登记和（实名时）立案决定。',
  })
  @ApiOkResponse({ description: '案件进度' })
  track(@Param('caseNo') caseNo: string, @Query() q: PublicProofDto) {
    return this.queries.execute(new TrackCase(proof(caseNo, q)));
  }

  @Get('cases/:caseNo/documents/:documentId/pdf')
  @UseGuards(PublicThrottler)
  @ApiOperation({ summary: '下载发给投诉人的文书（PDF），凭与查询相同的证明' })
  @ApiProduces('application/pdf')
  async document(@Param('caseNo') caseNo: string, @Param('documentId') documentId: string, @Query() q: PublicProofDto, @Res() res: FastifyReply) {
    const d = await this.queries.execute(new GetPublicDocument(proof(caseNo, q), String(documentId).slice(0, 40)));
    void res.header('Content-Type', 'application/pdf').header('Content-Disposition', contentDisposition(`${d.title}${d.number}.pdf`, false))
      .header('Cache-Control', 'private, no-store')
      .send(await renderDocumentPdf(d, this.env.CHROMIUM_PATH));
  }

  @Post('cases/:caseNo/supplements')
  @UseGuards(PublicThrottler)
  @ApiOperation({ summary: '补充材料（文字）；证据文件用 POST …/attachments。案件办结后 409' })
  @ApiCreatedResponse({ description: '{ok: true}' })
  supplement(@Param('caseNo') caseNo: string, @Body() dto: SupplementDto) {
    return this.commands.execute(new AddSupplement(proof(caseNo, dto), dto.text));
  }

  @Post('cases/:caseNo/attachments')
  @UseGuards(PublicThrottler)
  @ApiOperation({
    summary: '上传证据材料（multipart/form-data，字段 file）；证明（phone 与 queryCode/smsCode/token）放在查询参数中',
    description: `类型按文件内容识别，单个文件不超过 ${ATTACHMENT_LIMITS.fileBytes / 1048576} MB；与工作人员上传相同的附件规则。`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ description: '{id, name, contentType, size}' })
  async upload(@Param('caseNo') caseNo: string, @Query() q: PublicProofDto, @Req() req: FastifyRequest) {
    const p = proof(caseNo, q);
    if (!req.isMultipart()) throw new AttachmentMissing('missing');
    const part = await req.file({ limits: { fileSize: ATTACHMENT_LIMITS.fileBytes, files: 1, fields: 5, fieldSize: 1000 } });
    if (!part || part.fieldname !== 'file') throw new AttachmentMissing('missing');
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AttachmentTooLarge('file', ATTACHMENT_LIMITS.fileBytes);
      throw e;
    }
    const a = await this.commands.execute(new UploadPublicEvidence(p, { name: part.filename, bytes }));
    return { id: a.id, name: a.name, contentType: a.contentType, size: a.size };
  }

  @Post('cases/:caseNo/withdrawal')
  @HttpCode(200)
  @UseGuards(PublicThrottler)
  @ApiOperation({ summary: '撤回投诉（作出受理决定前）；之后 409' })
  @ApiOkResponse({ description: '{status, statusText}' })
  withdraw(@Param('caseNo') caseNo: string, @Body() dto: WithdrawDto) {
    return this.commands.execute(new WithdrawPublicCase(proof(caseNo, dto), dto.reason ?? null));
  }
}
