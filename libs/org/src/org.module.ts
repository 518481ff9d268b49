import { Module } from '@nestjs/common';
import { ListUnitsHandler, PreviewRoutingHandler } from './application/org.queries.js';
import { OrgStore } from './infrastructure/org.store.js';
import { DeleteRoutingRuleHandler, ListRoutingRulesHandler, SaveRoutingRuleHandler } from './application/routing-rules.commands.js';

@Module({ providers: [OrgStore, ListUnitsHandler, PreviewRoutingHandler, ListRoutingRulesHandler, SaveRoutingRuleHandler, DeleteRoutingRuleHandler], exports: [OrgStore] })
export class OrgModule {}
