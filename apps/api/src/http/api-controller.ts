import { Controller, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

/**
 * A controller of the signed-in API: its OpenAPI tag, the bearer token every route needs (the global guard checks it),
 * and its path under /api/v1 — the three decorators every such controller carried.
 */
export const ApiV1Controller = (tag: string, path = ''): ClassDecorator =>
  applyDecorators(ApiTags(tag), ApiBearerAuth(), Controller(path ? `api/v1/${path}` : 'api/v1'));
