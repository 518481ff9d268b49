import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '#platform';
import { RatingTokens } from '../application/decision-notifier.js';
import { RatingLinks, type RatingTarget } from '../application/public-rating.js';

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** 回访 tokens: 32 random bytes (base64url) in the link, only their SHA-256 in `rating_tokens`. */
@Injectable()
export class PrismaRatingTokens extends RatingTokens {
  async issue(tx: Tx, caseId: string, now: Date, expiresAt: Date): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await tx.ratingToken.create({ data: { tokenHash: hashToken(token), caseId, createdAt: now, expiresAt } });
    return token;
  }
}

/** The public 回访 page's reads and the one use of a token (same table, same writer: this lib). */
@Injectable()
export class PrismaRatingLinks extends RatingLinks {
  constructor(private readonly prisma: PrismaService) { super(); }
  async find(token: string): Promise<RatingTarget | null> {
    const r = await this.prisma.ratingToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { caseId: true, expiresAt: true, usedAt: true } });
    if (!r) return null;
    const c = await this.prisma.case.findUnique({ where: { id: r.caseId }, select: { caseNo: true, type: true, status: true, outcome: true, declineGround: true, assignedUnitId: true } });
    if (!c) return null;
    return { caseId: r.caseId, caseNo: c.caseNo, type: c.type, status: c.status, outcome: c.outcome, declined: c.declineGround !== null, unitId: c.assignedUnitId, expiresAt: r.expiresAt, usedAt: r.usedAt };
  }
  async use(tx: Tx, token: string, now: Date): Promise<boolean> {
    const r = await tx.ratingToken.updateMany({ where: { tokenHash: hashToken(token), usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    return r.count === 1;
  }
}
