import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { AppEnv, Clock, DomainError, NotFound } from '#platform';
import type { Role } from '../domain/access.js';
import { afterFailedLogin } from '../domain/credentials.js';
import { UserRepository } from './ports.js';

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
  constructor(private readonly users: UserRepository, private readonly clock: Clock, private readonly env: AppEnv) {}

  async verify(username: string, password: string): Promise<SignedInUser> {
    const u = await this.users.byUsername(username);
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
    if (u.failedLogins > 0 || u.lockedUntil) await this.users.clearFailures(u.id);
    return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, unitId: u.unitId };
  }

  /** An admin lifts a lock (and forgets the failures counted so far). */
  async unlock(userId: string): Promise<void> {
    if (!(await this.users.clearFailures(userId))) throw new NotFound('用户', userId);
  }

  private async countFailure(userId: string, now: Date): Promise<void> {
    // The adapter holds a row lock, so concurrent wrong passwords each count.
    await this.users.countFailure(userId, (failed) => {
      const next = afterFailedLogin(failed, this.env.LOGIN_MAX_FAILURES);
      return { failed: next.failed, ...(next.lock ? { lockedUntil: new Date(now.getTime() + this.env.LOGIN_LOCK_MINUTES * 60_000) } : {}) };
    });
  }

  private dummyHash(): Promise<string> {
    // Same argon2 parameters as real hashes (the library's defaults, as SaveUser and the seed use).
    this.dummy ??= hash(randomBytes(18).toString('base64url'));
    return this.dummy;
  }
}
