// Ports of libs/org: the application layer reaches users, units and the dispatch catalogue only through these.
// The Prisma adapters live in ../infrastructure/prisma-org.repositories.ts (the one writer of units, users and
// routing_rules); in-memory ones for handler specs in ../infrastructure/in-memory-org.repositories.ts.
import type { Tx } from '#platform';
import type { Role } from '../domain/access.js';
import type { RoutingRule } from '../domain/routing.js';
import type { RoutingRuleInput } from '../domain/routing-admin.js';
import type { UnitLevel, UnitNode } from '../domain/unit-tree.js';

/** The unit tree and routing rules as read on every request (cached by the adapter; writes call invalidate()). */
export abstract class OrgDirectory {
  abstract units(): Promise<UnitNode[]>;
  abstract unit(id: string): Promise<UnitNode | undefined>;
  abstract routingRules(): Promise<RoutingRule[]>;
  abstract invalidate(): void;
}

export interface UnitFields { code: string; name: string; level: UnitLevel; parentId: string | null; regionCode: string | null; aliases: string[] }

/** The one writer of `units`. */
export abstract class UnitRepository {
  abstract create(id: string, fields: UnitFields): Promise<UnitNode>;
  abstract update(id: string, patch: Partial<UnitFields>): Promise<UnitNode>;
  /** Appends an alias the work-plan import learnt (inside the import's transaction). */
  abstract addAlias(unitId: string, alias: string, tx: Tx): Promise<void>;
}

export interface UserRecord {
  id: string; username: string; displayName: string; role: Role; unitId: string; active: boolean;
  passwordHash: string; failedLogins: number; lockedUntil: Date | null;
}
export interface NewUser { id: string; username: string; displayName: string; role: Role; unitId: string; passwordHash: string }
export type UserPatch = Partial<Pick<UserRecord, 'username' | 'displayName' | 'role' | 'unitId' | 'active' | 'passwordHash'>>;

/** The one writer of `users`. */
export abstract class UserRepository {
  abstract list(): Promise<UserRecord[]>;
  abstract byId(id: string): Promise<UserRecord | null>;
  abstract byUsername(username: string): Promise<UserRecord | null>;
  /** Whether another user than `exceptId` has this username. */
  abstract usernameTaken(username: string, exceptId: string | null): Promise<boolean>;
  abstract create(user: NewUser): Promise<UserRecord>;
  abstract update(id: string, patch: UserPatch): Promise<UserRecord>;
  /** Forgets counted failures and any lock; false when there is no such user. */
  abstract clearFailures(id: string): Promise<boolean>;
  /**
   * Counts one wrong password under a row lock (so concurrent failures each count): `next` gets the failures so far
   * and says what to store.
   */
  abstract countFailure(id: string, next: (failed: number) => { failed: number; lockedUntil?: Date }): Promise<void>;
}

export interface RoutingRuleRecord extends RoutingRuleInput { id: string; createdAt: Date }

/** The one writer of `routing_rules` (the dispatch catalogue, 派单目录). */
export abstract class RoutingRuleRepository {
  /** In catalogue order: priority desc, region prefix, township (none first), creation. */
  abstract list(): Promise<RoutingRuleRecord[]>;
  abstract byId(id: string): Promise<RoutingRuleRecord | null>;
  abstract create(id: string, rule: RoutingRuleInput): Promise<RoutingRuleRecord>;
  abstract update(id: string, rule: RoutingRuleInput): Promise<RoutingRuleRecord>;
  /** False when there was no such rule. */
  abstract delete(id: string): Promise<boolean>;
  /** The category codes a rule's prefix may name. */
  abstract categoryCodes(): Promise<string[]>;
}
