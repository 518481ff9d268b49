import { Controller, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { ListSmsMessages } from '#platform';
import { RequireRole } from '../auth/auth.js';
import { Optional } from '../input.js';
import { Read } from '../routes.js';

class MessagesQueryDto {
  @ApiProperty({ example: '13812345678', description: '收信手机号' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @IsString() @Matches(/^1[3-9]\d{9}$/, { message: 'to：应为11位手机号' }) to!: string;
  @ApiPropertyOptional({ default: 50 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit: number = 50;
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/messages')
@RequireRole('admin')
export class MessagesController {
  constructor(private readonly queries: QueryBus) {}

  @Read('', '演示短信通道：发往某手机号的短信（新的在前，含正文与验证码）。仅演示通道（SMS_CHANNEL=demo）且仅系统管理员；真实短信网关下为 404')
  list(@Query() q: MessagesQueryDto) {
    return this.queries.execute(new ListSmsMessages(q.to, q.limit ?? 50));
  }
}
