import { Body, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, IsNotEmpty } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppEnv } from '#platform';
import { ATTACHMENT_LIMITS, ATTACHMENT_TYPES, contentDisposition, DOCUMENT_KINDS, type Actor } from '#cases';
import {
  CorrectDocument, DownloadAttachment, GetDocument, GetTemplateVersions, ListAttachments, ListDocuments, ListTemplates, PreviewDocument,
  renderDocumentDocx, renderDocumentPdf, SaveTemplate, UploadAttachment,
} from '#cases-nest';
import { CurrentActor, RequireRole } from '../auth/auth.js';
import { Optional } from '../input.js';
import { ApiV1Controller } from '../api-controller.js';
import { CaseId, IdOf, Read } from '../routes.js';
import { readUpload } from '../upload.js';


export class PreviewQueryDto {
  @ApiProperty({ enum: DOCUMENT_KINDS }) @IsIn(DOCUMENT_KINDS as unknown as string[], { message: 'kind：未知的文书种类' }) kind!: string;
  @ApiPropertyOptional({ description: '不予受理/终止调解：所选法定理由代码' }) @Optional() @IsString() @MaxLength(40) ground?: string;
  @ApiPropertyOptional({ description: '调解书：调解情况（协议内容）' }) @Optional() @IsString() @MaxLength(4000) note?: string;
}
export class CorrectionDto {
  @ApiProperty({ description: '更正后的文书正文' }) @IsString() @IsNotEmpty({ message: 'body：请填写更正后的文书正文' }) @MaxLength(20000) body!: string;
}
export class TemplateDto {
  @ApiProperty({ example: '投诉受理告知书' }) @IsString() @IsNotEmpty({ message: 'title：请填写标题' }) @MaxLength(50) title!: string;
  @ApiProperty({ description: '正文，可用占位符 {{投诉人}} 等（见 placeholders）' }) @IsString() @IsNotEmpty({ message: 'body：请填写正文' }) @MaxLength(20000) body!: string;
}

const truthy = (v: unknown) => v === true || v === 'true' || v === '1' || v === 'on';

@ApiV1Controller('case files', 'cases')
export class CaseFilesController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus, private readonly env: AppEnv) {}

  @Post(':id/attachments')
  @ApiOperation({
    summary: '上传附件（证据材料）',
    description: `multipart/form-data，字段 file（可选字段 sensitive=true：涉及身份信息，如身份证照片）。类型按文件内容识别：${Object.values(ATTACHMENT_TYPES).map((t) => t.label).join('、')}；`
      + `单个文件不超过 ${ATTACHMENT_LIMITS.fileBytes / 1048576} MB，每件案件合计不超过 ${ATTACHMENT_LIMITS.caseBytes / 1048576} MB、${ATTACHMENT_LIMITS.caseFiles} 个。类型不符 415，超限 413。`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, sensitive: { type: 'boolean' } } } })
  @ApiCreatedResponse({ description: '{id, name, contentType, size, sensitive, thumbnail, uploadedAt}' })
  async upload(@CaseId() id: string, @Req() req: FastifyRequest, @Query('sensitive') sensitiveQ: string | undefined, @CurrentActor() actor: Actor) {
    const { name, bytes, fields } = await readUpload(req);
    const field = fields.sensitive as { value?: unknown } | undefined;
    const sensitive = truthy(sensitiveQ) || truthy(field?.value);
    return this.commands.execute(new UploadAttachment(id, actor, { name, bytes, sensitive }));
  }

  @Read(':id/attachments', '附件列表（涉及身份信息的附件仅对可见身份者列出）')
  listAttachments(@CaseId() id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListAttachments(id, actor));
  }

  @Read(':id/attachments/:aid', '下载附件（原文件及其类型；thumb=1 取图片缩略图；inline=1 在浏览器中打开）。每次下载均记录审计')
  @ApiQuery({ name: 'thumb', required: false }) @ApiQuery({ name: 'inline', required: false })
  async download(
    @CaseId() id: string, @IdOf('aid') aid: string, @Query('thumb') thumb: string | undefined, @Query('inline') inline: string | undefined,
    @Req() req: FastifyRequest, @CurrentActor() actor: Actor, @Res() res: FastifyReply,
  ) {
    const f = await this.queries.execute(new DownloadAttachment(id, aid, actor, truthy(thumb), req.ip ?? null));
    const showInline = f.thumbnail || (truthy(inline) && !!ATTACHMENT_TYPES[f.contentType]?.inline);
    void res.header('Content-Type', f.contentType)
      .header('Content-Disposition', contentDisposition(f.name, showInline))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, no-store');
    // a stored file never runs script in our origin (browsers refuse to show a PDF in a sandboxed document, and the
    // allow-list has no scriptable type besides PDF, whose viewer runs apart from the page)
    if (f.contentType !== 'application/pdf') void res.header('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    void res.send(f.bytes);
  }

  @Read(':id/documents', '文书列表：[{id, kind, kindName, number, title, issuedAt, issuer, supersedesId, supersededBy}]')
  @ApiOkResponse({ description: 'kind: acceptanceNotice 受理告知书 | declineNotice 不予受理告知书 | mediationAgreement 调解书 | terminationNotice 终止调解告知书 | reportDecisionNotice 举报处理结果告知书（立案/不予立案） | transferLetter 案件移送函' })
  listDocuments(@CaseId() id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListDocuments(id, actor));
  }

  @Read(':id/documents/preview', '文书预览（按现行模板填入案件信息，不编号、不签发）：确认受理/不予受理/办结前给承办人看')
  preview(@CaseId() id: string, @Query() q: PreviewQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new PreviewDocument(id, q.kind, actor, { ground: q.ground ?? null, note: q.note ?? null }));
  }

  @Read(':id/documents/:did', '文书内容（标题、文号、正文、签发机关、签发时间），供更正时修改')
  document(@CaseId() id: string, @IdOf('did') did: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetDocument(id, did, actor));
  }

  @Get(':id/documents/:did/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: '文书 PDF（A4，内嵌中文字体）' })
  async pdf(@CaseId() id: string, @IdOf('did') did: string, @CurrentActor() actor: Actor, @Res() res: FastifyReply) {
    const d = await this.queries.execute(new GetDocument(id, did, actor));
    void res.header('Content-Type', 'application/pdf').header('Content-Disposition', contentDisposition(`${d.number}${d.title}.pdf`, true))
      .send(await renderDocumentPdf(d, this.env.CHROMIUM_PATH));
  }

  @Get(':id/documents/:did/docx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  @ApiOperation({ summary: '文书 Word 文件（.docx）' })
  async docx(@CaseId() id: string, @IdOf('did') did: string, @CurrentActor() actor: Actor, @Res() res: FastifyReply) {
    const d = await this.queries.execute(new GetDocument(id, did, actor));
    void res.header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('Content-Disposition', contentDisposition(`${d.number}${d.title}.docx`, false))
      .send(await renderDocumentDocx(d));
  }

  @Post(':id/documents/:did/corrections')
  @HttpCode(201)
  @ApiOperation({ summary: '更正文书：签发一份新编号的文书取代原文书（原文书保持不变）' })
  correct(@CaseId() id: string, @IdOf('did') did: string, @Body() dto: CorrectionDto, @CurrentActor() actor: Actor) {
    return this.commands.execute(new CorrectDocument(id, did, actor, dto.body));
  }
}

@ApiV1Controller('admin', 'admin/document-templates')
export class DocumentTemplatesController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: '文书模板（各种类现行版本及可用占位符）' })
  list() {
    return this.queries.execute(new ListTemplates());
  }

  @Get(':kind')
  @RequireRole('admin')
  async get(@Param('kind') kind: string) {
    return (await this.queries.execute(new GetTemplateVersions(kind)))[0];
  }

  @Get(':kind/versions')
  @RequireRole('admin')
  @ApiOperation({ summary: '模板的全部版本（新的在前；版本1为系统内置文本）' })
  versions(@Param('kind') kind: string) {
    return this.queries.execute(new GetTemplateVersions(kind));
  }

  @Put(':kind')
  @RequireRole('admin')
  @ApiOperation({ summary: '修改模板：保存为新版本，此后签发的文书使用新版本，已签发的不变' })
  save(@Param('kind') kind: string, @Body() dto: TemplateDto, @CurrentActor() actor: Actor) {
    return this.commands.execute(new SaveTemplate(kind, actor, dto.title, dto.body));
  }
}
