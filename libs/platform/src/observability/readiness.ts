import { readdirSync } from 'node:fs';
import type { PrismaService } from '../prisma/prisma.service.js';
import { createRedis, type RedisClient } from '../redis/redis.js';

export interface DependencyStatus { status: 'up' | 'down'; error?: string }
export interface Readiness {
  status: 'ok' | 'error';
  postgres: DependencyStatus;
  redis: DependencyStatus;
  /** Migrations in prisma/migrations not (yet) applied to this database: not ready until `db:migrate` ran. */
  migrations: { status: 'up' | 'down' | 'unknown'; pending?: string[]; error?: string };
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`timeout after ${ms} ms`)), ms).unref())]);

/**
 * Readiness of an API or worker process: PostgreSQL answers, Redis answers, every migration shipped with the code is
 * applied. Each probe has a 2 s budget. Liveness is not this: it needs no dependency (GET /health/live).
 */
export class ReadinessProbe {
  private readonly redis: RedisClient;
  private readonly shipped: string[] | null;

  constructor(private readonly prisma: PrismaService, redisUrl: string, migrationsDir = 'prisma/migrations') {
    this.redis = createRedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n) => Math.min(n * 200, 2000) });
    this.redis.on('error', () => {});
    // Read once: the migrations a process ships with do not change while it runs. No folder (an odd layout): unknown.
    try {
      this.shipped = readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    } catch {
      this.shipped = null;
    }
  }

  async check(): Promise<Readiness> {
    const probe = (p: Promise<unknown>): Promise<DependencyStatus> =>
      within(p, 2000).then(() => ({ status: 'up' as const }), (e: Error) => ({ status: 'down' as const, error: e.message }));
    const [postgres, redis] = await Promise.all([
      probe(this.prisma.$queryRaw`SELECT 1`),
      probe((this.redis.status === 'wait' ? this.redis.connect() : Promise.resolve()).then(() => this.redis.ping())),
    ]);
    const migrations = postgres.status === 'up' ? await this.migrations() : { status: 'unknown' as const };
    const ok = postgres.status === 'up' && redis.status === 'up' && migrations.status !== 'down';
    return { status: ok ? 'ok' : 'error', postgres, redis, migrations };
  }

  private async migrations(): Promise<Readiness['migrations']> {
    if (!this.shipped) return { status: 'unknown' };
    try {
      const rows = await within(this.prisma.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`, 2000);
      const applied = new Set(rows.map((r) => r.migration_name));
      const pending = this.shipped.filter((m) => !applied.has(m));
      return pending.length ? { status: 'down', pending } : { status: 'up' };
    } catch (e) {
      return { status: 'down', error: (e as Error).message };
    }
  }

  close(): void {
    this.redis.disconnect();
  }
}
