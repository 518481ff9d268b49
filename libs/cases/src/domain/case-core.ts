import { InvalidTransition, NotAssignee } from './case.errors.js';
import { type CaseType } from './vocabulary.js';
import { type CaseStatus, type Actor, type CaseDeadline, type CaseEvent, type TimerRequest, type CaseProps, type ClockContext } from './case.types.js';

/** The state of a case and what every part of it shares: identity, status, events and timers recorded for the application layer to commit, the guards. */
export abstract class CaseCore {
  protected events: CaseEvent[] = [];
  protected timers: TimerRequest[] = [];

  protected constructor(protected props: CaseProps) {}

  get id() { return this.props.id; }
  get status() { return this.props.status; }
  get regime() { return this.props.regime; }
  get assignedUnitId() { return this.props.assignedUnitId; }
  get type() { return this.props.type; }
  get receivedAt() { return this.props.receivedAt; }
  get version() { return this.props.version; }
  get deadlines(): readonly CaseDeadline[] { return this.props.deadlines; }
  get overdue(): boolean {
    return this.props.deadlines.some((d) => d.state === 'overdue' && d.metAt === null);
  }
  snapshot(): Readonly<CaseProps> { return this.props; }
  /** The events recorded by the current command, not yet saved (the decision notices read them). */
  peekEvents(): readonly CaseEvent[] { return this.events; }

  pullEvents(): CaseEvent[] {
    const e = this.events;
    this.events = [];
    return e;
  }
  pullTimers(): TimerRequest[] {
    const t = this.timers;
    this.timers = [];
    return t;
  }

  // ---- hand-offs, reports, inquiries (issue 4)

  get realName(): boolean { return this.props.realName ?? true; }
  get caseNo() { return this.props.caseNo; }

  protected require(action: string, allowed: readonly CaseStatus[]): void {
    if (!allowed.includes(this.props.status)) throw new InvalidTransition(this.id, this.props.status, action);
  }

  /** An action of another kind of case: 受理/调解/办结/回访 are a complaint's, 核查/立案决定 a report's, 答复 an inquiry's. */
  protected requireType(action: string, type: CaseType): void {
    if (this.props.type !== type) throw new InvalidTransition(this.id, this.props.status, action, this.props.type);
  }

  protected requireAssignee(actor: Actor): void {
    const ok = ['handler', 'leader'].includes(actor.role) && actor.unitId === this.props.assignedUnitId;
    if (!ok) throw new NotAssignee();
  }

  protected record(
    ctx: ClockContext,
    actor: Actor | null,
    type: string,
    e: { rule?: string | null; note?: string | null; data?: Record<string, unknown> },
  ): void {
    this.events.push({
      id: ctx.newId(),
      type,
      at: ctx.now,
      actorId: actor?.userId ?? null,
      unitId: actor?.unitId ?? null,
      rule: e.rule ?? null,
      note: e.note ?? null,
      data: e.data ?? {},
    });
  }
}
