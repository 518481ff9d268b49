import {
  type CanActivate, Controller, ForbiddenException, createParamDecorator, type ExecutionContext, HttpCode, Injectable, Post, SetMetadata, UnauthorizedException, Body,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { verify } from '@node-rs/argon2';
import { PrismaService } from '#platform';
import type { Actor } from '#cases';

const PUBLIC = 'fangxin:public';
export const Public = () => SetMetadata(PUBLIC, true);
const ROLES = 'fangxin:roles';
/** Only these roles may call the route; checked before the body is validated, so others learn nothing. */
export const RequireRole = (...roles: Actor['role'][]) => SetMetadata(ROLES, roles);

interface TokenClaims { sub: string; unitId: string; role: Actor['role']; name: string }

/** Every route needs a bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly jwt: JwtService, private readonly reflector: Reflector) {}
  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const m = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    if (!m) throw new UnauthorizedException({ code: 'UNAUTHORIZED', message: '请先登录' });
    try {
      const c = await this.jwt.verifyAsync<TokenClaims>(m[1]!);
      req.actor = { userId: c.sub, unitId: c.unitId, role: c.role };
    } catch {
      throw new UnauthorizedException({ code: 'UNAUTHORIZED', message: '登录已过期，请重新登录' });
    }
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
  constructor(private readonly prisma: PrismaService, private readonly jwt: JwtService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenDto })
  async login(@Body() dto: LoginDto): Promise<TokenDto> {
    const u = await this.prisma.user.findUnique({ where: { username: dto.username } });
    if (!u || !u.active || !(await verify(u.passwordHash, dto.password).catch(() => false)))
      throw new UnauthorizedException({ code: 'BAD_CREDENTIALS', message: '用户名或密码错误' });
    const unit = await this.prisma.unit.findUniqueOrThrow({ where: { id: u.unitId } });
    const claims: TokenClaims = { sub: u.id, unitId: u.unitId, role: u.role as Actor['role'], name: u.displayName };
    return {
      accessToken: await this.jwt.signAsync(claims),
      user: { id: u.id, username: u.username, displayName: u.displayName, role: u.role, unit: { id: unit.id, code: unit.code, name: unit.name } },
    };
  }
}
