import { Controller, Get, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import type { Actor } from '#cases';
import {
  ComputeDisclosure, GetDisclosure, GetPublicDisclosure, ListDisclosurePeriods, ListPublishedWarnings, PublishWarning, ReleaseDisclosure,
} from '#analytics-nest';
import { NotFound } from '#platform';
import { CurrentActor, Public } from '../auth/auth.js';
import { PublicThrottler } from '../public/public-guards.js';
import { Read } from '../routes.js';

export class PeriodQueryDto {
  @ApiProperty({ example: '2026Q3', description: '季度，YYYYQn' })
  @Matches(/^\d{4}Q[1-4]$/, { message: '季度格式应为 YYYYQn，如 2026Q3' }) period!: string;
}

const warningId = new ParseUUIDPipe({ exceptionFactory: () => new NotFound('消费警示', '') });

/** 消费投诉信息公示 (issue 16 §5), staff side: a manager computes a quarter, reviews it and releases it. */
@ApiTags('disclosure')
@ApiBearerAuth()
@Controller('api/v1')
export class DisclosureController {
  constructor(private readonly queries: QueryBus, private readonly commands: CommandBus) {}

  @Read('disclosure/periods', '投诉信息公示：已生成的季度（草稿与已发布；仅市局分管领导）')
  periods(@CurrentActor() actor: Actor) {
    return this.queries.execute(new ListDisclosurePeriods(actor));
  }

  @Get('disclosure/periods/:period')
  @ApiParam({ name: 'period', example: '2026Q3' })
  @ApiOperation({ summary: '投诉信息公示：某季度的预览（含计数口径）' })
  period(@Param('period') period: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetDisclosure(actor, period));
  }

  @Post('disclosure/periods/:period/compute')
  @ApiParam({ name: 'period', example: '2026Q3' })
  @ApiOperation({ summary: '投诉信息公示：按当前数据生成（或重新生成）某季度草稿；已发布的季度不可修改（409）' })
  compute(@Param('period') period: string, @CurrentActor() actor: Actor) {
    return this.commands.execute(new ComputeDisclosure(actor, period));
  }

  @Post('disclosure/periods/:period/release')
  @ApiParam({ name: 'period', example: '2026Q3' })
  @ApiOperation({ summary: '投诉信息公示：审核后发布某季度（季度结束后；发布后冻结并对社会公开）' })
  release(@Param('period') period: string, @CurrentActor() actor: Actor) {
    return this.commands.execute(new ReleaseDisclosure(actor, period));
  }

  @Post('warnings/:id/publish')
  @ApiOperation({ summary: '发布消费警示（对社会公开；仅市局分管领导）' })
  publishWarning(@Param('id', warningId) id: string, @CurrentActor() actor: Actor) {
    return this.commands.execute(new PublishWarning(actor, id));
  }
}

/** What the bureau publishes, read without a login (rate-limited per client address). */
@ApiTags('public')
@Controller('api/v1/public')
@UseGuards(PublicThrottler)
export class PublicDisclosureController {
  constructor(private readonly queries: QueryBus) {}

  @Public()
  @Read('disclosure', {
    summary: '消费投诉信息公示：已发布季度的经营者投诉量、受理量、调解成功率、平均办理天数（未发布 404）',
    description: 'odrEnterprises：在线消费纠纷解决企业的收到、和解、和解率、按时答复率、平均天数及口径（与 GET /api/v1/odr/figures 同一口径，随季度发布冻结）。',
  })
  @ApiResponse({ status: 404, description: '该季度尚未发布' })
  disclosure(@Query() q: PeriodQueryDto) {
    return this.queries.execute(new GetPublicDisclosure(q.period));
  }

  @Public()
  @Read('disclosure/periods', '已发布公示的季度列表')
  periods() {
    return this.queries.execute(new ListDisclosurePeriods(null));
  }

  @Public()
  @Read('warnings', '已发布的消费警示')
  warnings() {
    return this.queries.execute(new ListPublishedWarnings());
  }
}
