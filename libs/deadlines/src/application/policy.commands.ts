import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InvalidInput, NotFound, PrismaService } from '#platform';
import type { TimeLimitPolicy } from '../domain/policy.js';
import { CalendarStore } from '../infrastructure/calendar.store.js';

export class ListTimeLimitPolicies extends Query<TimeLimitPolicy[]> {}

@QueryHandler(ListTimeLimitPolicies)
export class ListTimeLimitPoliciesHandler implements IQueryHandler<ListTimeLimitPolicies> {
  constructor(private readonly store: CalendarStore) {}
  execute(): Promise<TimeLimitPolicy[]> {
    return this.store.policies();
  }
}

export interface PolicyPatch {
  amount?: number;
  enabled?: boolean;
  legalBasis?: string;
  maxExtensions?: number;
  maxExtensionUnits?: number;
  pauseReasons?: string[];
}

/**
 * An admin edit of a time limit: bumps the policy's version. New clocks use the new values; clocks already armed
 * keep the amount they were armed with (their legal start was under the old value), as the explanation shows.
 */
export class UpdateTimeLimitPolicy extends Command<TimeLimitPolicy> {
  constructor(readonly id: string, readonly patch: PolicyPatch) { super(); }
}

@CommandHandler(UpdateTimeLimitPolicy)
export class UpdateTimeLimitPolicyHandler implements ICommandHandler<UpdateTimeLimitPolicy> {
  constructor(private readonly prisma: PrismaService, private readonly store: CalendarStore) {}
  async execute({ id, patch }: UpdateTimeLimitPolicy): Promise<TimeLimitPolicy> {
    const row = await this.prisma.timeLimitPolicy.findUnique({ where: { id } });
    if (!row) throw new NotFound('时限规定', id);
    if (row.regime !== 'LOCAL' && patch.enabled === false)
      throw new InvalidInput([{ field: 'enabled', code: 'LEGAL_STEP', message: '法定时限不能停用（只有本地承诺可以开关）' }]);
    if ((patch.maxExtensionUnits ?? row.maxExtensionUnits) > 0 && (patch.maxExtensions ?? row.maxExtensions) === 0)
      throw new InvalidInput([{ field: 'maxExtensions', code: 'INCONSISTENT', message: '设置了延期总量，但允许延期次数为0' }]);
    await this.prisma.timeLimitPolicy.update({ where: { id }, data: { ...patch, version: { increment: 1 } } });
    this.store.invalidate();
    return (await this.store.policies()).find((p) => p.id === id)!;
  }
}
