import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { AppEnv } from '#platform';

/**
 * Hashes and seals of the public side. SMS codes (6 digits, 10 minutes) are HMAC-SHA256'd with a key derived from
 * JWT_SECRET (every API instance shares it); query codes live as long as the case, so they are argon2id hashes that
 * survive a secret's rotation. A query code is sealed (AES-256-GCM) only for the duplicate-filing window.
 */
@Injectable()
export class PublicSecrets {
  private readonly hmacKey: Buffer;
  private readonly sealKey: Buffer;
  private dummy: Promise<string> | null = null;
  constructor(env: AppEnv) {
    this.hmacKey = createHash('sha256').update(`fangxin/public/sms-code\n${env.JWT_SECRET}`).digest();
    this.sealKey = createHash('sha256').update(`fangxin/public/seal\n${env.JWT_SECRET}`).digest();
  }

  codeHash(phone: string, purpose: string, code: string): string {
    return createHmac('sha256', this.hmacKey).update(`${phone}\n${purpose}\n${code}`).digest('base64url');
  }
  codeMatches(stored: string, phone: string, purpose: string, code: string): boolean {
    const a = Buffer.from(stored);
    const b = Buffer.from(this.codeHash(phone, purpose, code));
    return a.length === b.length && timingSafeEqual(a, b);
  }

  hashQueryCode(code: string): Promise<string> {
    return hash(code);
  }
  /** Always one argon2 verification, against a throw-away hash when there is none: no timing hint that a case exists. */
  async verifyQueryCode(stored: string | null, code: string): Promise<boolean> {
    this.dummy ??= hash(randomBytes(16).toString('hex'));
    const target = stored ?? (await this.dummy);
    const ok = await verify(target, code).catch(() => false);
    return ok && stored !== null;
  }

  seal(text: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
    return [iv, c.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  }
  unseal(sealed: string): string | null {
    try {
      const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
      const d = createDecipheriv('aes-256-gcm', this.sealKey, iv!);
      d.setAuthTag(tag!);
      return Buffer.concat([d.update(body!), d.final()]).toString('utf8');
    } catch {
      return null; // sealed under another secret
    }
  }

  /** A proof of (case, phone) for the follow-up calls of one tracking session, valid until `exp`. */
  token(caseId: string, phone: string, exp: Date): string {
    const payload = Buffer.from(JSON.stringify([caseId, phone, exp.getTime()])).toString('base64url');
    return `${payload}.${createHmac('sha256', this.hmacKey).update(`token\n${payload}`).digest('base64url')}`;
  }
  readToken(token: string, now: Date): { caseId: string; phone: string } | null {
    const [payload, sig] = token.split('.');
    if (!payload || !sig) return null;
    const want = Buffer.from(createHmac('sha256', this.hmacKey).update(`token\n${payload}`).digest('base64url'));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
    try {
      const [caseId, phone, exp] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [string, string, number];
      return exp > now.getTime() ? { caseId, phone } : null;
    } catch {
      return null;
    }
  }
}
