import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsNumber, IsObject, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ComplainantDto, RespondentDto } from '../cases/case.dto.js';
import { OdrIntakeDto } from '../odr/odr-intake.dto.js';
import { Optional } from '../input.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const MOBILE = /^(?:\+?86-?)?1[3-9]\d{9}$/;

export class SmsCodeRequestDto {
  @ApiProperty({ example: '13812345678', description: '接收验证码的手机号（大陆手机号）' })
  @Transform(trim) @IsString() @Matches(MOBILE, { message: 'phone：应为11位大陆手机号' }) phone!: string;
  @ApiProperty({ enum: ['file', 'track'], description: 'file 在线投诉举报；track 查询案件' }) @IsIn(['file', 'track'], { message: 'purpose：应为 file 或 track' }) purpose!: 'file' | 'track';
  @ApiPropertyOptional({ description: '图形验证码令牌（POST /api/v1/public/captcha；要求图形验证码时必填）' }) @Optional() @IsString() @MaxLength(64) captchaToken?: string;
  @ApiPropertyOptional({ description: '图形验证码答案' }) @Optional() @IsString() @MaxLength(16) captchaAnswer?: string;
}

/** The complainant of an online filing: the intake's party rules, and a mobile phone (it receives the codes). */
export class PublicComplainantDto extends ComplainantDto {
  @ApiProperty({ example: '13812345678', description: '手机号（接收验证码、案件编号和查询码）' })
  @Matches(MOBILE, { message: 'complainant.phone：应为11位大陆手机号' }) declare phone: string;
}
export class PublicRespondentDto extends PickType(RespondentDto, ['name', 'creditCode', 'regionCode', 'address'] as const) {}

export class PublicFilingDto {
  @ApiProperty({ enum: ['complaint', 'report', 'inquiry'], description: '投诉 / 举报 / 咨询' }) @IsIn(['complaint', 'report', 'inquiry']) type!: 'complaint' | 'report' | 'inquiry';
  @ApiProperty({ example: '123456', description: '短信验证码（purpose=file）' }) @Transform(trim) @IsString() @Matches(/^\d{6}$/, { message: 'smsCode：应为6位数字验证码' }) smsCode!: string;
  @ApiProperty({ type: PublicComplainantDto }) @IsObject() @ValidateNested() @Type(() => PublicComplainantDto) complainant!: PublicComplainantDto;
  @ApiProperty({ type: PublicRespondentDto }) @IsObject() @ValidateNested() @Type(() => PublicRespondentDto) respondent!: PublicRespondentDto;
  @ApiProperty({ example: 'G01', description: 'GET /api/v1/public/categories 中的代码' }) @IsString() @IsNotEmpty() @MaxLength(20) category!: string;
  @ApiProperty({ description: '事实经过' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(5000) description!: string;
  @ApiPropertyOptional({ description: '具体诉求' }) @Optional() @Transform(trim) @IsString() @MaxLength(2000) request?: string;
  @ApiPropertyOptional({ description: '涉案金额（元）' }) @Optional() @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) @Min(0) @Max(999_999_999_999) amount?: number;
  @ApiPropertyOptional({ type: OdrIntakeDto, description: '投诉：被投诉人是 ODR 企业时，投诉人是否同意先由企业协商（见 docs/odr.md）' })
  @Optional() @IsObject() @ValidateNested() @Type(() => OdrIntakeDto) odr?: OdrIntakeDto;
}

/** Proof of the case: the phone it was filed with and one of query code, a `track` SMS code, or the token of a tracking session. */
export class PublicProofDto {
  @ApiProperty({ example: '13812345678' }) @Transform(trim) @IsString() @Matches(MOBILE, { message: 'phone：应为11位大陆手机号' }) phone!: string;
  @ApiPropertyOptional({ description: '查询码（登记成功时显示并以短信发送）' }) @Optional() @Transform(trim) @IsString() @MaxLength(16) queryCode?: string;
  @ApiPropertyOptional({ description: '短信验证码（purpose=track）' }) @Optional() @Transform(trim) @IsString() @Matches(/^\d{6}$/, { message: 'smsCode：应为6位数字验证码' }) smsCode?: string;
  @ApiPropertyOptional({ description: '查询结果中的 token（30分钟内有效）' }) @Optional() @IsString() @MaxLength(400) token?: string;
}

export class SupplementDto extends PublicProofDto {
  @ApiProperty({ description: '补充说明' }) @Transform(trim) @IsString() @IsNotEmpty({ message: 'text：请填写补充内容' }) @MaxLength(5000) text!: string;
}
export class WithdrawDto extends PublicProofDto {
  @ApiPropertyOptional({ description: '撤回原因' }) @Optional() @Transform(trim) @IsString() @MaxLength(500) reason?: string;
}
