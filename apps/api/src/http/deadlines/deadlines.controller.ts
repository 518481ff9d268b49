import { Body, Get, HttpCode, NotFoundException, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Forbidden, InvalidInput } from '#platform';
import { PAUSE_REASONS, type Actor } from '#cases';
import {
  DecideExtension, ExplainDeadlines, ListNotifications, ListPendingExtensions, MarkAllNotificationsRead, MarkNotificationRead, PauseClock, RequestExtension, ResumeClock,
} from '#cases-nest';
import { ApplyCalendarNotice, EditCalendarDay, GetCalendarYear, ImportCalendarYear, ListCalendarYears, PreviewCalendarNotice, noticeFileText } from '#deadlines-nest';
import { CurrentActor, RequireRole } from '../auth/auth.js';
import { DATE_PARAM_DOC, Optional, SupportedDatePipe, YEAR_DOC } from '../input.js';
import { SUPPORTED_DATES } from '#contracts';
import { ApiV1Controller } from '../api-controller.js';
import { Action, BusController, CaseId, IdOf, Read } from '../routes.js';

const KINDS = /^[a-zA-Z]{1,40}$/;

class PauseDto {
  @ApiProperty({ enum: PAUSE_REASONS, description: 'testing 检验检测鉴定；suspension 中止；awaitingMaterials 补正材料；rightsHolderIdentification 权利人辨认' })
  @IsIn(PAUSE_REASONS) reason!: string;
  @ApiPropertyOptional({ description: '证据材料文件名' }) @Optional() @IsString() @MaxLength(200) evidence?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(2000) note?: string;
}
class NoteDto {
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(2000) note?: string;
}
class ExtensionDto {
  @ApiProperty({ description: '延长的数量（与期限单位相同）', example: 15 }) @Type(() => Number) @IsInt() @Min(1) @Max(365) amount!: number;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}
class DecisionDto extends NoteDto {
  @ApiProperty() @IsBoolean() approve!: boolean;
}
class NotificationsQuery {
  @ApiPropertyOptional() @Optional() @IsIn(['true', 'false']) unread?: string;
  @ApiPropertyOptional({ default: 50 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}
class ImportDto {
  @ApiProperty({ example: 2027, ...YEAR_DOC }) @Type(() => Number) @IsInt() @Min(SUPPORTED_DATES.minYear) @Max(SUPPORTED_DATES.maxYear) year!: number;
  @ApiProperty({ enum: ['json', 'ics'] }) @IsIn(['json', 'ics']) format!: 'json' | 'ics';
  @ApiProperty({ description: 'JSON：{holidays:[{date,name}], workdays:[{date,name}]}；或 ICS 文本（全天事件，SUMMARY 含“休/班”）' })
  @IsString() @IsNotEmpty() @MaxLength(2_000_000) content!: string;
  @ApiPropertyOptional({ example: '国办发明电〔2026〕X号' }) @Optional() @IsString() @MaxLength(200) source?: string;
}
class NoticeDto {
  @ApiPropertyOptional({ description: '国务院办公厅放假通知全文（或补充通知），粘贴的纯文本；与 fileName/contentBase64 二选一' })
  @Optional() @IsString() @MaxLength(200_000) text?: string;
  @ApiPropertyOptional({ example: '国务院办公厅关于2027年部分节假日安排的通知.docx', description: '上传文件名：.txt（UTF-8）、.html/.htm（从政府网站另存）或 .docx' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(255) fileName?: string;
  @ApiPropertyOptional({ description: '文件内容的 Base64 编码（文件不超过 700 KB）', format: 'byte' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(1_000_000) @Matches(/^[A-Za-z0-9+/\r\n]*={0,2}$/, { message: 'contentBase64：不是有效的 Base64 编码' }) contentBase64?: string;
}
class DayDto {
  @ApiProperty({ enum: ['holiday', 'workday', 'normal'] }) @IsIn(['holiday', 'workday', 'normal']) kind!: 'holiday' | 'workday' | 'normal';
  @ApiPropertyOptional({ example: '春节' }) @Optional() @IsString() @MaxLength(50) name?: string;
}

/** The notice text: pasted, or read from the uploaded file — exactly one of the two. */
async function noticeText(dto: NoticeDto): Promise<string> {
  const file = dto.fileName !== undefined || dto.contentBase64 !== undefined;
  if (file && dto.text !== undefined)
    throw new InvalidInput([{ field: 'text', code: 'TEXT_OR_FILE', message: 'text：粘贴文本与上传文件只能二选一' }]);
  if (!file) {
    if (!dto.text?.trim()) throw new InvalidInput([{ field: 'text', code: 'REQUIRED', message: 'text：请粘贴通知全文或上传通知文件' }]);
    return dto.text;
  }
  if (!dto.fileName) throw new InvalidInput([{ field: 'fileName', code: 'REQUIRED', message: 'fileName：上传文件须附文件名' }]);
  if (!dto.contentBase64) throw new InvalidInput([{ field: 'contentBase64', code: 'REQUIRED', message: 'contentBase64：上传文件内容为空' }]);
  return noticeFileText(dto.fileName, Buffer.from(dto.contentBase64, 'base64'));
}

const requireAdmin = (a: Actor) => { if (a.role !== 'admin') throw new Forbidden('仅管理员可操作'); };

@ApiV1Controller('deadlines')
export class DeadlinesController extends BusController {
  @Read('cases/:id/deadlines', '期限说明：起算、计入的日期、暂停、延期、日历版本、每次变动的依据')
  explain(@CaseId() id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ExplainDeadlines(id, actor));
  }

  @Action('cases/:id/deadlines/:kind/pause', '暂停计时（中止、检验检测鉴定等；须为该规章对该环节允许的事由）')
  pause(@CaseId() id: string, @Param('kind') kind: string, @Body() dto: PauseDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new PauseClock(id, this.kind(kind), dto.reason, dto.evidence ?? null, dto.note ?? null, actor), new ExplainDeadlines(id, actor));
  }

  @Action('cases/:id/deadlines/:kind/resume', '恢复计时（期限按暂停天数顺延）')
  resume(@CaseId() id: string, @Param('kind') kind: string, @Body() dto: NoteDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new ResumeClock(id, this.kind(kind), dto.note ?? null, actor), new ExplainDeadlines(id, actor));
  }

  @Post('cases/:id/deadlines/:kind/extensions')
  @ApiOperation({ summary: '申请延期（期限届满前；剩余不足1个工作日的标记为临期申请）' })
  requestExtension(@CaseId() id: string, @Param('kind') kind: string, @Body() dto: ExtensionDto, @CurrentActor() actor: Actor) {
    return this.commands.execute(new RequestExtension(id, this.kind(kind), dto.amount, dto.reason, actor));
  }

  @Action('cases/:id/extensions/:extensionId/decision', '审批延期（承办单位负责人或上级单位）')
  decide(@CaseId() id: string, @IdOf('extensionId') extId: string, @Body() dto: DecisionDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new DecideExtension(id, extId, dto.approve, dto.note ?? null, actor), new ExplainDeadlines(id, actor));
  }

  @Read('extensions/pending', '待我审批的延期申请')
  pending(@CurrentActor() actor: Actor) {
    return this.queries.execute(new ListPendingExtensions(actor));
  }

  @Read('notifications', '我的通知（临期预警、催办、督办、通报；非紧急通知在工作时间送达）')
  notifications(@Query() q: NotificationsQuery, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListNotifications(actor, q.unread === 'true', q.limit ?? 50));
  }

  @Post('notifications/:id/read')
  @HttpCode(204)
  async read(@IdOf('id') id: string, @CurrentActor() actor: Actor) {
    await this.commands.execute(new MarkNotificationRead(id, actor));
  }

  @Post('notifications/read-all')
  @HttpCode(204)
  @ApiOperation({ summary: '全部标为已读（截至此刻已送达的通知；之后送达的仍为未读）' })
  async readAll(@CurrentActor() actor: Actor) {
    await this.commands.execute(new MarkAllNotificationsRead(actor));
  }

  @Get('admin/calendar/years')
  @RequireRole('admin')
  @ApiOperation({ summary: '已载入的年度放假安排' })
  years(@CurrentActor() actor: Actor) {
    requireAdmin(actor);
    return this.queries.execute(new ListCalendarYears());
  }

  @Get('admin/calendar/years/:year')
  @RequireRole('admin')
  @ApiParam({ name: 'year', ...YEAR_DOC, description: '年份（其余年份 404）' })
  year(@Param('year') year: string, @CurrentActor() actor: Actor) {
    requireAdmin(actor);
    const y = Number(year);
    if (!Number.isInteger(y) || y < SUPPORTED_DATES.minYear || y > SUPPORTED_DATES.maxYear) throw new NotFoundException({ code: 'NOT_FOUND', message: '年份不存在' });
    return this.queries.execute(new GetCalendarYear(y));
  }

  @Post('admin/calendar/import')
  @RequireRole('admin')
  @ApiOperation({ summary: '导入某年国务院放假通知（JSON 或 ICS）；在办期限随后重新计算并记录' })
  import(@Body() dto: ImportDto, @CurrentActor() actor: Actor) {
    requireAdmin(actor);
    return this.commands.execute(new ImportCalendarYear(dto.year, dto.format, dto.content, dto.source ?? `管理员导入（${dto.format.toUpperCase()}）`, actor.userId));
  }

  @Post('admin/calendar/notices/preview')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    summary: '预览放假通知：读出的放假/上班日期、与现行日历（含暂定）相比变动的日期、将要变动的在办期限数',
    description: '返回 {year, title, supplementary, days:[{date, kind: holiday|workday, name}], changes:[{date, from, to, provisional, name}], movedDeadlines, moves}。' +
      '无法完整读懂的文本整体拒绝：400 VALIDATION_FAILED，fields[0] = {field: "text", code: "NOTICE_UNREADABLE", message 含未能读懂的句子}。',
  })
  async previewNotice(@Body() dto: NoticeDto, @CurrentActor() actor: Actor) {
    requireAdmin(actor);
    return this.queries.execute(new PreviewCalendarNotice(await noticeText(dto)));
  }

  @Post('admin/calendar/notices')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    summary: '导入放假通知（按文本读取，与预览同一读法）：写入该年（及其点名的上一年12月日期），在办期限随后重新计算、记录依据并通知承办单位',
    description: '年度通知替换该年全部日期；补充通知（延长春节假期、纪念日调休等）只改动其点名的日期，且该年须已导入。返回与预览相同的内容及 changeId、version。',
  })
  async applyNotice(@Body() dto: NoticeDto, @CurrentActor() actor: Actor) {
    requireAdmin(actor);
    return this.commands.execute(new ApplyCalendarNotice(await noticeText(dto), actor.userId));
  }

  @Put('admin/calendar/days/:date')
  @RequireRole('admin')
  @ApiOperation({ summary: '调整单日：放假 / 调休上班 / 恢复常规' })
  @ApiParam({ name: 'date', ...DATE_PARAM_DOC })
  editDay(@Param('date', new SupportedDatePipe('date')) date: string, @Body() dto: DayDto, @CurrentActor() actor: Actor) {
    requireAdmin(actor);
    return this.commands.execute(new EditCalendarDay(date, dto.kind, dto.name ?? '', actor.userId));
  }

  private kind(k: string): string {
    if (!KINDS.test(k)) throw new NotFoundException({ code: 'NOT_FOUND', message: '期限不存在' });
    return k;
  }
}
