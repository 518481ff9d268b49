import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Prisma } from '#prisma-client';
import { InvalidInput, NotFound, Outbox, UnitOfWork, type PolicyChangedPayload } from '#platform';
import type { TimeLimitPolicy } from '../domain/policy.js';
import type { LadderRung } from '../domain/clock.js';
import type { PeriodUnit } from '../domain/period.js';
import { ladderChange, ladderChanged, validateLadder } from '../domain/ladder.js';
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
  /** The warning/escalation ladder: rows of {rung, offset} (checked by `validateLadder`), or null = the default ladder. */
  ladder?: unknown;
}

/**
 * An admin edit of a time limit: bumps the policy's version. New clocks use the new values; clocks already armed
 * keep the amount they were armed with (their legal start was under the old value), as the explanation shows.
 * A ladder edit is different: rungs are read at firing time, so it applies to live clocks too — the edit appends a
 * `policy.changed` outbox row in the same transaction, and the worker arms the new rungs of the policy's live
 * clocks, re-times moved ones and cancels removed ones (a removed rung's job that still wakes is skipped anyway).
 */
export class UpdateTimeLimitPolicy extends Command<TimeLimitPolicy> {
  constructor(readonly id: string, readonly patch: PolicyPatch) { super(); }
}

@CommandHandler(UpdateTimeLimitPolicy)
export class UpdateTimeLimitPolicyHandler implements ICommandHandler<UpdateTimeLimitPolicy> {
  constructor(private readonly uow: UnitOfWork, private readonly outbox: Outbox, private readonly store: CalendarStore) {}
  async execute({ id, patch }: UpdateTimeLimitPolicy): Promise<TimeLimitPolicy> {
    const { ladder: ladderInput, ...rest } = patch;
    await this.uow.run(async (tx) => {
      // Locked: two admins editing one ladder must not both diff against the same old ladder.
      await tx.$queryRaw`SELECT 1 FROM time_limit_policies WHERE id = ${id}::uuid FOR UPDATE`;
      const row = await tx.timeLimitPolicy.findUnique({ where: { id } });
      if (!row) throw new NotFound('时限规定', id);
      if (row.regime !== 'LOCAL' && patch.enabled === false)
        throw new InvalidInput([{ field: 'enabled', code: 'LEGAL_STEP', message: '法定时限不能停用（只有本地承诺可以开关）' }]);
      if ((patch.maxExtensionUnits ?? row.maxExtensionUnits) > 0 && (patch.maxExtensions ?? row.maxExtensions) === 0)
        throw new InvalidInput([{ field: 'maxExtensions', code: 'INCONSISTENT', message: '设置了延期总量，但允许延期次数为0' }]);
      const current = (row.ladder as LadderRung[] | null) ?? null;
      let ladder: { value: LadderRung[] | null } | null = null;
      if (ladderInput !== undefined) {
        const r = validateLadder(ladderInput, { regime: row.regime, unit: row.unit as PeriodUnit, amount: patch.amount ?? row.amount, current });
        if (!r.ok) throw new InvalidInput(r.issues);
        ladder = { value: r.ladder };
      }
      const updated = await tx.timeLimitPolicy.update({
        where: { id },
        data: {
          ...rest,
          ...(ladder ? { ladder: ladder.value === null ? Prisma.DbNull : (ladder.value as unknown as Prisma.InputJsonValue) } : {}),
          version: { increment: 1 },
        },
      });
      const change = ladder ? ladderChange(current, ladder.value) : null;
      if (change && ladderChanged(change))
        await this.outbox.append(tx, [{ topic: 'policy.changed', payload: { policyId: id, version: updated.version, ...change } satisfies PolicyChangedPayload }]);
    });
    this.store.invalidate();
    return (await this.store.policies()).find((p) => p.id === id)!;
  }
}
