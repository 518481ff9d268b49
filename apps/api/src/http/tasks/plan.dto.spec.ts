import { isBase64Text } from './plan.dto.js';

describe('isBase64Text (the file field of a plan preview)', () => {
  it('accepts what Buffer encodes, with each padding', () => {
    for (const n of [1, 2, 3, 4, 5, 1000]) expect([n, isBase64Text(Buffer.alloc(n, 0xfb).toString('base64'))]).toEqual([n, true]);
    expect(isBase64Text(Buffer.from('工作要点').toString('base64'))).toBe(true);
  });

  it('refuses other alphabets, misplaced padding, stray characters and lengths not a multiple of 4', () => {
    for (const s of ['abc', 'ab=c', 'a===', '=abc', 'ab-_', 'ab c', 'ab\ncd==', '不是base64', 'abcd=', 'abcd===='])
      expect([s, isBase64Text(s)]).toEqual([s, false]);
  });

  it('checks a multi-megabyte string in one pass (a regex once overflowed the stack here)', () => {
    const s = Buffer.alloc(7 * 1024 * 1024, 0x61).toString('base64');
    expect(isBase64Text(s)).toBe(true);
    expect(isBase64Text(`${s.slice(0, 4_000_000)}*${s.slice(4_000_001)}`)).toBe(false);
  });
});
