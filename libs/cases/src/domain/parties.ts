// Validation of the parties of a case (O121 Art. 10; GB 32100-2015 for credit codes).

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;
const SERVICE = /^(400|800)-?\d{3}-?\d{4}$/;

export function normalizePhone(raw: string): string {
  const p = raw.replace(/[\s()（）]/g, '');
  const intl = /^(\+|00)?86-?/.exec(p);
  if (!intl) return p;
  const rest = p.slice(intl[0].length);
  // The international form (+86 / 0086) drops the trunk 0 of an area code: +86 591 8765 4321 is 0591-87654321.
  return intl[1] && !/^(?:1[3-9]\d{9}$|0|400|800)/.test(rest) ? `0${rest}` : rest;
}

/** Mainland mobile, landline with area code (extension allowed), or 400/800 service numbers. */
export function isValidPhone(raw: string): boolean {
  const p = normalizePhone(raw);
  return MOBILE.test(p) || LANDLINE.test(p) || SERVICE.test(p);
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const CREDIT_FORMAT = /^[0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}$/;
const OLD_REG_NO = /^\d{15}$/;

export type CreditCodeCheck =
  | { ok: true; kind: 'creditCode' | 'registrationNo'; checksumValid: boolean; regionCode: string | null }
  | { ok: false; reason: 'format' };

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!;
  return CREDIT_CHARS[(31 - (sum % 31)) % 31]!;
}

/**
 * Format errors reject; checksum failures only warn, because some early pilot codes are lawful but fail the
 * check (e.g. Xiamen 91350100M0001TGQXM). Old 15-digit registration numbers are accepted as they are.
 */
export function checkCreditCode(raw: string): CreditCodeCheck {
  const code = raw.trim().toUpperCase();
  if (OLD_REG_NO.test(code)) return { ok: true, kind: 'registrationNo', checksumValid: true, regionCode: code.slice(0, 6) };
  if (!CREDIT_FORMAT.test(code)) return { ok: false, reason: 'format' };
  return { ok: true, kind: 'creditCode', checksumValid: creditCodeCheckChar(code.slice(0, 17)) === code[17], regionCode: code.slice(2, 8) };
}

/** GB/T 2260 county code (6 digits), optionally with a township (9) or village (12) suffix. */
export function isValidRegionCode(raw: string): boolean {
  return /^\d{6}(\d{3}(\d{3})?)?$/.test(raw) && !/^0/.test(raw);
}
