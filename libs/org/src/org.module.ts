import { Module } from '@nestjs/common';
import { ListUnitsHandler, PreviewRoutingHandler } from './application/org.queries.js';
import { OrgStore } from './infrastructure/org.store.js';
import { OrgDirectory, RoutingRuleRepository, UnitRepository, UserRepository } from './application/ports.js';
import { PrismaRoutingRuleRepository, PrismaUnitRepository, PrismaUserRepository } from './infrastructure/prisma-org.repositories.js';
import { SignIn } from './application/sign-in.js';
import { ListUsersHandler, SaveUnitHandler, SaveUserHandler } from './application/directory.commands.js';
import { DeleteRoutingRuleHandler, ListRoutingRulesHandler, SaveRoutingRuleHandler } from './application/routing-rules.commands.js';

const ports = [
  { provide: OrgDirectory, useExisting: OrgStore },
  { provide: UnitRepository, useClass: PrismaUnitRepository },
  { provide: UserRepository, useClass: PrismaUserRepository },
  { provide: RoutingRuleRepository, useClass: PrismaRoutingRuleRepository },
];

@Module({ providers: [OrgStore, ...ports, ListUnitsHandler, PreviewRoutingHandler, ListRoutingRulesHandler, SaveRoutingRuleHandler, DeleteRoutingRuleHandler, SaveUnitHandler, ListUsersHandler, SaveUserHandler, SignIn], exports: [OrgStore, OrgDirectory, SignIn, UnitRepository] })
export class OrgModule {}
