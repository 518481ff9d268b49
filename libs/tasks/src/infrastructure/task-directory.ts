import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '#platform';
import type { DirectoryEntry, DirectoryLevel } from '../domain/assignment.js';

/** The unit directory with aliases, as the import matcher needs it (OrgDirectory's cached tree has no aliases). */
@Injectable()
export class TaskDirectory {
  constructor(private readonly prisma: PrismaService) {}

  async load(tx?: Tx): Promise<DirectoryEntry[]> {
    const rows = await (tx ?? this.prisma).unit.findMany({ orderBy: { code: 'asc' } });
    return rows.map((u) => ({ id: u.id, code: u.code, name: u.name, level: u.level as DirectoryLevel, parentId: u.parentId, aliases: u.aliases ?? [] }));
  }
}
