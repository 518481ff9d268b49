import { Get, HttpCode, Injectable, NotFoundException, Param, ParseUUIDPipe, Post, applyDecorators } from '@nestjs/common';
import { CommandBus, QueryBus, type ICommand, type Query } from '@nestjs/cqrs';
import { ApiOperation, type ApiOperationOptions } from '@nestjs/swagger';

type Operation = string | ApiOperationOptions;
const operation = (op: Operation) => ApiOperation(typeof op === 'string' ? { summary: op } : op);

/** A read, documented by its summary (or full ApiOperation options). */
export const Read = (path: string, op: Operation): MethodDecorator => applyDecorators(Get(path), operation(op));

/**
 * A POST that acts on something that exists (sign, pause, answer…): it answers 200, not the 201 Nest gives POSTs,
 * since nothing is created; documented by its summary.
 */
export const Action = (path: string, op: Operation): MethodDecorator => applyDecorators(Post(path), HttpCode(200), operation(op));

/** A path id that is not a UUID names nothing: 404 with the given error, never a 400 nor a query. */
const uuidOr404 = (notFound: () => Error) => new ParseUUIDPipe({ exceptionFactory: notFound });
const caseIdPipe = uuidOr404(() => new NotFoundException({ code: 'CASE_NOT_FOUND', message: '案件不存在' }));

/** The path parameter (`:id` unless named) that holds a case id: 404 CASE_NOT_FOUND when it is not a UUID. */
export const CaseId = (name = 'id'): ParameterDecorator => Param(name, caseIdPipe);

/** A path parameter that holds the id of something else: 404 NOT_FOUND "<what>不存在" when it is not a UUID. */
export const IdOf = (name: string, what = '资源'): ParameterDecorator =>
  Param(name, uuidOr404(() => new NotFoundException({ code: 'NOT_FOUND', message: `${what}不存在` })));

/**
 * A controller that sends commands and queries. Its actions answer with a fresh read of what they changed (the case,
 * its deadlines, its co-units) as the actor now sees it, rather than with the command's own result.
 */
@Injectable()
export abstract class BusController {
  constructor(protected readonly commands: CommandBus, protected readonly queries: QueryBus) {}

  protected async executeThenRead<R>(command: ICommand, read: Query<R>): Promise<R> {
    await this.commands.execute(command);
    return this.queries.execute(read);
  }
}
