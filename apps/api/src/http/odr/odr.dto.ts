import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested,
} from 'class-validator';
import { ODR_ENTERPRISE_STATUSES, type OdrEnterpriseStatus } from '#contracts';
import { Optional, SupportedDate } from '../input.js';
import { PublicProofDto } from '../public/public.dto.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const PHONE = /^(?:\+?86-?)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/;

export class OdrContactBodyDto {
  @ApiProperty({ example: '王经理' }) @Transform(trim) @IsString() @IsNotEmpty({ message: 'name：请填写联系人姓名' }) @MaxLength(50) name!: string;
  @ApiProperty({ example: '13812345678', description: '手机或固定电话' }) @Transform(trim) @IsString() @Matches(PHONE, { message: 'phone：应为手机号或固定电话' }) phone!: string;
}

export class CreateOdrEnterpriseDto {
  @ApiProperty({ example: '某某商贸有限公司' }) @Transform(trim) @IsString() @IsNotEmpty({ message: 'name：请填写企业名称' }) @MaxLength(200) name!: string;
  @ApiProperty({ example: '91430703MA4L0XXXXX', description: '统一社会信用代码（格式错误拒绝，校验位不符提示）' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(18) creditCode!: string;
  @ApiProperty({ type: [String], description: '门店/品牌（至少一个）', example: ['步步高广场店'] })
  @IsArray() @ArrayMinSize(1, { message: 'stores：至少填写一个门店或品牌' }) @ArrayMaxSize(200) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(200, { each: true }) stores!: string[];
  @ApiProperty({ type: [OdrContactBodyDto], description: '联系人（至少一个）' })
  @IsArray() @ArrayMinSize(1, { message: 'contacts：至少填写一个联系人' }) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => OdrContactBodyDto) contacts!: OdrContactBodyDto[];
}

export class UpdateOdrEnterpriseDto {
  @ApiPropertyOptional({ enum: ODR_ENTERPRISE_STATUSES, description: 'active 恢复 / suspended 暂停 / removed 移除（不可恢复，历史保留）' })
  @Optional() @IsIn(ODR_ENTERPRISE_STATUSES, { message: 'status：应为 active、suspended 或 removed' }) status?: OdrEnterpriseStatus;
  @ApiPropertyOptional({ description: '变更原因' }) @Optional() @Transform(trim) @IsString() @MaxLength(500) reason?: string;
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsArray() @ArrayMinSize(1, { message: 'stores：至少填写一个门店或品牌' }) @ArrayMaxSize(200) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(200, { each: true }) stores?: string[];
  @ApiPropertyOptional({ type: [OdrContactBodyDto] }) @Optional() @IsArray() @ArrayMinSize(1, { message: 'contacts：至少填写一个联系人' }) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => OdrContactBodyDto) contacts?: OdrContactBodyDto[];
}

export class CreateOdrEnterpriseUserDto {
  @ApiProperty({ example: 'bbg-odr' }) @Transform(trim) @IsString() @Matches(/^[A-Za-z0-9_.-]{3,50}$/, { message: 'username：3–50位字母、数字或 _ . -' }) username!: string;
  @ApiProperty({ example: '步步高客服' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(100) displayName!: string;
  @ApiProperty({ example: 'demo12315', description: '初始密码（至少8位）' }) @IsString() @MinLength(8, { message: 'password：至少8位' }) @MaxLength(200) password!: string;
}

export class OdrSuggestQueryDto {
  @ApiProperty({ description: '企业名称、门店/品牌或统一社会信用代码的一部分（至少2个字符）' })
  @Transform(trim) @IsString() @MinLength(2, { message: 'q：至少输入2个字符' }) @MaxLength(100) q!: string;
}

export class OdrEnterpriseListQueryDto {
  @ApiPropertyOptional({ enum: ODR_ENTERPRISE_STATUSES }) @Optional() @IsIn(ODR_ENTERPRISE_STATUSES, { message: 'status：应为 active、suspended 或 removed' }) status?: OdrEnterpriseStatus;
}

export class OdrReplyDto {
  @ApiProperty({ enum: ['offer', 'refusal'], description: 'offer 提出和解方案；refusal 拒绝（须说明理由，案件转市场监管部门）' })
  @IsIn(['offer', 'refusal'], { message: 'kind：应为 offer 或 refusal' }) kind!: 'offer' | 'refusal';
  @ApiProperty({ description: '方案内容或拒绝理由' }) @Transform(trim) @IsString() @IsNotEmpty({ message: 'text：请填写方案内容或拒绝理由' }) @MaxLength(5000) text!: string;
}

export class OdrSettleDto {
  @ApiProperty({ description: '双方达成的和解内容' }) @Transform(trim) @IsString() @IsNotEmpty({ message: 'agreement：请填写和解内容' }) @MaxLength(5000) agreement!: string;
}

export class OdrStaffDecisionDto {
  @ApiProperty({ description: 'true 消费者确认和解；false 不接受（转市场监管部门）' }) @IsBoolean({ message: 'accept：应为 true 或 false' }) accept!: boolean;
  @ApiPropertyOptional({ description: '记录说明（如电话确认）' }) @Optional() @Transform(trim) @IsString() @MaxLength(2000) note?: string;
}

export class PublicOdrDecisionDto extends PublicProofDto {
  @ApiProperty({ description: 'true 确认和解；false 不接受（转市场监管部门处理）' }) @IsBoolean({ message: 'accept：应为 true 或 false' }) accept!: boolean;
}

export class OdrFiguresQueryDto {
  @SupportedDate({ example: '2026-11-01', description: '起始日（含，按转交企业日期）' }) from!: string;
  @SupportedDate({ example: '2026-11-30', description: '截止日（含）' }) to!: string;
  @ApiPropertyOptional({ format: 'uuid', description: '只看一个企业（管理人员）' }) @Optional() @IsUUID('all', { message: 'enterpriseId：企业 id 格式不正确' }) enterpriseId?: string;
}
