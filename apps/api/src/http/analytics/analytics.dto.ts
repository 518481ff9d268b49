import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { Optional, SupportedDate } from '../input.js';
import { ANALYSIS_REPORT_PERIODS, HOTSPOT_KINDS, type AnalysisReportPeriod, type HotspotKind } from '#analytics';

export class IndicatorsQueryDto {
  @ApiPropertyOptional({ description: '单位ID（默认本人所在单位）；结果含其下级单位汇总' }) @Optional() @IsUUID() unit?: string;
  @SupportedDate({ example: '2026-01-01', description: '起始日（含），中国日期' }) from!: string;
  @SupportedDate({ example: '2026-12-31', description: '截止日（含），中国日期' }) to!: string;
  @ApiPropertyOptional({ example: 'unit', description: 'unit | month | unit,month' })
  @Optional() @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsArray() @ArrayMaxSize(2) @IsIn(['unit', 'month'], { each: true }) groupBy?: ('unit' | 'month')[];
  @ApiPropertyOptional({ example: 'closeOnTimeRate', description: '指标代码（逗号分隔，默认全部）' }) @Optional() @IsString() @MaxLength(400) indicator?: string;
}

export class UnitQueryDto {
  @ApiPropertyOptional() @Optional() @IsUUID() unit?: string;
}

export class HotspotsQueryDto extends UnitQueryDto {
  @SupportedDate({ example: '2026-10-01' }) from!: string;
  @SupportedDate({ example: '2026-10-31' }) to!: string;
}

export class DraftWarningDto {
  @ApiPropertyOptional() @Optional() @IsUUID() unitId?: string;
  @ApiProperty({ enum: HOTSPOT_KINDS }) @IsIn(HOTSPOT_KINDS) kind!: HotspotKind;
  @ApiProperty({ example: 'G01', description: '热点的键：大类代码 / 问题类别代码 / 被投诉人统一社会信用代码或名称' }) @IsString() @MaxLength(200) key!: string;
  @SupportedDate({ example: '2026-10-01' }) from!: string;
  @SupportedDate({ example: '2026-10-31' }) to!: string;
}

export class GenerateAnalysisReportDto {
  @ApiProperty() @IsUUID() unitId!: string;
  @ApiProperty({ enum: ANALYSIS_REPORT_PERIODS }) @IsIn(ANALYSIS_REPORT_PERIODS) period!: AnalysisReportPeriod;
  @SupportedDate({ example: '2026-10-01', description: '报告期第一天' }) start!: string;
}
