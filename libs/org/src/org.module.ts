import { Module } from '@nestjs/common';
import { ListUnitsHandler, PreviewRoutingHandler } from './application/org.queries.js';
import { OrgStore } from './infrastructure/org.store.js';
import { SignIn } from './application/sign-in.js';
import { ListUsersHandler, SaveUnitHandler, SaveUserHandler } from './application/directory.commands.js';
import { DeleteRoutingRuleHandler, ListRoutingRulesHandler, SaveRoutingRuleHandler } from './application/routing-rules.commands.js';

@Module({ providers: [OrgStore, ListUnitsHandler, PreviewRoutingHandler, ListRoutingRulesHandler, SaveRoutingRuleHandler, DeleteRoutingRuleHandler, SaveUnitHandler, ListUsersHandler, SaveUserHandler, SignIn], exports: [OrgStore, SignIn] })
export class OrgModule {}
