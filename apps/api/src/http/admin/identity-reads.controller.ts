import { Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import type { Actor } from '#cases';
import { ListIdentityReads } from '#cases-nest';
import { CurrentActor, RequireRole } from '../auth/auth.js';
import { Optional, SupportedDate } from '../input.js';
import { ApiV1Controller } from '../api-controller.js';
import { Read } from '../routes.js';

class IdentityReadsQueryDto {
  @SupportedDate({ required: false, example: '2026-12-01', description: '起始日期（含，北京时间）' }) @Optional() from?: string;
  @SupportedDate({ required: false, example: '2026-12-31', description: '截止日期（含，北京时间）' }) @Optional() to?: string;
  @ApiPropertyOptional({ description: '查阅人（用户 id）' }) @Optional() @IsUUID('all', { message: 'userId：应为用户 id' }) userId?: string;
  @ApiPropertyOptional({ description: '案件 id' }) @Optional() @IsUUID('all', { message: 'caseId：应为案件 id' }) caseId?: string;
  @ApiPropertyOptional({ default: 1 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page: number = 1;
  @ApiPropertyOptional({ default: 50 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize: number = 50;
}

@ApiV1Controller('admin', 'admin/identity-reads')
@RequireRole('auditor', 'admin')
export class IdentityReadsController {
  constructor(private readonly queries: QueryBus) {}

  @Read('', '身份信息查阅记录（举报人等受保护身份的每次查阅、按身份查询、登记提示）：谁、何时、哪件案件、来源地址。仅审计员、系统管理员')
  list(@Query() q: IdentityReadsQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListIdentityReads(actor, { ...q, page: q.page ?? 1, pageSize: q.pageSize ?? 50 }));
  }
}
