// Prisma adapter of PolicyRepository: the only code that writes time_limit_policies (its versions are written by a
// trigger, migration 20261126000000_policy_versions, which reads the actor set here).
import { Injectable } from '@nestjs/common';
import { Prisma } from '#prisma-client';
import { PrismaService, type Tx } from '#platform';
import { LIVE_DEADLINE } from './live-deadlines.where.js';
import type { LadderRung } from '../domain/clock.js';
import { type PolicyColumns, type PolicyForEdit, PolicyRepository, type PolicyVersionRecord } from '../application/ports.js';

@Injectable()
export class PrismaPolicyRepository extends PolicyRepository {
  constructor(private readonly prisma: PrismaService) { super(); }

  async lockForEdit(tx: Tx, id: string, actorId: string | null): Promise<PolicyForEdit | null> {
    if (actorId) await tx.$queryRaw`SELECT set_config('fangxin.actor_id', ${actorId}, true)`;
    await tx.$queryRaw`SELECT 1 FROM time_limit_policies WHERE id = ${id}::uuid FOR UPDATE`;
    const row = await tx.timeLimitPolicy.findUnique({ where: { id } });
    return row
      ? { regime: row.regime, unit: row.unit, amount: row.amount, ladder: (row.ladder as LadderRung[] | null) ?? null, maxExtensions: row.maxExtensions, maxExtensionUnits: row.maxExtensionUnits }
      : null;
  }

  async update(tx: Tx, id: string, columns: PolicyColumns, ladder: { value: LadderRung[] | null } | null): Promise<number> {
    const updated = await tx.timeLimitPolicy.update({
      where: { id },
      data: {
        ...columns,
        ...(ladder ? { ladder: ladder.value === null ? Prisma.DbNull : (ladder.value as unknown as Prisma.InputJsonValue) } : {}),
        version: { increment: 1 },
      },
    });
    return updated.version;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.prisma.timeLimitPolicy.findUnique({ where: { id }, select: { id: true } })) !== null;
  }

  versions(policyId: string): Promise<PolicyVersionRecord[]> {
    return this.prisma.timeLimitPolicyVersion.findMany({ where: { policyId }, orderBy: { version: 'asc' }, select: { version: true, changedAt: true, changedBy: true, snapshot: true } });
  }

  async userNames(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } });
    return new Map(rows.map((u) => [u.id, u.displayName]));
  }

  liveDeadlines(policyId: string): Promise<number> {
    return this.prisma.deadline.count({ where: { policyId, ...LIVE_DEADLINE } });
  }
}
