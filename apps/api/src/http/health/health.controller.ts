import { Controller, Res, applyDecorators } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.js';
import { HealthService } from './health.service.js';
import { Read } from '../routes.js';

/** /health and /health/ready: 200 when ready, else 503 with what is wrong. */
const ReadinessResponses = () =>
  applyDecorators(ApiResponse({ status: 200, description: '就绪' }), ApiResponse({ status: 503, description: '依赖不可用或迁移未执行' }));
const sendReadiness = (reply: FastifyReply, r: { status: string }) => void reply.status(r.status === 'ok' ? 200 : 503).send(r);

/**
 * Liveness vs readiness (docs/operations.md): /health/live answers while the process runs and asks no dependency
 * (a supervisor restarts on no answer); /health/ready is 200 only when PostgreSQL, Redis and the migrations are
 * in order (a load balancer sends traffic, compose's depends_on waits). /health = readiness + calendar warnings.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Read('', '就绪检查及日历提醒（PostgreSQL、Redis、数据库迁移；缺少放假安排时的提醒）')
  @ReadinessResponses()
  async check(@Res() reply: FastifyReply) {
    sendReadiness(reply, await this.health.check());
  }

  @Public()
  @Read('live', '存活检查：进程在运行即200，不访问任何依赖')
  @ApiResponse({ status: 200, description: '存活' })
  live() {
    return { status: 'ok' };
  }

  @Public()
  @Read('ready', '就绪检查：PostgreSQL、Redis 可用且数据库迁移均已执行时200，否则503')
  @ReadinessResponses()
  async ready(@Res() reply: FastifyReply) {
    sendReadiness(reply, await this.health.ready());
  }
}
