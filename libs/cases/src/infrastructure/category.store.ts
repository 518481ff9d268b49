import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';

const TTL_MS = 60_000;

/** The goods/services classification: small reference data read on every registration, cached. */
@Injectable()
export class CategoryStore {
  private cache: { at: number; codes: Set<string> } | null = null;
  constructor(private readonly prisma: PrismaService) {}

  async exists(code: string): Promise<boolean> {
    if (!this.cache || Date.now() - this.cache.at > TTL_MS) {
      const rows = await this.prisma.category.findMany({ select: { code: true } });
      this.cache = { at: Date.now(), codes: new Set(rows.map((r) => r.code)) };
    }
    return this.cache.codes.has(code);
  }

  /** The tree's rows (code, name, parent), in display order: the public filing page's category picker. */
  async all(): Promise<{ code: string; name: string; kind: string; parentCode: string | null }[]> {
    const rows = await this.prisma.category.findMany({ orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] });
    return rows.map((c) => ({ code: c.code, name: c.name, kind: c.kind, parentCode: c.parentCode }));
  }
}
