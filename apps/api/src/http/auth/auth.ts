import {
  type CanActivate, Controller, ForbiddenException, createParamDecorator, type ExecutionContext, HttpCode, Injectable, Post, SetMetadata, UnauthorizedException, Body,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { LRUCache } from 'lru-cache';
import { PrismaService } from '#platform';
import type { Actor } from '#cases';
import { SignIn } from '#org-nest';
import { LoginThrottler } from './login-throttle.js';

const PUBLIC = 'fangxin:public';
export const Public = () => SetMetadata(PUBLIC, true);
const ROLES = 'fangxin:roles';
/** Only these roles may call the route; checked before the body is validated, so others learn nothing. */
export const RequireRole = (...roles: Actor['role'][]) => SetMetadata(ROLES, roles);

const ENTERPRISE = 'fangxin:enterprise';
/**
 * Routes an ODR enterprise account (role `enterprise`, issue 17) may call. Every other route refuses that role
 * (403) before its handler runs: an enterprise reads nothing of the bureau's — no other business's complaints, no
 * reports, no staff data, no statistics but its own — whatever a route's own role checks say.
 */
export const AllowEnterprise = () => SetMetadata(ENTERPRISE, true);

interface TokenClaims { sub: string; unitId: string; role: Actor['role']; name: string }

interface UserState { active: boolean; unitId: string; role: Actor['role'] }

/**
 * Who a token's user is now: a token outlives an admin's change (12 h), so every request checks the account is
 * still active and takes its current role and unit. Cached for a few seconds per user (one PK read per user per
 * TTL, not per request); this process's own user edits forget the entry at once.
 */
@Injectable()
export class UserStates {
  private readonly cache = new LRUCache<string, UserState>({ max: 10_000, ttl: 5_000 });
  constructor(private readonly prisma: PrismaService) {}

  /** Reads under way: the requests of one user that miss together (at expiry, under load) share one read. */
  private readonly flights = new Map<string, Promise<UserState | null>>();

  get(userId: string): Promise<UserState | null> {
    const hit = this.cache.get(userId);
    if (hit) return Promise.resolve(hit);
    const inFlight = this.flights.get(userId);
    if (inFlight) return inFlight;
    const flight: Promise<UserState | null> = this.read(userId).finally(() => {
      if (this.flights.get(userId) === flight) this.flights.delete(userId);
    });
    this.flights.set(userId, flight);
    return flight;
  }

  private async read(userId: string): Promise<UserState | null> {
    const u = await this.prisma.user.findUnique({ where: { id: userId }, select: { active: true, unitId: true, role: true } });
    if (!u) return null;
    const state = { active: u.active, unitId: u.unitId, role: u.role as Actor['role'] };
    this.cache.set(userId, state);
    return state;
  }

  forget(userId: string): void {
    this.cache.delete(userId);
    this.flights.delete(userId);
  }
}

/** Every route needs a bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly jwt: JwtService, private readonly reflector: Reflector, private readonly users: UserStates) {}
  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor; ip?: string }>();
    const m = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    if (!m) throw new UnauthorizedException({ code: 'UNAUTHORIZED', message: '请先登录' });
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(m[1]!);
    } catch {
      throw new UnauthorizedException({ code: 'UNAUTHORIZED', message: '登录已过期，请重新登录' });
    }
    const now = await this.users.get(claims.sub);
    if (!now?.active) throw new UnauthorizedException({ code: 'ACCOUNT_DISABLED', message: '账号已停用，请联系管理员' });
    // ip: for the identity-read audit (who read which identity, from where).
    req.actor = { userId: claims.sub, unitId: now.unitId, role: now.role, ip: req.ip ?? null };
    if (req.actor.role === 'enterprise' && !this.reflector.getAllAndOverride<boolean>(ENTERPRISE, [ctx.getHandler(), ctx.getClass()]))
      throw new ForbiddenException({ code: 'FORBIDDEN', message: '无权访问' });
    const roles = this.reflector.getAllAndOverride<Actor['role'][] | undefined>(ROLES, [ctx.getHandler(), ctx.getClass()]);
    if (roles && !roles.includes(req.actor.role)) throw new ForbiddenException({ code: 'FORBIDDEN', message: '无权访问' });
    return true;
  }
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest<{ actor: Actor }>().actor);

class LoginDto {
  @ApiProperty({ example: 'operator' }) @IsString() @MaxLength(100) username!: string;
  @ApiProperty({ example: 'demo12315' }) @IsString() @MaxLength(200) password!: string;
}
class TokenDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty() user!: { id: string; username: string; displayName: string; role: string; unit: { id: string; code: string; name: string } };
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly prisma: PrismaService, private readonly jwt: JwtService, private readonly signIn: SignIn) {}

  @Public()
  @UseGuards(LoginThrottler)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: '登录',
    description: '同一用户名与来源地址、同一来源地址在时间窗内的尝试次数有上限（超出为429，带 Retry-After）；' +
      '连续输错密码达到上限后账号锁定一段时间（423 ACCOUNT_LOCKED，带 Retry-After），期满或管理员解锁后恢复。',
  })
  @ApiOkResponse({ type: TokenDto })
  @ApiResponse({ status: 401, description: 'BAD_CREDENTIALS 用户名或密码错误' })
  @ApiResponse({ status: 423, description: 'ACCOUNT_LOCKED 账号已锁定' })
  @ApiResponse({ status: 429, description: 'TOO_MANY_ATTEMPTS 登录尝试过于频繁' })
  async login(@Body() dto: LoginDto): Promise<TokenDto> {
    const u = await this.signIn.verify(dto.username, dto.password);
    const unit = await this.prisma.unit.findUniqueOrThrow({ where: { id: u.unitId } });
    const claims: TokenClaims = { sub: u.id, unitId: u.unitId, role: u.role as Actor['role'], name: u.displayName };
    return {
      accessToken: await this.jwt.signAsync(claims),
      user: { id: u.id, username: u.username, displayName: u.displayName, role: u.role, unit: { id: unit.id, code: unit.code, name: unit.name } },
    };
  }
}
