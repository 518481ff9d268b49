import { BadRequestException, Body, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PrismaService } from '#platform';
import { REGIMES, type Regime } from '#deadlines';
import { ComputeDeadline, GetTimeLimits } from '#deadlines-nest';
import { ListUnits, PreviewRouting } from '#org-nest';
import { CASE_TYPES, declineGrounds, terminateGrounds, OTHER_ROUTES_NOTICE, isValidRegionCode } from '#cases';
import type { CaseType } from '#contracts';
import { Optional, SupportedDate } from '../input.js';
import { IsRegionCode } from '../cases/case.dto.js';
import { ApiV1Controller } from '../api-controller.js';
import { Action, Read } from '../routes.js';

class DeadlineQueryDto {
  @SupportedDate({ example: '2026-09-30', description: '起始日（不计入）' }) from!: string;
  @ApiProperty({ example: 7, type: 'integer', minimum: 0, maximum: 366, description: '期间（工作日或日历日），最多366' }) @Type(() => Number) @IsInt() @Min(0) @Max(366) amount!: number;
  @ApiProperty({ enum: ['workingDays', 'calendarDays'] }) @IsIn(['workingDays', 'calendarDays']) unit!: 'workingDays' | 'calendarDays';
}
class TimeLimitsQueryDto {
  @ApiProperty({ enum: CASE_TYPES }) @IsIn(CASE_TYPES) caseType!: CaseType;
  @SupportedDate({ example: '2026-04-15', description: '收到日期' }) receivedAt!: string;
}
class GroundsQueryDto {
  @ApiPropertyOptional({ enum: REGIMES, default: 'O121' }) @Optional() @IsIn(REGIMES) regime?: Regime;
}
/** The routing-relevant fields of a registration: the preview runs the same routing function as the save. */
class RoutingPreviewDto {
  @ApiProperty({ example: '430702', description: '被投诉人行政区划代码' }) @IsString() regionCode!: string;
  @ApiProperty({ example: 'G01' }) @IsString() category!: string;
  @ApiPropertyOptional() @Optional() @IsBoolean() platform?: boolean;
  @ApiPropertyOptional({ enum: CASE_TYPES }) @Optional() @IsIn(CASE_TYPES) type?: CaseType;
  @ApiPropertyOptional({ example: '430702001', description: '被投诉人乡镇街道代码（9位）' }) @Optional() @IsString() @Matches(/^\d{9}$/) townshipCode?: string;
  @ApiPropertyOptional({ example: '常德市武陵区丹阳街道某路1号', description: '被投诉人地址（匹配派单规则的地址关键词）' }) @Optional() @IsString() @MaxLength(200) address?: string;
  @ApiPropertyOptional({ example: '430703', description: '举报：违法行为发生地区划代码（按此派单）' }) @Optional() @IsString() @IsRegionCode() violationRegionCode?: string;
  @ApiPropertyOptional({ description: '咨询：是否派往承办单位（默认留待接线员答复）' }) @Optional() @IsBoolean() routeInquiry?: boolean;
}

@ApiV1Controller('reference')
export class ReferenceController {
  constructor(private readonly queries: QueryBus, private readonly prisma: PrismaService) {}

  @Read('units', '单位树（市局、科室、区县局、市场监管所）')
  async units() {
    const units = await this.queries.execute(new ListUnits());
    return units.map((u) => ({ id: u.id, code: u.code, name: u.name, level: u.level, parentId: u.parentId, regionCode: u.regionCode, isIntake: u.isIntake }));
  }

  @Read('categories', '商品/服务分类（中消协 10 类商品、14 类服务）及问题类型')
  async categories() {
    const rows = await this.prisma.category.findMany({ orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] });
    return rows.map((c) => ({ code: c.code, name: c.name, kind: c.kind, parentCode: c.parentCode }));
  }

  @Read('calendar/deadline', '按期间规则计算期限（起始日不计入；日历日期末遇休息日顺延）')
  async deadline(@Query() q: DeadlineQueryDto) {
    const r = await this.queries.execute(new ComputeDeadline(q.from, q.amount, q.unit));
    return {
      dueDate: r.dueDate, dueAt: r.dueAt, provisional: r.provisional,
      ...(r.calendarGaps.length ? { warnings: [{ code: 'CALENDAR_NOT_LOADED', years: r.calendarGaps, message: `${r.calendarGaps.join('、')}年放假安排尚未载入，按法定节假日（含补假）暂定推算，不含调休` }] } : {}),
    };
  }

  @Read('time-limits', '某日收到的事项适用的时限规定（O20 / O121 按收到日期区分）')
  async timeLimits(@Query() q: TimeLimitsQueryDto) {
    const r = await this.queries.execute(new GetTimeLimits(q.caseType, q.receivedAt));
    return {
      regime: r.regime,
      steps: r.steps.map((s) => ({ step: s.step, amount: s.amount, unit: s.unit, startsAt: s.startsAt, legalBasis: s.legalBasis, local: s.regime === 'LOCAL' })),
    };
  }

  @Read('legal-grounds', '不予受理与终止调解的法定理由（按规章版本）')
  grounds(@Query() q: GroundsQueryDto) {
    const regime = q.regime ?? 'O121';
    return { regime, decline: declineGrounds(regime), terminate: terminateGrounds(regime), otherRoutesNotice: OTHER_ROUTES_NOTICE };
  }

  @Action('routing/preview', '派单预览：将派往哪个单位、依据哪条规则')
  preview(@Body() dto: RoutingPreviewDto) {
    if (!isValidRegionCode(dto.regionCode))
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message: '行政区划代码格式不正确', fields: [{ field: 'regionCode', code: 'IS_REGION_CODE', message: '行政区划代码应为6位（或9/12位）数字' }] });
    if (dto.townshipCode && !dto.townshipCode.startsWith(dto.regionCode))
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message: '乡镇街道代码不属于该行政区划', fields: [{ field: 'townshipCode', code: 'TOWNSHIP_CODE', message: `乡镇街道代码应以行政区划代码“${dto.regionCode}”开头` }] });
    return this.queries.execute(new PreviewRouting({
      type: dto.type ?? 'complaint', category: dto.category, violationRegionCode: dto.violationRegionCode || null, routeInquiry: dto.routeInquiry,
      respondent: { regionCode: dto.regionCode, townshipCode: dto.townshipCode ?? null, address: dto.address ?? null, platform: dto.platform ?? false },
    }));
  }
}
