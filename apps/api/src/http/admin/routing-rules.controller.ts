import { Body, Delete, HttpCode, Patch, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { CASE_TYPES, type Actor } from '#cases';
import { DeleteRoutingRule, ListRoutingRules, SaveRoutingRule } from '#org-nest';
import { CurrentActor } from '../auth/auth.js';
import { Nullable, Optional } from '../input.js';
import { ApiV1Controller } from '../api-controller.js';
import { IdOf, Read } from '../routes.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

class RoutingRuleDto {
  @ApiProperty({ example: '430702', description: '行政区划代码前缀（2–12位数字）；给出乡镇街道代码时可省略（取其前6位）' }) @ValidateIf((o: RoutingRuleDto) => !o.townshipCode || o.regionPrefix !== undefined) @Transform(trim) @IsString() @Matches(/^\d{2,12}$/) regionPrefix!: string;
  @ApiPropertyOptional({ example: '430702001', nullable: true, description: '乡镇街道代码（9位：区县6位 + 乡镇街道3位）；与被投诉人的乡镇街道代码相同即匹配' }) @Nullable() @Transform(trim) @IsString() @Matches(/^\d{9}$/) townshipCode?: string | null;
  @ApiPropertyOptional({ example: ['丹阳', '白马湖'], type: [String], description: '地址关键词（乡镇街道代码不明时）：被投诉人地址含其一即匹配' }) @Optional() @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @MaxLength(30, { each: true }) addressKeywords?: string[];
  @ApiPropertyOptional({ example: 'G05', nullable: true, description: '类别代码前缀；null = 所有类别' }) @Nullable() @IsString() @MaxLength(20) categoryPrefix?: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'true = 仅电商平台；false = 仅非平台；null = 不限' }) @Nullable() @IsBoolean() platform?: boolean | null;
  @ApiPropertyOptional({ enum: CASE_TYPES, nullable: true }) @Nullable() @IsIn(CASE_TYPES) caseType?: string | null;
  @ApiProperty({ description: '承办单位 id', format: 'uuid' }) @IsUUID('all') unitId!: string;
  @ApiPropertyOptional({ default: 0 }) @Optional() @IsInt() @Min(-1000) @Max(1000) priority?: number;
  @ApiPropertyOptional({ default: true }) @Optional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({ description: '依据与说明（派单预览中展示）' }) @Optional() @Transform(trim) @IsString() @MaxLength(1000) note?: string;
}
class RoutingRulePatchDto {
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @Matches(/^\d{2,12}$/) regionPrefix?: string;
  @ApiPropertyOptional({ nullable: true, description: '乡镇街道代码（9位）；null = 不限' }) @Nullable() @Transform(trim) @IsString() @Matches(/^\d{9}$/) townshipCode?: string | null;
  @ApiPropertyOptional({ type: [String], description: '地址关键词；[] = 不限' }) @Optional() @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @MaxLength(30, { each: true }) addressKeywords?: string[];
  @ApiPropertyOptional({ nullable: true }) @Nullable() @IsString() @MaxLength(20) categoryPrefix?: string | null;
  @ApiPropertyOptional({ nullable: true }) @Nullable() @IsBoolean() platform?: boolean | null;
  @ApiPropertyOptional({ enum: CASE_TYPES, nullable: true }) @Nullable() @IsIn(CASE_TYPES) caseType?: string | null;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID('all') unitId?: string;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(-1000) @Max(1000) priority?: number;
  @ApiPropertyOptional() @Optional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @MaxLength(1000) note?: string;
}

@ApiV1Controller('admin', 'admin/routing-rules')
export class RoutingRulesController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Read('', '派单目录：全部派单规则（仅系统管理员）')
  list(@CurrentActor() actor: Actor) {
    return this.queries.execute(new ListRoutingRules(actor));
  }

  @Post()
  @ApiOperation({ summary: '新增派单规则（区划前缀 × 类别前缀 × 平台标志 × 事项类型 → 承办单位，按优先级）' })
  create(@Body() dto: RoutingRuleDto, @CurrentActor() actor: Actor) {
    return this.commands.execute(new SaveRoutingRule(actor, null, dto));
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改派单规则（只改提交的字段）' })
  update(@IdOf('id', '派单规则') id: string, @Body() dto: RoutingRulePatchDto, @CurrentActor() actor: Actor) {
    return this.commands.execute(new SaveRoutingRule(actor, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: '删除派单规则（停用请用 PATCH enabled=false）' })
  async remove(@IdOf('id', '派单规则') id: string, @CurrentActor() actor: Actor) {
    await this.commands.execute(new DeleteRoutingRule(actor, id));
  }
}
