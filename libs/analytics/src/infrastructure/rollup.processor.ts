import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppEnv, NotifiedConsumer, PrismaService, drainInBatches } from '#platform';
import { CalendarStore } from '#deadlines-nest';
import { COUNTERS, COUNTER_COLUMNS, type Counters, type FoldEvent, foldCase, zeroCounters } from '../domain/index.js';
import { naiveDailySql } from './naive.sql.js';

export const ANALYTICS_CHANNEL = 'fangxin_analytics';
const LOCK_KEY = 72123166;

type RawTx = { $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number> };

async function upsert(tx: RawTx, table: string, dateCol: string, acc: Map<string, Counters>): Promise<void> {
  const keys = [...acc.keys()];
  const cols = COUNTERS.map((k) => COUNTER_COLUMNS[k]);
  const params: unknown[] = [keys.map((k) => k.split('|')[0]), keys.map((k) => k.split('|')[1])];
  for (const k of COUNTERS) params.push(keys.map((key) => (k === 'recoveredCents' ? String(acc.get(key)![k]) : acc.get(key)![k])));
  const casts = COUNTERS.map((k, i) => `$${i + 3}::${k === 'recoveredCents' ? 'bigint' : 'int'}[]`).join(', ');
  await tx.$executeRawUnsafe(
    `INSERT INTO ${table} (unit_id, ${dateCol}, ${cols.join(', ')})
     SELECT * FROM unnest($1::uuid[], $2::date[], ${casts})
     ON CONFLICT (unit_id, ${dateCol}) DO UPDATE SET ${cols.map((c) => `${c} = ${table}.${c} + EXCLUDED.${c}`).join(', ')}`,
    ...params);
}

export interface RollupStats { batches: number; events: number; rows: number }

/**
 * Folds new case events into analytics_unit_days. The inbox row of each event is deleted in the same
 * transaction as the counters it produced, so an event is applied exactly once whatever crashes; one consumer
 * at a time (advisory lock). An event's increments depend only on the events before it in its case, so batches
 * may be applied in any order (domain/fold.ts).
 */
@Injectable()
export class RollupProcessor extends NotifiedConsumer implements OnModuleDestroy {
  readonly stats: RollupStats = { batches: 0, events: 0, rows: 0 };

  constructor(private readonly prisma: PrismaService, private readonly calendars: CalendarStore, private readonly env: AppEnv) {
    // Events of the next 250 ms join the batch: one upsert per (unit, day) for many events (indicators lag by that).
    super('rollup', { databaseUrl: env.DATABASE_URL, channel: ANALYTICS_CHANNEL, pollMs: Math.max(env.OUTBOX_POLL_MS, 200), settleMs: 250 });
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Applies everything pending now; returns the number of events applied. */
  drain(batchSize = 2000): Promise<number> {
    return drainInBatches((n) => this.processBatch(n), batchSize); // stops early while another consumer holds the lock
  }

  /** One batch in one transaction; -1 when another consumer is busy. */
  async processBatch(limit = 2000): Promise<number> {
    const calendar = await this.calendars.calendar();
    return this.prisma.$transaction(async (tx) => {
      const [lock] = await tx.$queryRawUnsafe<{ ok: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS ok`);
      if (!lock?.ok) return -1;
      const inbox = await tx.$queryRawUnsafe<{ id: bigint; event_id: string; case_id: string; seq: number }[]>(
        'SELECT id, event_id, case_id, seq FROM analytics_inbox ORDER BY id LIMIT $1', limit);
      if (!inbox.length) return 0;
      const wanted = new Set(inbox.map((r) => r.event_id));
      const maxSeq = new Map<string, number>();
      for (const r of inbox) maxSeq.set(r.case_id, Math.max(maxSeq.get(r.case_id) ?? 0, r.seq));
      const rows = await tx.$queryRawUnsafe<{ id: string; case_id: string; seq: number; type: string; at: Date; unit_id: string | null; data: Record<string, unknown> }[]>(
        // ANY keeps this an index scan on (case_id, seq) however large case_events grows; later events are cut below.
        'SELECT e.id, e.case_id, e.seq, e.type, e.at, e.unit_id, e.data FROM case_events e WHERE e.case_id = ANY($1::uuid[]) ORDER BY e.case_id, e.seq',
        [...maxSeq.keys()]);
      const acc = new Map<string, Counters>();
      let start = 0;
      for (let i = 1; i <= rows.length; i++) {
        if (i < rows.length && rows[i]!.case_id === rows[start]!.case_id) continue;
        const cut = maxSeq.get(rows[start]!.case_id)!;
        const events: FoldEvent[] = rows.slice(start, i).filter((r) => r.seq <= cut).map((r) => ({ id: r.id, seq: r.seq, type: r.type, at: r.at, unitId: r.unit_id, data: r.data ?? {} }));
        for (const inc of foldCase(events, calendar, (e) => wanted.has(e.id))) {
          const key = `${inc.unitId}|${inc.day}`;
          const c = acc.get(key) ?? zeroCounters();
          c[inc.counter] += inc.delta;
          acc.set(key, c);
        }
        start = i;
      }
      if (acc.size) {
        // The same increments into the day table and the month table (first day of the month as key).
        const months = new Map<string, Counters>();
        for (const [key, c] of acc) {
          const mk = `${key.slice(0, key.indexOf('|'))}|${key.slice(key.indexOf('|') + 1, key.indexOf('|') + 8)}-01`;
          const m = months.get(mk) ?? zeroCounters();
          for (const k of COUNTERS) m[k] += c[k];
          months.set(mk, m);
        }
        await upsert(tx, 'analytics_unit_days', 'day', acc);
        await upsert(tx, 'analytics_unit_months', 'month', months);
      }
      await tx.$executeRawUnsafe('DELETE FROM analytics_inbox WHERE id = ANY($1::bigint[])', inbox.map((r) => r.id));
      this.stats.batches++;
      this.stats.events += inbox.length;
      this.stats.rows += acc.size;
      return inbox.length;
    }, { timeout: 120_000, maxWait: 10_000 });
  }
}

// The one writer of the rollup tables and their inbox: the incremental processor above, and the full rebuild below.
/** Rebuilds the whole rollup from the raw events (after a formula change or a calendar correction). */
export function rebuildSql(): string[] {
  const cols = COUNTERS.map((k) => COUNTER_COLUMNS[k]).join(', ');
  return [
    'LOCK TABLE case_events IN SHARE MODE',
    'TRUNCATE analytics_unit_days',
    `INSERT INTO analytics_unit_days (unit_id, day, ${cols}) SELECT unit_id, day, ${cols} FROM (${naiveDailySql()}) n`,
    'TRUNCATE analytics_unit_months',
    `INSERT INTO analytics_unit_months (unit_id, month, ${cols}) SELECT unit_id, date_trunc('month', day)::date, ${COUNTERS.map((k) => `SUM(${COUNTER_COLUMNS[k]})`).join(', ')} FROM analytics_unit_days GROUP BY 1, 2`,
    'TRUNCATE analytics_inbox',
  ];
}
