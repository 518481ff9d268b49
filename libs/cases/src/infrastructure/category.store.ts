import { Injectable } from '@nestjs/common';
import { PrismaService, ReadThrough } from '#platform';

const TTL_MS = 60_000;

/** The goods/services classification: small reference data read on every registration, cached. */
@Injectable()
export class CategoryStore {
  // Concurrent misses (a process starting under load, the minute's expiry) share one read.
  private readonly codes = new ReadThrough<Set<string>>(TTL_MS, async () =>
    new Set((await this.prisma.category.findMany({ select: { code: true } })).map((r) => r.code)));
  constructor(private readonly prisma: PrismaService) {}

  async exists(code: string): Promise<boolean> {
    return (await this.codes.get()).has(code);
  }

  /** The tree's rows (code, name, parent), in display order: the public filing page's category picker. */
  async all(): Promise<{ code: string; name: string; kind: string; parentCode: string | null }[]> {
    const rows = await this.prisma.category.findMany({ orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] });
    return rows.map((c) => ({ code: c.code, name: c.name, kind: c.kind, parentCode: c.parentCode }));
  }
}
