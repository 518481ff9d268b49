import { checkCreditCode, creditCodeCheckChar, isValidPhone, isValidRegionCode, normalizePhone } from './parties.js';

describe('phones', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['199 1234 5678', '19912345678'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['010-12345678', '010-12345678'],
    ['01012345678', '01012345678'],
    ['0591-87654321', '0591-87654321'],
    ['0591 8765432', '05918765432'], // 7-digit local number
    ['0591-87654321-8001', '0591-87654321-8001'], // extension
    ['(0591)87654321', '059187654321'],
    ['（0591）87654321', '059187654321'],
    ['+86 591 8765 4321', '059187654321'], // international form drops the trunk 0
    ['+86 10 12345678', '01012345678'],
    ['+86 0591 87654321', '059187654321'],
    ['400-800-8888', '400-800-8888'],
    ['4008008888', '4008008888'],
  ])('%s is valid (normalized %s)', (raw, normalized) => {
    expect(normalizePhone(raw)).toBe(normalized);
    expect(isValidPhone(raw)).toBe(true);
  });

  it.each([
    '',
    '12800138000', // no 12x mobile prefix
    '1380013800', // 10 digits
    '138001380001', // 12 digits
    '87654321', // local number without area code
    '0591-876543', // 6-digit local number
    '0591-87654321-1234567', // extension too long
    '0591-87654321-', // dangling dash
    '1380013800a',
    '110', // emergency number
    '12315',
    '+1 212 555 0100',
  ])('%p is invalid', (raw) => {
    expect(isValidPhone(raw)).toBe(false);
  });
});

describe('统一社会信用代码 (GB 32100-2015)', () => {
  // Hand check, weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 on the values of the first 17 chars:
  // 9111 0000 0000 0000 0: 9·1 + 1·3 + 1·9 + 1·27 = 48; 48 mod 31 = 17; 31 − 17 = 14 → 'E'.
  const simple = '91110000000000000E';
  // 9144 0300 1922 0382 1 (a well-known Shenzhen company): 9 + 3 + 36 + 108 + 0 + 78 + 0 + 0 + 20 + 261 + 50 + 26
  // + 0 + 72 + 80 + 60 + 28 = 831; 831 mod 31 = 25; 31 − 25 = 6 → '6'.
  const shenzhen = '914403001922038216';
  // Xiamen pilot 91350100M0001TGQX·: M=21 T=26 G=16 Q=24 X=29 → 9 + 3 + 27 + 135 + 0 + 26 + 0 + 0 + 420 + 0 + 0 + 0
  // + 8 + 624 + 160 + 720 + 812 = 2944; mod 31 = 30; 31 − 30 = 1 → '1', but the code ends in 'M'.
  const xiamen = '91350100M0001TGQXM';

  it('computes the check character', () => {
    expect(creditCodeCheckChar(simple.slice(0, 17))).toBe('E');
    expect(creditCodeCheckChar(shenzhen.slice(0, 17))).toBe('6');
    expect(creditCodeCheckChar(xiamen.slice(0, 17))).toBe('1');
  });

  it('accepts valid codes with their region', () => {
    expect(checkCreditCode(simple)).toEqual({ ok: true, kind: 'creditCode', checksumValid: true, regionCode: '110000' });
    expect(checkCreditCode(shenzhen)).toEqual({ ok: true, kind: 'creditCode', checksumValid: true, regionCode: '440300' });
    expect(checkCreditCode(` ${simple.toLowerCase()} `)).toMatchObject({ ok: true, checksumValid: true });
  });

  it('accepts the Xiamen pilot code with a checksum warning', () => {
    expect(checkCreditCode(xiamen)).toEqual({ ok: true, kind: 'creditCode', checksumValid: false, regionCode: '350100' });
  });

  it('flags a mistyped check character as a checksum failure, not a format error', () => {
    expect(checkCreditCode('914403001922038217')).toMatchObject({ ok: true, checksumValid: false });
  });

  it.each([
    ['letter I', '91350100M0001TGQXI'],
    ['letter O', '91350100MO001TGQXM'],
    ['letter S', '91350100M0001SGQXM'],
    ['letter V', 'V1350100M0001TGQXM'],
    ['letter Z', '91350100M0001TGQZM'],
    ['17 chars', '91350100M0001TGQX'],
    ['19 chars', '91350100M0001TGQXMM'],
    ['letter in the region code', '9135A100M0001TGQXM'],
    ['letter in the region code (last digit)', '9135010AM0001TGQXM'],
    ['punctuation', '91350100-0001TGQXM'],
    ['empty', ''],
    ['16 digits', '3501004000123456'],
  ])('rejects a format error: %s', (_, code) => {
    expect(checkCreditCode(code)).toEqual({ ok: false, reason: 'format' });
  });

  it('accepts an old 15-digit registration number as it is', () => {
    expect(checkCreditCode('350100400012345')).toEqual({ ok: true, kind: 'registrationNo', checksumValid: true, regionCode: '350100' });
  });
});

describe('region codes (GB/T 2260)', () => {
  it.each(['350102', '110105', '350102001', '350102001001'])('%s is valid', (c) => expect(isValidRegionCode(c)).toBe(true));
  it.each(['', '35010', '3501021', '035010', '000000', '35010a', '3501020011'])('%p is invalid', (c) =>
    expect(isValidRegionCode(c)).toBe(false),
  );
});
