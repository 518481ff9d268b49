// Co-handling (协办) and supervision items (督办/催办), issue 4. See docs/routing.md.
import { Body, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
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
import { Action, BusController, CaseId, IdOf, Read } from '../routes.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

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
export class CoHandlingController extends BusController {
  @Read(':id/co-units', '协办单位及其协办情况')
  coUnits(@CaseId() id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetCoUnits(id, actor));
  }

  @Action(':id/co-units', '增加协办单位（投诉举报办或主办单位负责人）；协办单位可查看案件（举报人信息脱敏）')
  addCoUnits(@CaseId() id: string, @Body() dto: AddCoUnitsDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new AddCoUnits(id, actor, dto.unitIds, dto.note ?? null), new GetCoUnits(id, actor));
  }

  @Action(':id/co-reports', '协办单位反馈协办情况（每个协办单位一份待反馈）')
  coReport(@CaseId() id: string, @Body() dto: CoReportDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new SubmitCoReport(id, actor, dto.text), new GetCoUnits(id, actor));
  }

  @Action(':id/co-units/:unitId/release', '主办单位结束某协办单位的待反馈协办（之后方可办结）')
  release(@CaseId() id: string, @IdOf('unitId') unitId: string, @Body() dto: RequiredNote, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new ReleaseCoUnit(id, actor, unitId, dto.note), new GetCoUnits(id, actor));
  }

  @Read(':id/supervisions', '案件的督办、催办事项')
  supervisions(@CaseId() id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetCaseSupervisions(id, actor));
  }

  @Post(':id/supervisions')
  @ApiOperation({ summary: '督办 / 催办（上级单位负责人或投诉举报办）；承办单位须在期限内（默认3个工作日）反馈' })
  async openSupervision(@CaseId() id: string, @Body() dto: OpenSupervisionDto, @CurrentActor() actor: Actor) {
    const { id: sid } = await this.commands.execute(new OpenSupervision(id, actor, dto.kind, dto.note, dto.responseDays ?? null));
    const all = await this.supervisions(id, actor);
    return all.find((s) => s.id === sid);
  }

  @Action(':id/supervisions/:sid/answer', '承办单位反馈督办、催办事项')
  async answer(@CaseId() id: string, @IdOf('sid') sid: string, @Body() dto: AnswerSupervisionDto, @CurrentActor() actor: Actor) {
    await this.commands.execute(new AnswerSupervision(id, actor, sid, dto.answer));
    const all = await this.supervisions(id, actor);
    return all.find((s) => s.id === sid);
  }
}

@ApiV1Controller('cases: co-handling, supervision', 'supervisions')
export class SupervisionsController {
  constructor(private readonly queries: QueryBus) {}

  @Read('', '本单位的督办、催办事项：本单位发起的（opener）和须本单位反馈的（target）')
  @ApiQuery({ name: 'state', required: false, enum: SUPERVISION_FILTERS, description: 'open 未反馈（含逾期，默认）/ overdue / answered / all' })
  list(@Query('state') state: string | undefined, @CurrentActor() actor: Actor) {
    const s = (SUPERVISION_FILTERS as readonly string[]).includes(state ?? '') ? (state as SupervisionFilter) : 'open';
    return this.queries.execute(new ListSupervisions(actor, s));
  }
}
