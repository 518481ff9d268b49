import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { AppEnv, Clock, DomainError, NotFound, PrismaService } from '#platform';
import type { Role } from '../domain/access.js';
import { afterFailedLogin } from '../domain/credentials.js';

export class BadCredentials extends DomainError {
  readonly code = 'BAD_CREDENTIALS';
  constructor() { super('用户名或密码错误'); }
}

export class AccountLocked extends DomainError {
  readonly code = 'ACCOUNT_LOCKED';
  constructor(until: Date, now: Date) {
    const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
    super(`连续输错密码次数过多，账号已锁定，请${minutes}分钟后再试或联系系统管理员解锁`, {
      lockedUntil: until.toISOString(), retryAfter: Math.ceil((until.getTime() - now.getTime()) / 1000),
    });
  }
}

export interface SignedInUser { id: string; username: string; displayName: string; role: Role; unitId: string }

/**
 * Checks a username and password. Every answer costs one argon2 verification — against a throw-away hash when the
 * user does not exist or is locked — so the time taken does not tell which usernames exist. Wrong passwords are
 * counted in PostgreSQL; LOGIN_MAX_FAILURES in a row lock the account for LOGIN_LOCK_MINUTES (the injected clock).
 */
@Injectable()
export class SignIn {
  private dummy?: Promise<string>;
  constructor(private readonly prisma: PrismaService, private readonly clock: Clock, private readonly env: AppEnv) {}

  async verify(username: string, password: string): Promise<SignedInUser> {
    const u = await this.prisma.user.findUnique({
      where: { username },
      select: { id: true, username: true, displayName: true, role: true, unitId: true, active: true, passwordHash: true, failedLogins: true, lockedUntil: true },
    });
    const now = this.clock.now();
    const locked = u?.lockedUntil && u.lockedUntil > now ? u.lockedUntil : null;
    const target = u && !locked ? u.passwordHash : await this.dummyHash();
    const ok = await verify(target, password).catch(() => false);
    if (!u) throw new BadCredentials();
    if (locked) throw new AccountLocked(locked, now);
    if (!ok) {
      await this.countFailure(u.id, now);
      throw new BadCredentials();
    }
    if (!u.active) throw new BadCredentials();
    if (u.failedLogins > 0 || u.lockedUntil) await this.prisma.user.update({ where: { id: u.id }, data: { failedLogins: 0, lockedUntil: null } });
    return { id: u.id, username: u.username, displayName: u.displayName, role: u.role as Role, unitId: u.unitId };
  }

  /** An admin lifts a lock (and forgets the failures counted so far). */
  async unlock(userId: string): Promise<void> {
    const { count } = await this.prisma.user.updateMany({ where: { id: userId }, data: { failedLogins: 0, lockedUntil: null } });
    if (!count) throw new NotFound('用户', userId);
  }

  private async countFailure(userId: string, now: Date): Promise<void> {
    // Under a row lock, so concurrent wrong passwords each count.
    await this.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ failed_logins: number }[]>`SELECT failed_logins FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
      const next = afterFailedLogin(row?.failed_logins ?? 0, this.env.LOGIN_MAX_FAILURES);
      await tx.user.update({
        where: { id: userId },
        data: { failedLogins: next.failed, ...(next.lock ? { lockedUntil: new Date(now.getTime() + this.env.LOGIN_LOCK_MINUTES * 60_000) } : {}) },
      });
    });
  }

  private dummyHash(): Promise<string> {
    // Same argon2 parameters as real hashes (the library's defaults, as SaveUser and the seed use).
    this.dummy ??= hash(randomBytes(18).toString('base64url'));
    return this.dummy;
  }
}
