import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { Prisma } from '#prisma-client';
import { domainError } from '../kernel/domain-error.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { GroupCommit } from '../db/group-commit.js';

/** How long a key is remembered: a retry after this creates anew (clients retry within minutes, operators within a day). */
export const IDEMPOTENCY_TTL_HOURS = 48;

export interface IdempotencyRecord {
  requestHash: string;
  /** Null while the first request runs (or if it died before answering). */
  status: number | null;
  response: unknown;
  /** What a creation committed together with the key (registration: its command result), else null. */
  resource: unknown;
  createdAt: Date;
}

export interface IdempotencyClaim {
  userId: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
}

/** Port: where the first result of each (user, Idempotency-Key) is kept. */
export abstract class IdempotencyKeys {
  /** Takes the key for a first request; false when it is already taken (then `find` tells by what). */
  abstract claim(c: IdempotencyClaim): Promise<boolean>;
  abstract find(userId: string, key: string): Promise<IdempotencyRecord | null>;
  /**
   * Takes over a key whose first request started more than `leaseMs` ago and committed nothing with it (its process
   * died): compare-and-set on its start time, so one retry wins.
   */
  abstract takeOver(userId: string, key: string, createdAt: Date, leaseMs: number): Promise<boolean>;
  abstract complete(userId: string, key: string, status: number, response: unknown): Promise<void>;
  /** Frees a key whose request failed before committing a resource, so a retry runs again. */
  abstract release(userId: string, key: string): Promise<void>;
  abstract purge(olderThanHours: number): Promise<number>;
}

@Injectable()
export class PrismaIdempotencyKeys extends IdempotencyKeys {
  /** Answers recorded together: one UPDATE for the requests that finish at the same moment (see GroupCommit). */
  private readonly completions = new GroupCommit<{ user_id: string; key: string; status: number; response: unknown }>(
    async (items) => {
      await this.prisma.execute(Prisma.sql`
        UPDATE idempotency_keys i SET status = v.status, response = v.response, completed_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS v(user_id uuid, key text, status int, response jsonb)
        WHERE i.user_id = v.user_id AND i.key = v.key`);
      return items.map(() => undefined);
    },
    async (c) => {
      await this.prisma.execute(Prisma.sql`
        UPDATE idempotency_keys SET status = ${c.status}, response = ${JSON.stringify(c.response)}::jsonb, completed_at = now()
        WHERE user_id = ${c.user_id}::uuid AND key = ${c.key}`);
    },
  );

  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async claim(c: IdempotencyClaim): Promise<boolean> {
    // Every write request with a key passes here: straight on the pool (PrismaService.execute).
    const n = await this.prisma.execute(Prisma.sql`
      INSERT INTO idempotency_keys (user_id, key, method, path, request_hash) VALUES (${c.userId}::uuid, ${c.key}, ${c.method}, ${c.path}, ${c.requestHash})
      ON CONFLICT DO NOTHING`);
    return n === 1;
  }

  async find(userId: string, key: string): Promise<IdempotencyRecord | null> {
    return this.prisma.idempotencyKey.findUnique({
      where: { userId_key: { userId, key } },
      select: { requestHash: true, status: true, response: true, resource: true, createdAt: true },
    });
  }

  async takeOver(userId: string, key: string, createdAt: Date, leaseMs: number): Promise<boolean> {
    const n = await this.prisma.$executeRaw`
      UPDATE idempotency_keys SET created_at = now()
      WHERE user_id = ${userId}::uuid AND key = ${key} AND created_at = ${createdAt} AND status IS NULL AND resource IS NULL
        AND created_at < now() - make_interval(secs => ${leaseMs / 1000}::float8)`;
    return n === 1;
  }

  async complete(userId: string, key: string, status: number, response: unknown): Promise<void> {
    await this.completions.submit({ user_id: userId, key, status, response: response ?? null });
  }

  async release(userId: string, key: string): Promise<void> {
    await this.prisma.$executeRaw`DELETE FROM idempotency_keys WHERE user_id = ${userId}::uuid AND key = ${key} AND status IS NULL AND resource IS NULL`;
  }

  async purge(olderThanHours: number): Promise<number> {
    return this.prisma.$executeRaw`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => ${olderThanHours}::int)`;
  }
}

/** The key of the request being served, for a command that commits its result with the key (see RegisterCase). */
export interface IdempotencyContext {
  userId: string;
  key: string;
  /**
   * Set when the key is not claimed yet (a route marked `@CommitsIdempotencyKey()`): the command's own statement
   * claims it together with its result — one statement fewer per request. If the key turns out to be taken, that
   * statement fails whole (IdempotencyInProgress) and the API answers as for any used key.
   */
  claim?: Omit<IdempotencyClaim, 'userId' | 'key'>;
  /** Set when an earlier request with this key already committed: the command returns this instead of acting. */
  committed?: unknown;
}

const scope = new AsyncLocalStorage<IdempotencyContext>();
export const Idempotency = {
  run<T>(ctx: IdempotencyContext, fn: () => T): T {
    return scope.run(ctx, fn);
  },
  current(): IdempotencyContext | undefined {
    return scope.getStore();
  },
};

/** Same key, different request: the client reused a key (a bug on its side); nothing is done. */
export class IdempotencyKeyReused extends domainError('IDEMPOTENCY_KEY_REUSED', () => ({
  message: '该请求标识（Idempotency-Key）已用于另一份不同的请求，请为新的提交生成新的标识',
})) {}

/** Same key while the first request is still running: retry shortly. */
export class IdempotencyInProgress extends domainError('IDEMPOTENCY_IN_PROGRESS', () => ({ message: '相同的请求正在处理中，请稍后重试' })) {}
