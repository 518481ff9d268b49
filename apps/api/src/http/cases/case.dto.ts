import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean, IsIn, IsInt, IsNotEmpty, IsNumber, IsString, Matches, Max, MaxLength, Min, ValidateNested,
  registerDecorator, IsObject, ValidateIf, IsUUID } from 'class-validator';
import { CASE_TYPES, CHANNELS, CLOSE_OUTCOMES, SATISFACTIONS, CASE_STATUSES, isValidPhone, isValidRegionCode } from '#cases';
import type { CaseType } from '#contracts';
import { OdrIntakeDto } from '../odr/odr-intake.dto.js';
import { Optional, SupportedDateTime } from '../input.js';

function IsPhone() {
  return (target: object, property: string) =>
    registerDecorator({ name: 'isPhone', target: target.constructor, propertyName: property, validator: { validate: (v: unknown) => typeof v === 'string' && isValidPhone(v) } });
}
export function IsRegionCode() {
  return (target: object, property: string) =>
    registerDecorator({ name: 'isRegionCode', target: target.constructor, propertyName: property, validator: { validate: (v: unknown) => typeof v === 'string' && isValidRegionCode(v) } });
}
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ComplainantDto {
  @ApiProperty({ example: '张三' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(50) name!: string;
  @ApiProperty({ example: '13812345678', description: '手机或带区号的座机' }) @Transform(trim) @IsString() @IsPhone() phone!: string;
  @ApiProperty({ example: '常德市武陵区人民路1号' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) address!: string;
}

export class RespondentDto {
  @ApiProperty({ example: '常德市武陵区某某电器商行' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiPropertyOptional({ example: '91430702MA4L0X1234', description: '统一社会信用代码（格式错误拒绝，校验位不符仅警告）或15位注册号' })
  @Optional() @Transform(trim) @IsString() @MaxLength(18) creditCode?: string;
  @ApiProperty({ example: '430702', description: 'GB/T 2260 行政区划代码' }) @Transform(trim) @IsString() @IsRegionCode() regionCode!: string;
  @ApiPropertyOptional({ example: '430702001', description: '乡镇街道代码（9位，以行政区划代码开头）；命中派单目录的乡镇街道规则时直接派往该市场监管所' })
  @Optional() @Transform(trim) @IsString() @Matches(/^\d{9}$/, { message: '乡镇街道代码应为9位数字' }) townshipCode?: string;
  @ApiProperty({ example: '常德市武陵区建设路8号' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) address!: string;
  @ApiPropertyOptional({ description: '电子商务平台经营者' }) @Optional() @IsBoolean() platform?: boolean;
}

/** An inquiry's business, when the question is about one: a general question (咨询) names none, so nothing is required. */
export class InquiryRespondentDto {
  @ApiPropertyOptional({ example: '常德市武陵区某某电器商行' }) @Optional() @Transform(trim) @IsString() @MaxLength(100) name?: string;
  @ApiPropertyOptional({ description: '统一社会信用代码或15位注册号' }) @Optional() @Transform(trim) @IsString() @MaxLength(18) creditCode?: string;
  @ApiPropertyOptional({ example: '430702', description: 'GB/T 2260 行政区划代码（填写时校验）' })
  @Optional() @Transform(trim) @ValidateIf((_, v) => v !== '') @IsString() @IsRegionCode() regionCode?: string;
  @ApiPropertyOptional({ example: '430702001', description: '乡镇街道代码（9位，以行政区划代码开头）' })
  @Optional() @Transform(trim) @IsString() @Matches(/^\d{9}$/, { message: '乡镇街道代码应为9位数字' }) townshipCode?: string;
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @MaxLength(200) address?: string;
  @ApiPropertyOptional() @Optional() @IsBoolean() platform?: boolean;
}

export class RegisterCaseDto {
  @ApiProperty({ enum: CASE_TYPES }) @IsIn(CASE_TYPES) type!: CaseType;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel!: (typeof CHANNELS)[number];
  @SupportedDateTime({ example: '2026-11-20T10:15:00+08:00', description: '收到时间' }) receivedAt!: string;
  @ApiProperty({ type: ComplainantDto, description: '投诉人/举报人；匿名举报（type=report, realName=false）可省略或只填部分' })
  @ValidateIf((o: RegisterCaseDto) => !(o.type === 'report' && o.realName === false)) @IsObject() @ValidateNested() @Type(() => ComplainantDto) complainant!: ComplainantDto;
  @ApiPropertyOptional({ default: true, description: '举报：是否实名。匿名举报不要求姓名、电话' }) @Optional() @IsBoolean() realName?: boolean;
  @ApiPropertyOptional({ example: '430703', description: '举报：违法行为发生地区划代码（按此派单，《市场监督管理投诉举报处理办法》第二十九条）；缺省为被投诉人所在地' }) @Optional() @Transform(trim) @IsString() @IsRegionCode() violationRegionCode?: string;
  @ApiPropertyOptional({ description: '投诉同时举报：登记为两件相互关联的案件（《市场监督管理投诉举报处理办法》第九条）' }) @Optional() @IsBoolean() alsoReport?: boolean;
  @ApiPropertyOptional({ description: '咨询：按派单规则派往承办单位（缺省留在待分派池由接线员答复）' }) @Optional() @IsBoolean() routeInquiry?: boolean;
  @ApiProperty({ type: RespondentDto, description: '被投诉人/被举报人（必填）；咨询（type=inquiry）可省略，或只填已知的部分（InquiryRespondentDto）' })
  @ValidateIf((o: RegisterCaseDto) => o.type !== 'inquiry' || o.respondent !== undefined) @IsObject() @ValidateNested()
  @Type((t) => ((t?.object as { type?: string } | undefined)?.type === 'inquiry' ? InquiryRespondentDto : RespondentDto))
  respondent!: RespondentDto | InquiryRespondentDto;
  @ApiProperty({ example: 'G01', description: 'GET /api/v1/categories 中的代码' }) @IsString() @IsNotEmpty() @MaxLength(20) category!: string;
  @ApiPropertyOptional({ example: 'P01' }) @Optional() @IsString() @MaxLength(20) problemType?: string;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(5000) description!: string;
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @MaxLength(2000) request?: string;
  @ApiPropertyOptional({ description: '涉案金额（元）' }) @Optional() @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) @Min(0) @Max(999_999_999_999) amount?: number;
  @ApiPropertyOptional({ type: OdrIntakeDto, description: '投诉：被投诉人是 ODR 企业时，投诉人是否同意先由企业协商（见 docs/odr.md）' })
  @Optional() @IsObject() @ValidateNested() @Type(() => OdrIntakeDto) odr?: OdrIntakeDto;
}

export class NoteDto {
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(2000) note?: string;
}
export class RequiredNoteDto {
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(5000) note!: string;
}
export class DeclineDto extends NoteDto {
  @ApiProperty({ description: '不予受理理由代码，见 GET /api/v1/legal-grounds', example: 'noAuthority' }) @IsString() @IsNotEmpty() @MaxLength(50) ground!: string;
}
export class CloseDto extends NoteDto {
  @ApiProperty({ enum: CLOSE_OUTCOMES }) @IsIn(CLOSE_OUTCOMES) outcome!: (typeof CLOSE_OUTCOMES)[number];
  @ApiPropertyOptional({ description: '终止调解理由代码（outcome=terminated 时必填）' }) @Optional() @IsString() @MaxLength(50) ground?: string;
  @ApiPropertyOptional({ description: '挽回经济损失（元）' }) @Optional() @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) @Min(0) @Max(999_999_999_999) recoveredAmount?: number;
}
export class CallbackDto extends NoteDto {
  @ApiProperty({ enum: SATISFACTIONS }) @IsIn(SATISFACTIONS) satisfaction!: (typeof SATISFACTIONS)[number];
}
export class DispatchDto extends NoteDto {
  @ApiProperty({ description: '承办单位 id：投诉举报办从待分派池派往承办单位；县级局派往本局所属的市场监管所（否则 409 NOT_A_SUBORDINATE_STATION）', format: 'uuid' })
  @IsUUID('all', { message: '单位 id 格式不正确' }) unitId!: string;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
export class CaseLoadQueryDto {
  @ApiPropertyOptional({ description: '承办单位 id 或代码' }) @Optional() @IsString() @MaxLength(100) unit?: string;
}

export class ListCasesQueryDto {
  @ApiPropertyOptional({ description: '承办单位 id 或代码' }) @Optional() @IsString() unit?: string;
  @ApiPropertyOptional({ description: '状态，可用逗号分隔多个', enum: CASE_STATUSES }) @Optional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsIn(CASE_STATUSES, { each: true }) status?: string[];
  @ApiPropertyOptional({ enum: CASE_TYPES }) @Optional() @IsIn(CASE_TYPES) type?: CaseType;
  @ApiPropertyOptional() @Optional() @Transform(toBool) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ description: 'true：有未解决的管辖争议的案件（O121 第三十三条）；false：没有的' }) @Optional() @Transform(toBool) @IsBoolean() disputed?: boolean;
  @ApiPropertyOptional({ description: '案件编号前缀、被投诉人名称，或电话/证件号码（按身份查询：举报人等受保护身份仅对有权查看者匹配；每人限频（超出 429 IDENTITY_SEARCH_LIMITED），每次均记入身份信息查阅记录）' }) @Optional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ enum: ['received', 'deadline'], default: 'received', description: 'received：收到时间倒序；deadline：最近的未完成期限在前（超期最前），无期限的在后' })
  @Optional() @IsIn(['received', 'deadline']) sort?: 'received' | 'deadline';
  @ApiPropertyOptional({ default: 1 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page: number = 1;
  @ApiPropertyOptional({ default: 20 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize: number = 20;
  @ApiPropertyOptional({ description: '上一页返回的 nextCursor：本页从其最后一件之后开始（按位置翻页，不受页码深度限制；不能与 page 同用）' })
  @Optional() @IsString() @MaxLength(400) cursor?: string;
}
