import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsNumber, IsObject, IsString, IsUUID, Matches, Max,
  MaxLength, Min, ValidateIf, ValidateNested, registerDecorator,
} from 'class-validator';
import { PLAN_FILE_MAX_BYTES, SUPPORTED_DATES, fieldLabel } from '#contracts';
import { CADENCES } from '#tasks';
import { InDateSpan, Optional, SPAN_DOC, YEAR_DOC } from '../input.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** {"name as written": unitId | null}; null leaves a name that is no unit of ours (e.g. 市消保委秘书处) out. */
function IsUnitMappings() {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isUnitMappings', target: target.constructor, propertyName: property,
      options: { message: `${fieldLabel(property) || '单位对应'}：每个名称应对应一个单位，或标为“不是本系统单位”` },
      validator: {
        validate: (v: unknown) =>
          typeof v === 'object' && v !== null && !Array.isArray(v) &&
          Object.entries(v).every(([k, id]) => k.trim() !== '' && k.length <= 200 && (id === null || (typeof id === 'string' && UUID.test(id)))),
      },
    });
}

/** `text` and `file` are alternatives: exactly one of them. */
function NotWith(other: string) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'notWith', target: target.constructor, propertyName: property,
      options: { message: `不能与 ${other} 同时提供（粘贴全文或上传文件，二选一）` },
      validator: { validate: (_v: unknown, args) => (args?.object as Record<string, unknown>)[other] === undefined },
    });
}

/**
 * Standard base64 with padding, checked in one pass. class-validator's IsBase64 is a backtracking regex that
 * overflows the stack on a multi-megabyte string (a 500 for a file just over the size limit).
 */
function IsBase64Text() {
  return (target: object, property: string) =>
    registerDecorator({ name: 'isBase64', target: target.constructor, propertyName: property, validator: { validate: (v: unknown) => typeof v === 'string' && isBase64Text(v) } });
}
export function isBase64Text(s: string): boolean {
  if (s.length % 4 !== 0) return false;
  const end = s.length - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0);
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47; // A-Z a-z 0-9 + /
    if (!ok) return false;
  }
  return true;
}

class PlanTitleDto {
  @ApiProperty({ example: '常德市市场监督管理局2023年工作要点' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) title!: string;
}

export class PlanFileDto {
  @ApiProperty({ example: '2023年工作要点.docx', description: '文件名；扩展名须为 .txt（UTF-8）或 .docx' })
  @IsString() @IsNotEmpty() @MaxLength(255) name!: string;
  @ApiProperty({ description: `文件内容的 Base64 编码；文件不超过 ${PLAN_FILE_MAX_BYTES / 1024 / 1024} MB`, format: 'byte' })
  @IsString() @IsNotEmpty() @IsBase64Text() contentBase64!: string;
}

export class PreviewPlanDto extends PlanTitleDto {
  @ApiPropertyOptional({ description: '计划全文（UTF-8 纯文本）；与 file 二选一' })
  @ValidateIf((o: PreviewPlanDto) => o.file === undefined || o.text !== undefined)
  @IsString() @IsNotEmpty() @MaxLength(500_000) @NotWith('file') text?: string;
  @ApiPropertyOptional({
    type: PlanFileDto,
    description: '上传的计划文件（.txt 须为 UTF-8；.docx 由 mammoth 提取文字，Word 自动编号按层级补写为“1.”“（1）”）；与 text 二选一。' +
      '文件有误时 400 VALIDATION_FAILED，字段 file.name（UNSUPPORTED_FILE_TYPE）或 file（EMPTY_FILE、FILE_TOO_LARGE、NOT_UTF8、NOT_TEXT、DOCX_UNREADABLE、TEXT_TOO_LONG）',
  })
  @Optional() @IsObject() @ValidateNested() @Type(() => PlanFileDto) file?: PlanFileDto;
}

const DUE_DATE_DOC = `任务完成期限 YYYY-MM-DD（当日24时，北京时间）；不得早于计划年度1月1日、不得晚于次年12月31日，且在 ${SPAN_DOC}。` +
  '有误时 400 VALIDATION_FAILED，代码 DUE_DATE_FORMAT / DUE_DATE_BEFORE_PLAN / DUE_DATE_TOO_LATE / DATE_IN_SPAN';
const CADENCE_DOC = '报送周期：monthly 按月（次月第5个工作日前报送上月进展）、quarterly 按季（下一季度首月第5个工作日前报送上季度进展）、' +
  'none 不定期报送；未知取值 400，代码 UNKNOWN_CADENCE';

/** One item's schedule at confirm: by its 1-based position in the preview's items (= the task's seq). */
export class ItemScheduleDto {
  @ApiProperty({ example: 45, description: '预览 items 中的序位（从1开始，即任务 seq）' }) @Type(() => Number) @IsInt() @Min(1) @Max(10_000) seq!: number;
  @ApiPropertyOptional({ example: '2026-06-30', description: `${DUE_DATE_DOC}；缺省为计划年度12月31日` }) @Optional() @IsString() @InDateSpan() dueDate?: string;
  @ApiPropertyOptional({ enum: CADENCES, example: 'quarterly', description: `${CADENCE_DOC}；缺省 monthly` }) @Optional() @IsString() cadence?: string;
}

export class ConfirmPlanDto extends PlanTitleDto {
  @ApiProperty({ description: '计划全文（UTF-8 纯文本；上传文件时为预览返回的 text）' }) @IsString() @IsNotEmpty() @MaxLength(500_000) text!: string;
  @ApiProperty({ example: 2026, ...YEAR_DOC }) @Type(() => Number) @IsInt() @Min(SUPPORTED_DATES.minYear) @Max(SUPPORTED_DATES.maxYear) year!: number;
  @ApiPropertyOptional({ description: '未匹配名称到单位ID的映射（null 表示不是本系统单位，忽略）；确认后记为单位别名', example: { 市场主体培育专班: '00000000-0000-0000-0000-000000000000' } })
  @Optional() @IsUnitMappings() unitMappings?: Record<string, string | null>;
  @ApiPropertyOptional({
    type: [ItemScheduleDto],
    description: '个别任务的完成期限和报送周期（未列出的任务：计划年度年底、按月）。序位不存在 UNKNOWN_ITEM、重复 DUPLICATE_ITEM（字段 items[i].seq）',
  })
  @Optional() @IsArray() @ArrayMaxSize(10_000) @ValidateNested({ each: true }) @Type(() => ItemScheduleDto) items?: ItemScheduleDto[];
}

/** PATCH /api/v1/tasks/:id: either or both; the checks and their codes are the domain's (checkTaskSchedule). */
export class TaskSchedulePatchDto {
  @ApiPropertyOptional({ example: '2026-09-30', description: `${DUE_DATE_DOC}、DUE_DATE_PASSED（早于今天）` }) @Optional() @IsString() @InDateSpan() dueDate?: string;
  @ApiPropertyOptional({ enum: CADENCES, example: 'quarterly', description: CADENCE_DOC }) @Optional() @IsString() cadence?: string;
}

export class TargetValueDto {
  @ApiProperty() @IsUUID() targetId!: string;
  @ApiProperty({ example: 3.2 }) @IsNumber({ allowNaN: false, allowInfinity: false }) value!: number;
}

export class ProgressReportDto {
  @ApiPropertyOptional({ example: '2026-01', description: `报告月份 YYYY-MM（${SPAN_DOC}）；缺省为本单位最早未报的月份` }) @Optional() @IsString() @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) @InDateSpan() period?: string;
  @ApiProperty({ example: 10, description: '完成进度（%）' }) @IsInt() @Min(0) @Max(100) percent!: number;
  @ApiProperty({ example: '本月完成……' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(10_000) narrative!: string;
  @ApiPropertyOptional({ type: [TargetValueDto], description: '各量化指标的当前值' })
  @Optional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => TargetValueDto) values?: TargetValueDto[];
  @ApiPropertyOptional({ example: ['1月调度表.xlsx'], description: '附件（文件名）' })
  @Optional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(200, { each: true }) attachments?: string[];
  @ApiPropertyOptional({ description: '牵头单位汇总时引用的协办单位报告ID' }) @Optional() @IsArray() @ArrayMaxSize(200) @IsUUID('all', { each: true }) cites?: string[];
}

export class CompleteTaskDto {
  @ApiProperty({ example: '全年目标已完成' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(10_000) summary!: string;
  @ApiProperty({ example: ['年度总结.docx'], description: '佐证材料（文件名），至少一项' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(200, { each: true }) evidence!: string[];
}

export class UnitTasksQueryDto {
  @ApiPropertyOptional({ enum: ['lead', 'co'] }) @Optional() @IsIn(['lead', 'co']) role?: 'lead' | 'co';
}

export class OverdueQueryDto {
  @ApiPropertyOptional() @Optional() @IsUUID() unitId?: string;
}
