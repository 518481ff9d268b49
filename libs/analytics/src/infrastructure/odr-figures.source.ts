import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { OdrFiguresRowDto } from '#contracts';
import { GetOdrFigures } from '#cases-nest';
import { OdrFigureSource } from '../application/ports.js';

/** The figures as `GET /api/v1/odr/figures` answers them (actor null: every enterprise, no role check). */
@Injectable()
export class QueryBusOdrFigures extends OdrFigureSource {
  constructor(private readonly queries: QueryBus) { super(); }
  async figures(from: string, toInclusive: string): Promise<OdrFiguresRowDto[]> {
    return (await this.queries.execute(new GetOdrFigures(null, from, toInclusive))).rows;
  }
}
