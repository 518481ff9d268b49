import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { calendarEntriesFromChineseDays, yearsIn, type ChineseDaysJson } from '#deadlines';
import type { PrismaClient } from '#prisma-client';
import { CATEGORIES } from '../seed-data/categories.js';
import { TIME_LIMITS } from '../seed-data/time-limits.js';

const day = (s: string) => new Date(`${s}T00:00:00Z`);

/**
 * Reference data every installation needs (production too): the goods/services classification, the
 * official calendar 2004–2026 from the `chinese-days` package (then owned by our database), and the time-limit
 * policies of both regimes. Idempotent: existing rows are left as admins may have edited them.
 */
export async function seedReference(prisma: PrismaClient, log: (m: string) => void = () => {}): Promise<void> {
  await prisma.category.createMany({
    data: CATEGORIES.map((c) => ({ code: c.code, name: c.name, kind: c.kind, parentCode: c.parentCode, sortOrder: c.sortOrder })),
    skipDuplicates: true,
  });

  // Read from the installed package (run from the repository root, as every script and test is).
  const json = JSON.parse(await readFile(resolve('node_modules/chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysJson;
  const entries = calendarEntriesFromChineseDays(json);
  const years = yearsIn(entries);
  const loaded = new Set((await prisma.calendarYear.findMany({ select: { year: true } })).map((y) => y.year));
  const fresh = years.filter((y) => !loaded.has(y));
  if (fresh.length) {
    await prisma.calendarDay.createMany({
      data: entries.filter((e) => fresh.includes(Number(e.date.slice(0, 4)))).map((e) => ({ region: '', date: day(e.date), kind: e.kind, name: e.name ?? '' })),
      skipDuplicates: true,
    });
    await prisma.calendarYear.createMany({ data: fresh.map((year) => ({ year, source: 'chinese-days@1.5.7（国务院办公厅放假通知）' })), skipDuplicates: true });
    log(`calendar: loaded ${fresh.length} year(s) ${fresh[0]}–${fresh[fresh.length - 1]}`);
  }

  await prisma.timeLimitPolicy.createMany({
    data: TIME_LIMITS.map((p) => ({
      id: randomUUID(), regime: p.regime, caseType: p.caseType, step: p.step, amount: p.amount, unit: p.unit, startsAt: p.startsAt,
      legalBasis: p.legalBasis, effectiveFrom: day(p.effectiveFrom), effectiveTo: p.effectiveTo ? day(p.effectiveTo) : null, enabled: p.enabled,
      ladder: p.ladder ?? undefined, pauseReasons: p.pauseReasons ?? [], maxExtensions: p.maxExtensions ?? 0,
      maxExtensionUnits: p.maxExtensionUnits ?? 0, extensionBasis: p.extensionBasis ?? null,
    })),
    skipDuplicates: true,
  });
}
