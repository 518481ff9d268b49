import { Module } from '@nestjs/common';
import { ListUnitsHandler, PreviewRoutingHandler } from './application/org.queries.js';
import { OrgStore } from './infrastructure/org.store.js';

@Module({ providers: [OrgStore, ListUnitsHandler, PreviewRoutingHandler], exports: [OrgStore] })
export class OrgModule {}
