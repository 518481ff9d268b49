import { Body, Get, Patch, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min, MinLength, IsUUID } from 'class-validator';
import { Forbidden } from '#platform';
import { PAUSE_REASONS, type Actor } from '#cases';
import { ROLES, UNIT_LEVELS, type Role, type UnitLevel } from '#org';
import { CountLivePolicyDeadlines, ListTimeLimitPolicies, ListTimeLimitPolicyVersions, UpdateTimeLimitPolicy } from '#deadlines-nest';
import { ListUnits, ListUsers, SaveUnit, SaveUser, SignIn } from '#org-nest';
import { CurrentActor, RequireRole, UserStates } from '../auth/auth.js';
import { Nullable, Optional } from '../input.js';
import { ApiV1Controller } from '../api-controller.js';
import { Action, IdOf, Read } from '../routes.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const admin = (a: Actor) => { if (a.role !== 'admin') throw new Forbidden('仅系统管理员可操作'); };

const RUNGS = ['warn', 'due', 'remind', 'supervise', 'notice'] as const;
/** One rung of a ladder (documentation only: the rules live in the domain, `validateLadder` in libs/deadlines). */
class LadderRungDto {
  @ApiProperty({ enum: RUNGS, description: 'warn 临期预警 · due 到期 · remind 催办 · supervise 督办 · notice 通报' }) rung!: (typeof RUNGS)[number];
  @ApiProperty({
    type: 'integer', example: -2,
    description: '相对到期的时间：小时制期限按小时，其余按工作日。临期预警为负数（不早于起算），到期为0，催办/督办/通报为正数且依次递增',
  })
  offset!: number;
}

class PolicyPatchDto {
  @ApiPropertyOptional() @Optional() @IsInt() @Min(1) @Max(3650) amount?: number;
  @ApiPropertyOptional({ description: '只有本地承诺（LOCAL）可以停用' }) @Optional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(1000) legalBasis?: string;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(0) @Max(10) maxExtensions?: number;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(0) @Max(3650) maxExtensionUnits?: number;
  @ApiPropertyOptional({ enum: PAUSE_REASONS, isArray: true }) @Optional() @IsArray() @ArrayMaxSize(10) @IsIn(PAUSE_REASONS, { each: true }) pauseReasons?: string[];
  @ApiPropertyOptional({
    type: [LadderRungDto], nullable: true,
    description: '预警督办阶梯；null 恢复默认阶梯（临期预警 -2、到期、督办 +2、通报 +5 工作日）。法定时限须保留到期档；期间窗口只能设临期预警。' +
      '错误逐项返回（如 fields[].field = "ladder[2].offset"）。修改对在办期限立即生效：新增档位补挂、删除档位不再触发。',
  })
  // Checked by the domain (field-named codes), not here: anything reaches the handler.
  @Nullable() ladder?: LadderRungDto[] | null;
}
class UnitDto {
  @ApiProperty({ example: 'wl-xy', description: '小写字母与连字符' }) @Transform(trim) @IsString() @Matches(/^[a-z][a-z-]{0,39}$/) code!: string;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiProperty({ enum: UNIT_LEVELS }) @IsIn(UNIT_LEVELS) level!: UnitLevel;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) @Nullable() @IsUUID('all') parentId?: string | null;
  @ApiPropertyOptional({ nullable: true }) @Nullable() @Matches(/^\d{6}(\d{3}(\d{3})?)?$/) regionCode?: string | null;
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(100, { each: true }) aliases?: string[];
}
class UnitPatchDto {
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) @Nullable() @IsUUID('all') parentId?: string | null;
  @ApiPropertyOptional({ nullable: true }) @Nullable() @Matches(/^\d{6}(\d{3}(\d{3})?)?$/) regionCode?: string | null;
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(100, { each: true }) aliases?: string[];
}
class UserDto {
  @ApiProperty() @Transform(trim) @IsString() @Matches(/^[a-zA-Z0-9._-]{2,50}$/) username!: string;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(50) displayName!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') unitId!: string;
  @ApiProperty({ minLength: 8 }) @IsString() @MinLength(8) @MaxLength(200) password!: string;
}
class UserPatchDto {
  @ApiPropertyOptional() @Optional() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(50) displayName?: string;
  @ApiPropertyOptional({ enum: ROLES }) @Optional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID('all') unitId?: string;
  @ApiPropertyOptional() @Optional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ minLength: 8 }) @Optional() @IsString() @MinLength(8) @MaxLength(200) password?: string;
}

@ApiV1Controller('admin', 'admin')
@RequireRole('admin')
export class DirectoryController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus, private readonly userStates: UserStates, private readonly signIn: SignIn) {}

  @Read('time-limits', '全部时限规定（法定与本地承诺，含版本）')
  policies(@CurrentActor() actor: Actor) {
    admin(actor);
    return this.queries.execute(new ListTimeLimitPolicies());
  }

  @Patch('time-limits/:id')
  @ApiOperation({ summary: '修改时限规定（版本号递增；期间等修改不影响已起算的期限，预警督办阶梯的修改对在办期限生效）' })
  patchPolicy(@IdOf('id', '时限规定') id: string, @Body() dto: PolicyPatchDto, @CurrentActor() actor: Actor) {
    admin(actor);
    return this.commands.execute(new UpdateTimeLimitPolicy(id, dto, actor.userId));
  }

  @Get('time-limits/:id/live')
  @ApiOperation({ summary: '按此时限规定计时的在办期限数（计时中、暂停、超期未完成）：修改前的确认用', description: '返回 {liveDeadlines}' })
  livePolicyDeadlines(@IdOf('id', '时限规定') id: string, @CurrentActor() actor: Actor) {
    admin(actor);
    return this.queries.execute(new CountLivePolicyDeadlines(id));
  }

  @Get('time-limits/:id/versions')
  @ApiOperation({
    summary: '时限规定的修改历史（新版本在前）：每个版本的完整内容、修改人、修改时间，以及相对上一版本改了哪些字段',
    description: 'changes: [{field, from, to}]；field 为 amount、enabled、legalBasis、ladder（null 表示默认阶梯）、pauseReasons、maxExtensions、maxExtensionUnits 等。' +
      'changedBy 为 null 表示种子数据或升级迁移写入。',
  })
  policyVersions(@IdOf('id', '时限规定') id: string, @CurrentActor() actor: Actor) {
    admin(actor);
    return this.queries.execute(new ListTimeLimitPolicyVersions(id));
  }

  @Get('units')
  units(@CurrentActor() actor: Actor) {
    admin(actor);
    return this.queries.execute(new ListUnits());
  }

  @Post('units')
  @ApiOperation({ summary: '新增单位（市局 → 科室/区县局 → 市场监管所）' })
  createUnit(@Body() dto: UnitDto, @CurrentActor() actor: Actor) {
    admin(actor);
    return this.commands.execute(new SaveUnit(null, dto));
  }

  @Patch('units/:id')
  patchUnit(@IdOf('id', '单位') id: string, @Body() dto: UnitPatchDto, @CurrentActor() actor: Actor) {
    admin(actor);
    return this.commands.execute(new SaveUnit(id, dto));
  }

  @Get('users')
  users(@CurrentActor() actor: Actor) {
    admin(actor);
    return this.queries.execute(new ListUsers());
  }

  @Post('users')
  @ApiOperation({ summary: '新增用户；密码至少8位，不能全是数字、不能是常见密码或与用户名相同' })
  createUser(@Body() dto: UserDto, @CurrentActor() actor: Actor) {
    admin(actor);
    return this.commands.execute(new SaveUser(null, dto));
  }

  @Action('users/:id/unlock', '解锁因连续输错密码而锁定的账号（同时清零错误次数）')
  async unlockUser(@IdOf('id', '用户') id: string, @CurrentActor() actor: Actor) {
    admin(actor);
    await this.signIn.unlock(id);
    return { id, lockedUntil: null };
  }

  @Patch('users/:id')
  @ApiOperation({ summary: '修改用户（角色、单位、停用、重置密码）；密码至少8位，不能全是数字、不能是常见密码或与用户名相同' })
  async patchUser(@IdOf('id', '用户') id: string, @Body() dto: UserPatchDto, @CurrentActor() actor: Actor) {
    admin(actor);
    const saved = await this.commands.execute(new SaveUser(id, dto));
    // Deactivation, a new role or unit: in force for this user's next request, not at token expiry.
    this.userStates.forget(id);
    return saved;
  }
}
