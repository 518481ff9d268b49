import { BadRequestException, Body } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsString, MaxLength, IsUUID } from 'class-validator';
import { CaseNotFound, REPORT_DECISION_CODES, RETURN_REASON_CODES, isValidPhone, type Actor, type ReportDecision, type ReturnReason } from '#cases';
import {
  AddVerificationNote, AnswerInquiry, CaseHints, ConvertInquiry, DecideReport, DesignateJurisdiction, GetCase, GetCaseLinks, MergeCase, NotifyReporter,
  RaiseJurisdictionDispute, RecallCase, ReferCaseUp, RejectReturn, ReturnCase, SettleJurisdictionDispute, TakeOverCase, TransferCase, TransferCaseOut,
} from '#cases-nest';
import { CurrentActor } from '../auth/auth.js';
import { Optional } from '../input.js';
import { ApiV1Controller } from '../api-controller.js';
import { Action, BusController, CaseId, Read } from '../routes.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

class ReturnDto {
  @ApiProperty({ enum: RETURN_REASON_CODES, description: 'notOurDuty 非本单位职责 / incomplete 信息不全 / duplicate 重复件 / other 其他（须填 note）' })
  @IsIn(RETURN_REASON_CODES) reason!: ReturnReason;
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @MaxLength(2000) note?: string;
  @ApiPropertyOptional({ description: '建议承办单位 id（供投诉举报办参考；退回只回到投诉举报办）', format: 'uuid' }) @Optional() @IsUUID('all') suggestedUnitId?: string;
}
class ReasonDto {
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}
class RequiredNote {
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(5000) note!: string;
}
class OptionalNote {
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @MaxLength(2000) note?: string;
}
class TransferDto extends ReasonDto {
  @ApiProperty({ description: '转办至的承办单位 id', format: 'uuid' }) @IsUUID('all') unitId!: string;
}
class JurisdictionDisputeDto extends ReasonDto {
  @ApiProperty({ description: '争议对方单位 id（认为其有管辖权，或与本单位均主张管辖）', format: 'uuid' }) @IsUUID('all') otherUnitId!: string;
}
class JurisdictionUnitDto extends RequiredNote {
  @ApiProperty({ description: '确定管辖的单位 id', format: 'uuid' }) @IsUUID('all') unitId!: string;
}
class TransferOutDto {
  @ApiProperty({ example: '常德市公安局武陵分局' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) agency!: string;
  @ApiProperty({ description: '告知投诉人/举报人的文本' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(2000) notice!: string;
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @MaxLength(2000) note?: string;
}
class DecideDto {
  @ApiProperty({ enum: REPORT_DECISION_CODES, description: 'fileCase 立案 / noCase 不予立案' }) @IsIn(REPORT_DECISION_CODES) decision!: ReportDecision;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(5000) note!: string;
}
class AnswerDto {
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(5000) answer!: string;
}
class ConvertDto {
  @ApiProperty({ enum: ['complaint', 'report'] }) @IsIn(['complaint', 'report']) type!: 'complaint' | 'report';
  @ApiPropertyOptional({ default: true, description: '转为举报时是否实名' }) @Optional() @IsBoolean() realName?: boolean;
  @ApiPropertyOptional({ description: '投诉请求' }) @Optional() @Transform(trim) @IsString() @MaxLength(2000) request?: string;
}
class MergeDto {
  @ApiProperty({ description: '并入的案件 id', format: 'uuid' }) @IsUUID('all') intoCaseId!: string;
  @ApiPropertyOptional({ default: false, description: '举报：含新的事实、证据（并案并重新计算核查期限，O121 第三十五条）；否则仅关联不再处理' })
  @Optional() @IsBoolean() newFacts?: boolean;
}
class HintsDto {
  @ApiProperty({ example: '13812345678' }) @Transform(trim) @IsString() @IsNotEmpty() complainantPhone!: string;
  @ApiProperty({ example: '常德市武陵区好运电器商行' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(100) respondentName!: string;
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @MaxLength(18) respondentCreditCode?: string;
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @MaxLength(200) complainantAddress?: string;
  @ApiPropertyOptional({ example: 'G01' }) @Optional() @IsString() @MaxLength(20) category?: string;
}

@ApiV1Controller('cases: hand-offs, reports, inquiries', 'cases')
export class HandoffsController extends BusController {
  @Action('hints', '登记前提示：可能重复（同一电话+同一经营者30日内，可并单）及 O121 第十七条异常模式；仅提示，不作决定。仅限接线员及投诉举报办人员（其他角色 403），只基于本人可见的案件，每次调用均记入身份信息查阅记录')
  hints(@Body() dto: HintsDto, @CurrentActor() actor: Actor) {
    if (!isValidPhone(dto.complainantPhone))
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message: '输入有误：投诉人电话', fields: [{ field: 'complainantPhone', code: 'IS_PHONE', message: '投诉人电话：电话号码格式不正确' }] });
    return this.queries.execute(new CaseHints(actor, dto));
  }

  @Read(':id/links', '关联案件（投诉与举报、咨询转办、并单、重复举报）')
  links(@CaseId() id: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetCaseLinks(id, actor));
  }

  @Action(':id/return', {
    summary: '退回：承办单位退回投诉举报办；市场监管所退回所属县级局（退回期限内，须选择理由；不得自行转送其他单位）',
    description: '市场监管所退回的案件回到县级局（状态 dispatched，县级局的签收与退回期限重新计算），由其再分派到所或自行办理；其他承办单位退回投诉举报办待分派池。',
  })
  async return(@CaseId() id: string, @Body() dto: ReturnDto, @CurrentActor() actor: Actor) {
    await this.commands.execute(new ReturnCase(id, actor, dto.reason, dto.note ?? null, dto.suggestedUnitId ?? null));
    return this.afterMaybeGone(id, actor);
  }

  @Action(':id/reject-return', '退回理由不成立，退回原承办单位（投诉举报办）')
  rejectReturn(@CaseId() id: string, @Body() dto: RequiredNote, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new RejectReturn(id, actor, dto.note), new GetCase(id, actor));
  }

  @Action(':id/transfer', '转办至系统内其他单位（仅投诉举报办）')
  transfer(@CaseId() id: string, @Body() dto: TransferDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new TransferCase(id, actor, dto.unitId, dto.reason), new GetCase(id, actor));
  }

  @Action(':id/transfer-out', '移送其他部门（系统外），记录告知投诉人/举报人的文本')
  transferOut(@CaseId() id: string, @Body() dto: TransferOutDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new TransferCaseOut(id, actor, dto.agency, dto.notice, dto.note ?? null), new GetCase(id, actor));
  }

  @Action(':id/take-over', '提级办理：上级单位负责人接手下级单位的案件（O121 第十三条）')
  takeOver(@CaseId() id: string, @Body() dto: ReasonDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new TakeOverCase(id, actor, dto.reason), new GetCase(id, actor));
  }

  @Action(':id/recall', {
    summary: '收回：县级局（承办人或负责人）收回所属市场监管所承办的案件，由本局办理或再分派',
    description: '案件须由本局所属市场监管所承办（否则 409 NOT_A_SUBORDINATE_STATION）；所未签收的案件收回即视为县级局签收；受理、调解期限照常计算。',
  })
  recall(@CaseId() id: string, @Body() dto: ReasonDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new RecallCase(id, actor, dto.reason), new GetCase(id, actor));
  }

  @Action(':id/refer-up', '报请上级单位办理（O121 第十三条）')
  async referUp(@CaseId() id: string, @Body() dto: ReasonDto, @CurrentActor() actor: Actor) {
    await this.commands.execute(new ReferCaseUp(id, actor, dto.reason));
    return this.afterMaybeGone(id, actor);
  }

  @Action(':id/jurisdiction-dispute', {
    summary: '提出管辖争议：承办单位认为另一单位有管辖权（或双方均主张管辖），自争议之日起7个工作日内协商（O121 第三十三条）',
    description: '承办单位（承办人或负责人）在签收前后、作出受理/立案决定前提出；案件仍由本单位持有，其受理或核查期限照常计算。期满未协商一致的，争议双方共同的上一级单位收到督办并指定管辖。对方为本单位的上级或下级时 409 HANDOFF_REFUSED（应报请上级或由上级收回）；已有未解决的争议时 409 JURISDICTION_DISPUTE。',
  })
  raiseJurisdictionDispute(@CaseId() id: string, @Body() dto: JurisdictionDisputeDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new RaiseJurisdictionDispute(id, actor, dto.otherUnitId, dto.reason), new GetCase(id, actor));
  }

  @Action(':id/jurisdiction-dispute/settle', {
    summary: '管辖争议协商一致：承办单位记录协商结果（本单位继续办理，或由对方单位办理——案件派往对方，对方须签收）',
    description: 'unitId 须为争议双方之一（否则 409 HANDOFF_REFUSED）；没有未解决的争议时 409 JURISDICTION_DISPUTE。',
  })
  async settleJurisdictionDispute(@CaseId() id: string, @Body() dto: JurisdictionUnitDto, @CurrentActor() actor: Actor) {
    await this.commands.execute(new SettleJurisdictionDispute(id, actor, dto.unitId, dto.note));
    return this.afterMaybeGone(id, actor);
  }

  @Action(':id/jurisdiction-dispute/designate', {
    summary: '指定管辖：争议双方共同的上一级单位（或更上级）的负责人、管理人员指定办理单位（O121 第三十三条）',
    description: '可在协商期限内或期满后指定；unitId 须为共同上级单位所辖的承办单位。非共同上级的单位 403；没有未解决的争议时 409 JURISDICTION_DISPUTE。指定其他单位的，案件派往该单位，其签收与退回期限重新计算。',
  })
  designateJurisdiction(@CaseId() id: string, @Body() dto: JurisdictionUnitDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new DesignateJurisdiction(id, actor, dto.unitId, dto.note), new GetCase(id, actor));
  }

  @Action(':id/verification-notes', '举报核查记录')
  verify(@CaseId() id: string, @Body() dto: RequiredNote, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new AddVerificationNote(id, actor, dto.note), new GetCase(id, actor));
  }

  @Action(':id/decide', '举报：立案 / 不予立案（核查期限内）；实名举报人告知期限（如启用）自此起算')
  decide(@CaseId() id: string, @Body() dto: DecideDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new DecideReport(id, actor, dto.decision, dto.note), new GetCase(id, actor));
  }

  @Action(':id/reporter-notice', '已告知实名举报人是否立案（地方保留步骤，O20 第三十一条）')
  reporterNotice(@CaseId() id: string, @Body() dto: OptionalNote, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new NotifyReporter(id, actor, dto.note ?? null), new GetCase(id, actor));
  }

  @Action(':id/answer', '咨询答复并办结（接线员当场答复，或承办单位签收后答复）')
  answer(@CaseId() id: string, @Body() dto: AnswerDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new AnswerInquiry(id, actor, dto.answer), new GetCase(id, actor));
  }

  @Action(':id/convert', '咨询转为投诉或举报（新案件自转换时起算期限，保留关联）')
  async convert(@CaseId() id: string, @Body() dto: ConvertDto, @CurrentActor() actor: Actor) {
    const { id: newId } = await this.commands.execute(new ConvertInquiry(id, actor, dto.type, dto.realName ?? true, dto.request ?? null));
    return { inquiry: await this.after(id, actor), created: await this.queries.execute(new GetCase(newId, { ...actor, role: actor.role === 'admin' ? 'admin' : 'operator' })) };
  }

  @Action(':id/merge', '并单：本案并入另一件未办结的同类案件（举报：同一事实仅关联；新事实并案并重新计算核查期限）')
  merge(@CaseId() id: string, @Body() dto: MergeDto, @CurrentActor() actor: Actor) {
    return this.executeThenRead(new MergeCase(id, actor, dto.intoCaseId, dto.newFacts ?? false), new GetCase(id, actor));
  }

  private after(id: string, actor: Actor) {
    return this.queries.execute(new GetCase(id, actor));
  }

  /** After a hand-off away from the actor's unit the case may no longer be visible to them. */
  private async afterMaybeGone(id: string, actor: Actor) {
    try {
      return await this.after(id, actor);
    } catch (e) {
      if (e instanceof CaseNotFound) return { id, visible: false };
      throw e;
    }
  }
}
