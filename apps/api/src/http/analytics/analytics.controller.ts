import { Body, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '#cases';
import {
  DownloadAnalysisReport, DraftWarning, GenerateAnalysisReport, GetHotspots, GetIndicators, GetOverdue, GetAnalysisReport, ListAnalysisReports, ListWarnings,
} from '#analytics-nest';
import { AnalysisReportNotFound } from '#analytics';
import { CurrentActor } from '../auth/auth.js';
import { DraftWarningDto, GenerateAnalysisReportDto, HotspotsQueryDto, IndicatorsQueryDto, UnitQueryDto } from './analytics.dto.js';
import { ApiV1Controller } from '../api-controller.js';
import { Read } from '../routes.js';

const reportId = new ParseUUIDPipe({ exceptionFactory: () => new AnalysisReportNotFound('') });

@ApiV1Controller('analytics')
export class AnalyticsController {
  constructor(private readonly queries: QueryBus, private readonly commands: CommandBus) {}

  @Read('indicators', '指标：按单位（含下级汇总）或按月；口径见 docs/indicators.md')
  indicators(@Query() q: IndicatorsQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetIndicators(actor, q));
  }

  @Read('indicators/overdue', '超期件数（当前未办结且已超期），按单位并列出案件')
  overdue(@Query() q: UnitQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetOverdue(actor, q.unit));
  }

  @Read('hotspots', '投诉热点：大类、问题类别、环比上升、被投诉较多经营者、职业索赔线索（O121 第十七条）')
  hotspots(@Query() q: HotspotsQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetHotspots(actor, q));
  }

  @Post('warnings')
  @ApiOperation({ summary: '依据热点起草消费警示' })
  draftWarning(@Body() dto: DraftWarningDto, @CurrentActor() actor: Actor) {
    return this.commands.execute(new DraftWarning(actor, dto));
  }

  @Read('warnings', '消费警示列表')
  warnings(@Query() q: UnitQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListWarnings(actor, q.unit));
  }

  @Post('reports')
  @ApiOperation({ summary: '生成（或重新生成）某单位某期12315分析报告（O121 第三十八条）' })
  generate(@Body() dto: GenerateAnalysisReportDto, @CurrentActor() actor: Actor) {
    return this.commands.execute(new GenerateAnalysisReport(actor, dto));
  }

  @Read('reports', '分析报告列表')
  reports(@Query() q: UnitQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListAnalysisReports(actor, q.unit));
  }

  @Get('reports/:id')
  report(@Param('id', reportId) id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetAnalysisReport(actor, id));
  }

  @Get('reports/:id/xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  xlsx(@Param('id', reportId) id: string, @CurrentActor() actor: Actor, @Res() res: FastifyReply) {
    return this.download(id, 'xlsx', actor, res);
  }

  @Get('reports/:id/pdf')
  @ApiProduces('application/pdf')
  pdf(@Param('id', reportId) id: string, @CurrentActor() actor: Actor, @Res() res: FastifyReply) {
    return this.download(id, 'pdf', actor, res);
  }

  private async download(id: string, format: 'xlsx' | 'pdf', actor: Actor, res: FastifyReply) {
    const f = await this.queries.execute(new DownloadAnalysisReport(actor, id, format));
    void res.header('Content-Type', f.contentType)
      .header('Content-Disposition', `attachment; filename="report.${format}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .send(f.body);
  }
}
