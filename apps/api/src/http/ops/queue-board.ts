import { createHmac } from 'node:crypto';
import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import { AppEnv, Clock } from '#platform';
import { RequireRole, UserStates } from '../auth/auth.js';

export const QUEUE_BOARD_PATH = '/admin/queues';
const COOKIE = 'fangxin_queues';
const TTL_S = 15 * 60;

/**
 * The board's session: a short-lived JWT signed with a key derived from JWT_SECRET for this purpose only, so it is
 * no API token (AuthGuard refuses it) and an API token is no board cookie. Carried in an HttpOnly, SameSite=Strict
 * cookie scoped to /admin/queues.
 */
export class QueueBoardSessions {
  private readonly jwt: JwtService;
  constructor(env: AppEnv) {
    const secret = createHmac('sha256', env.JWT_SECRET).update('fangxin:queue-board').digest('base64url');
    this.jwt = new JwtService({ secret, signOptions: { algorithm: 'HS256', expiresIn: TTL_S }, verifyOptions: { algorithms: ['HS256'] } });
  }
  issue(userId: string): Promise<string> {
    return this.jwt.signAsync({ sub: userId, scope: 'queue-board' });
  }
  async verify(token: string): Promise<string | null> {
    try {
      const c = await this.jwt.verifyAsync<{ sub: string; scope: string }>(token);
      return c.scope === 'queue-board' ? c.sub : null;
    } catch {
      return null;
    }
  }
}

class QueueBoardSessionDto {
  @ApiProperty({ example: QUEUE_BOARD_PATH, description: '队列监控页面地址（同源）' }) url!: string;
  @ApiProperty({ description: '会话到期时间（15分钟）' }) expiresAt!: string;
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/queues')
export class QueueBoardController {
  private readonly sessions: QueueBoardSessions;
  constructor(env: AppEnv, private readonly clock: Clock) {
    this.sessions = new QueueBoardSessions(env);
  }

  @RequireRole('admin')
  @Post('session')
  @HttpCode(200)
  @ApiOperation({
    summary: '打开队列监控（仅系统管理员）',
    description: `设置一个15分钟有效、仅限 ${QUEUE_BOARD_PATH} 路径的 HttpOnly Cookie，随后在浏览器中打开该地址即可查看 BullMQ 队列（Bull Board）。`,
  })
  @ApiOkResponse({ type: QueueBoardSessionDto })
  @ApiResponse({ status: 401, description: 'UNAUTHORIZED 未登录' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN 非系统管理员' })
  async session(@Req() req: FastifyRequest & { actor?: { userId: string } }, @Res({ passthrough: true }) reply: FastifyReply): Promise<QueueBoardSessionDto> {
    const token = await this.sessions.issue(req.actor!.userId);
    const secure = req.protocol === 'https' ? '; Secure' : '';
    void reply.header('set-cookie', `${COOKIE}=${token}; Path=${QUEUE_BOARD_PATH}; Max-Age=${TTL_S}; HttpOnly; SameSite=Strict${secure}`);
    // The cookie's own lifetime is the browser's; this is what the console shows.
    return { url: QUEUE_BOARD_PATH, expiresAt: new Date(this.clock.now().getTime() + TTL_S * 1000).toISOString() };
  }
}

const cookieValue = (header: string | undefined, name: string): string | undefined => {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
};

/**
 * Bull Board (@bull-board/fastify: the API runs on Nest's Fastify platform) at /admin/queues, for admins only: every
 * request of the board — page, assets, its JSON API, its actions (retry, remove) — passes an onRequest check of the
 * board cookie (QueueBoardController.session) or an admin's bearer token. Anonymous: 401; another role: 403.
 */
export async function registerQueueBoard(fastify: FastifyInstance, queues: Queue[], env: AppEnv, users: UserStates, api: JwtService): Promise<void> {
  const sessions = new QueueBoardSessions(env);
  const adapter = new FastifyAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Fangxin 队列' } } });
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (req, reply) => {
      const cookie = cookieValue(req.headers.cookie, COOKIE);
      const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      let userId: string | null = null;
      if (cookie) userId = await sessions.verify(cookie);
      if (!userId && bearer) userId = await api.verifyAsync<{ sub: string }>(bearer).then((c) => c.sub, () => null);
      const user = userId ? await users.get(userId) : null;
      if (!user?.active) return reply.status(401).send({ code: 'UNAUTHORIZED', message: '请以系统管理员身份登录后从控制台打开队列监控' });
      if (user.role !== 'admin') return reply.status(403).send({ code: 'FORBIDDEN', message: '仅系统管理员可查看队列监控' });
    });
    await scope.register(adapter.registerPlugin() as never, { prefix: QUEUE_BOARD_PATH });
  });
}
