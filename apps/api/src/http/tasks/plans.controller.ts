import { Body, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiOperation } from '@nestjs/swagger';
import type { Viewer } from '#org';
import {
  CompleteTask, ConfirmPlan, GetPlan, GetPlanIndicators, GetTask, GetTaskTimeline, ListOverdueProgressReports, ListPlans, ListUnitTasks,
  ListWorkNotices, PreviewPlan, SetTaskSchedule, SubmitProgressReport,
} from '#tasks-nest';
import { CurrentActor } from '../auth/auth.js';
import { CompleteTaskDto, ConfirmPlanDto, OverdueQueryDto, PreviewPlanDto, ProgressReportDto, TaskSchedulePatchDto, UnitTasksQueryDto } from './plan.dto.js';
import { ApiV1Controller } from '../api-controller.js';
import { Action, IdOf, Read } from '../routes.js';

// Route body limits (the app's default is 1 MiB; apps/api/src/app.ts applies `config.bodyLimit`): a preview carries
// a file of up to 5 MB as base64 (4/3 larger); a confirm carries up to 500,000 characters of text (3 bytes each in
// UTF-8 for Chinese) plus the unit mappings. A larger file reaches the DTO and gets FILE_TOO_LARGE naming `file`.
const PREVIEW_BODY_LIMIT = 8 * 1024 * 1024;
const CONFIRM_BODY_LIMIT = 2 * 1024 * 1024;


@ApiV1Controller('work-plans', 'plans')
export class PlansController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Post('preview')
  @HttpCode(200)
  @RouteConfig({ bodyLimit: PREVIEW_BODY_LIMIT })
  @ApiOperation({
    summary: '预览导入（管理员）：解析全部工作要点、牵头/协办单位、量化指标，列出未匹配的单位名称；不保存',
    description: '粘贴全文（text）或上传文件（file：.txt UTF-8 / .docx，Base64，≤5 MB）二选一；上传文件时响应另含提取出的 text，确认导入时原样提交。',
  })
  preview(@Body() dto: PreviewPlanDto, @CurrentActor() actor: Viewer) {
    const source = dto.file
      ? { file: { name: dto.file.name, content: Buffer.from(dto.file.contentBase64, 'base64') } }
      : { text: dto.text! };
    return this.queries.execute(new PreviewPlan(dto.title, source, actor));
  }

  @Post()
  @RouteConfig({ bodyLimit: CONFIRM_BODY_LIMIT })
  @ApiOperation({
    summary: '确认导入（管理员）：创建计划和任务；仍有未匹配单位时 400（字段 unitMappings）',
    description: '可用 items 为个别任务指定完成期限（dueDate）和报送周期（cadence）；未指定的任务为计划年度年底、按月报送。',
  })
  confirm(@Body() dto: ConfirmPlanDto, @CurrentActor() actor: Viewer) {
    const items = dto.items?.map((i) => ({ seq: i.seq, ...(i.dueDate != null ? { dueDate: i.dueDate } : {}), ...(i.cadence != null ? { cadence: i.cadence } : {}) }));
    return this.commands.execute(new ConfirmPlan({ title: dto.title, year: dto.year, text: dto.text, unitMappings: dto.unitMappings, items }, actor));
  }

  @Read('', '工作计划列表')
  list() {
    return this.queries.execute(new ListPlans());
  }

  @Read(':id', '计划的全部任务：牵头/协办单位、状态、最新进展、指标达成')
  get(@IdOf('id', '工作计划') id: string) {
    return this.queries.execute(new GetPlan(id));
  }

  @Read(':id/overdue-reports', '逾期未报的月度进展报告（含是否已报办公室督办）')
  overdue(@IdOf('id', '工作计划') id: string, @Query() q: OverdueQueryDto) {
    return this.queries.execute(new ListOverdueProgressReports(id, q.unitId));
  }

  @Read(':id/indicators', '按单位的进展报告按时报送率和任务完成率，按单位树（市→区县→所）汇总；口径见 docs/work-plan.md')
  indicators(@IdOf('id', '工作计划') id: string) {
    return this.queries.execute(new GetPlanIndicators(id));
  }
}

@ApiV1Controller('work-plans', 'tasks')
export class WorkTasksController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Read(':id', '任务详情：责任单位、指标、全部进展报告和各月报送期限')
  get(@IdOf('id', '工作任务') id: string) {
    return this.queries.execute(new GetTask(id));
  }

  @Read(':id/timeline', '任务时间线：谁、哪个单位、何时、做了什么、依据')
  timeline(@IdOf('id', '工作任务') id: string) {
    return this.queries.execute(new GetTaskTimeline(id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: '调整任务的完成期限和报送周期（管理员、局办公室负责人、市局领导）',
    description: '重新安排进展报告：尚未到期且新周期不再要求的报告取消（其期限停止计时），新周期的报告生成期限并布设预警/督办；' +
      '已报送和已到期的报告保留；记入任务时间线（TaskScheduleChanged）。已办结的任务 409 INVALID_TRANSITION；无权 403；输入有误 400（fields 指明字段和代码）。',
  })
  schedule(@IdOf('id', '工作任务') id: string, @Body() dto: TaskSchedulePatchDto, @CurrentActor() actor: Viewer) {
    return this.commands.execute(new SetTaskSchedule(id, {
      ...(dto.dueDate != null ? { dueDate: dto.dueDate } : {}), ...(dto.cadence != null ? { cadence: dto.cadence } : {}),
    }, actor));
  }

  @Post(':id/reports')
  @ApiOperation({ summary: '报送月度进展（牵头单位或协办单位；牵头单位可引用协办单位报告汇总）' })
  report(@IdOf('id', '工作任务') id: string, @Body() dto: ProgressReportDto, @CurrentActor() actor: Viewer) {
    return this.commands.execute(new SubmitProgressReport(id, { ...dto, values: dto.values?.map((v) => ({ ...v })) }, actor));
  }

  @Action(':id/complete', '办结（牵头单位，须附佐证材料）')
  complete(@IdOf('id', '工作任务') id: string, @Body() dto: CompleteTaskDto, @CurrentActor() actor: Viewer) {
    return this.commands.execute(new CompleteTask(id, dto.summary, dto.evidence, actor));
  }
}

@ApiV1Controller('work-plans', 'units')
export class UnitTasksController {
  constructor(private readonly queries: QueryBus) {}

  @Read(':id/tasks', '单位的工作任务（role=lead 牵头 / co 协办）及本单位报送情况')
  tasks(@IdOf('id', '单位') id: string, @Query() q: UnitTasksQueryDto, @CurrentActor() actor: Viewer) {
    return this.queries.execute(new ListUnitTasks(id, q.role, actor));
  }

  @Read(':id/work-notices', '发给本单位的催报提醒（牵头单位）和督办（办公室）')
  notices(@IdOf('id', '单位') id: string, @CurrentActor() actor: Viewer) {
    return this.queries.execute(new ListWorkNotices(id, actor));
  }
}
