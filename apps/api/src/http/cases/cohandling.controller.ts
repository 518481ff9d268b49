// Co-handling (协办) and supervision items (督办/催办), issue 4. See docs/routing.md.
import { Body, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsNotEmpty, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { SUPERVISION_KINDS, type Actor, type SupervisionKind } from '#cases';
import {
  AddCoUnits, AnswerSupervision, GetCaseSupervisions, GetCoUnits, ListSupervisions, OpenSupervision, ReleaseCoUnit, SubmitCoReport,
  SUPERVISION_FILTERS, type SupervisionFilter,
} from '#cases-nest';
import { CurrentActor } from '../auth/auth.js';
import { Optional } from '../input.js';
import { ApiV1Controller } from '../api-controller.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException({ code: 'CASE_NOT_FOUND', message: '案件不存在' }) });
const anyUuid = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException({ code: 'NOT_FOUND', message: '资源不存在' }) });

class AddCoUnitsDto {
  @ApiProperty({ type: [String], description: '协办单位 id（不能是主办单位或投诉举报办）' })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(20) @IsUUID('all', { each: true }) unitIds!: string[];
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @MaxLength(2000) note?: string;
}
class CoReportDto {
  @ApiProperty({ description: '协办情况' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(5000) text!: string;
}
class RequiredNote {
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(2000) note!: string;
}
class OpenSupervisionDto {
  @ApiProperty({ enum: SUPERVISION_KINDS, description: 'supervise 督办 / remind 催办' }) @IsIn(SUPERVISION_KINDS) kind!: SupervisionKind;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(2000) note!: string;
  @ApiPropertyOptional({ default: 3, description: '反馈期限（工作日，按工作日历）' }) @Optional() @IsInt() @Min(1) @Max(30) responseDays?: number;
}
class AnswerSupervisionDto {
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(5000) answer!: string;
}

@ApiV1Controller('cases: co-handling, supervision', 'cases')
export class CoHandlingController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Get(':id/co-units')
  @ApiOperation({ summary: '协办单位及其协办情况' })
  coUnits(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetCoUnits(id, actor));
  }

  @Post(':id/co-units')
  @HttpCode(200)
  @ApiOperation({ summary: '增加协办单位（投诉举报办或主办单位负责人）；协办单位可查看案件（举报人信息脱敏）' })
  async addCoUnits(@Param('id', uuid) id: string, @Body() dto: AddCoUnitsDto, @CurrentActor() actor: Actor) {
    await this.commands.execute(new AddCoUnits(id, actor, dto.unitIds, dto.note ?? null));
    return this.coUnits(id, actor);
  }

  @Post(':id/co-reports')
  @HttpCode(200)
  @ApiOperation({ summary: '协办单位反馈协办情况（每个协办单位一份待反馈）' })
  async coReport(@Param('id', uuid) id: string, @Body() dto: CoReportDto, @CurrentActor() actor: Actor) {
    await this.commands.execute(new SubmitCoReport(id, actor, dto.text));
    return this.coUnits(id, actor);
  }

  @Post(':id/co-units/:unitId/release')
  @HttpCode(200)
  @ApiOperation({ summary: '主办单位结束某协办单位的待反馈协办（之后方可办结）' })
  async release(@Param('id', uuid) id: string, @Param('unitId', anyUuid) unitId: string, @Body() dto: RequiredNote, @CurrentActor() actor: Actor) {
    await this.commands.execute(new ReleaseCoUnit(id, actor, unitId, dto.note));
    return this.coUnits(id, actor);
  }

  @Get(':id/supervisions')
  @ApiOperation({ summary: '案件的督办、催办事项' })
  supervisions(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetCaseSupervisions(id, actor));
  }

  @Post(':id/supervisions')
  @ApiOperation({ summary: '督办 / 催办（上级单位负责人或投诉举报办）；承办单位须在期限内（默认3个工作日）反馈' })
  async openSupervision(@Param('id', uuid) id: string, @Body() dto: OpenSupervisionDto, @CurrentActor() actor: Actor) {
    const { id: sid } = await this.commands.execute(new OpenSupervision(id, actor, dto.kind, dto.note, dto.responseDays ?? null));
    const all = await this.supervisions(id, actor);
    return all.find((s) => s.id === sid);
  }

  @Post(':id/supervisions/:sid/answer')
  @HttpCode(200)
  @ApiOperation({ summary: '承办单位反馈督办、催办事项' })
  async answer(@Param('id', uuid) id: string, @Param('sid', anyUuid) sid: string, @Body() dto: AnswerSupervisionDto, @CurrentActor() actor: Actor) {
    await this.commands.execute(new AnswerSupervision(id, actor, sid, dto.answer));
    const all = await this.supervisions(id, actor);
    return all.find((s) => s.id === sid);
  }
}

@ApiV1Controller('cases: co-handling, supervision', 'supervisions')
export class SupervisionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: '本单位的督办、催办事项：本单位发起的（opener）和须本单位反馈的（target）' })
  @ApiQuery({ name: 'state', required: false, enum: SUPERVISION_FILTERS, description: 'open 未反馈（含逾期，默认）/ overdue / answered / all' })
  list(@Query('state') state: string | undefined, @CurrentActor() actor: Actor) {
    const s = (SUPERVISION_FILTERS as readonly string[]).includes(state ?? '') ? (state as SupervisionFilter) : 'open';
    return this.queries.execute(new ListSupervisions(actor, s));
  }
}
