import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class IndicatorsQueryDto {
  @ApiPropertyOptional({ description: '单位ID（默认本人所在单位）；结果含其下级单位汇总' }) @IsOptional() @IsUUID() unit?: string;
  @ApiProperty({ example: '2026-01-01', description: '起始日（含），中国日期' }) @Matches(DATE, { message: '日期格式应为 YYYY-MM-DD' }) from!: string;
  @ApiProperty({ example: '2026-12-31', description: '截止日（含），中国日期' }) @Matches(DATE, { message: '日期格式应为 YYYY-MM-DD' }) to!: string;
  @ApiPropertyOptional({ example: 'unit', description: 'unit | month | unit,month' })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsArray() @ArrayMaxSize(2) @IsIn(['unit', 'month'], { each: true }) groupBy?: ('unit' | 'month')[];
  @ApiPropertyOptional({ example: 'closeOnTimeRate', description: '指标代码（逗号分隔，默认全部）' }) @IsOptional() @IsString() @MaxLength(400) indicator?: string;
}

export class UnitQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() unit?: string;
}

export class HotspotsQueryDto extends UnitQueryDto {
  @ApiProperty({ example: '2026-10-01' }) @Matches(DATE, { message: '日期格式应为 YYYY-MM-DD' }) from!: string;
  @ApiProperty({ example: '2026-10-31' }) @Matches(DATE, { message: '日期格式应为 YYYY-MM-DD' }) to!: string;
}

export class DraftWarningDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() unitId?: string;
  @ApiProperty({ enum: ['category', 'problemType', 'respondent'] }) @IsIn(['category', 'problemType', 'respondent']) kind!: 'category' | 'problemType' | 'respondent';
  @ApiProperty({ example: 'G01', description: '热点的键：大类代码 / 问题类别代码 / 被投诉人统一社会信用代码或名称' }) @IsString() @MaxLength(200) key!: string;
  @ApiProperty({ example: '2026-10-01' }) @Matches(DATE, { message: '日期格式应为 YYYY-MM-DD' }) from!: string;
  @ApiProperty({ example: '2026-10-31' }) @Matches(DATE, { message: '日期格式应为 YYYY-MM-DD' }) to!: string;
}

export class GenerateReportDto {
  @ApiProperty() @IsUUID() unitId!: string;
  @ApiProperty({ enum: ['month', 'quarter', 'year'] }) @IsIn(['month', 'quarter', 'year']) period!: 'month' | 'quarter' | 'year';
  @ApiProperty({ example: '2026-10-01', description: '报告期第一天' }) @Matches(DATE, { message: '日期格式应为 YYYY-MM-DD' }) start!: string;
}
