import { Controller, Get, Headers, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppEnv, metricsAccess } from '#platform';
import { Public } from '../auth/auth.js';
import { ApiMetrics } from './metrics.service.js';

/**
 * GET /metrics: Prometheus text format (docs/metrics.md). Not a user endpoint (it is outside /api/v1 and not in
 * OpenAPI): a METRICS_TOKEN bearer, or a loopback peer when no token is configured. Counts only, no case data.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics, private readonly env: AppEnv) {}

  @Public()
  @Get()
  async scrape(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Headers('authorization') authorization?: string) {
    const access = metricsAccess(this.env.METRICS_TOKEN, authorization, req.raw.socket.remoteAddress);
    if (access !== 200) return void reply.status(access).send({ code: access === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', message: '无权读取监控指标' });
    let text: string;
    try {
      text = await this.metrics.scrape();
    } catch {
      // A process of the cluster did not answer in time (restarting): this scrape fails rather than show a part.
      return void reply.status(503).send({ code: 'METRICS_UNAVAILABLE', message: '监控指标暂不可用，请稍后重试' });
    }
    void reply.header('content-type', this.metrics.registry.contentType).send(text);
  }
}
