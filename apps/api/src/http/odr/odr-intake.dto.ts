import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsUUID } from 'class-validator';
import { Optional } from '../input.js';

/** The ODR part of an intake body (hotline intake and online filing). */
export class OdrIntakeDto {
  @ApiPropertyOptional({ format: 'uuid', description: '从联想列表选中的 ODR 企业 id；缺省时按被投诉人统一社会信用代码匹配' })
  @Optional() @IsUUID('all', { message: 'odr.enterpriseId：企业 id 格式不正确' }) enterpriseId?: string;
  @ApiProperty({ description: '投诉人是否同意先由企业协商处理（记录为事件）' }) @IsBoolean({ message: 'odr.consent：应为 true 或 false' }) consent!: boolean;
}

