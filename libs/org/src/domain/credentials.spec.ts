import { afterFailedLogin, passwordIssue } from './credentials.js';

describe('password rules', () => {
  it.each([
    ['short1!', 'PASSWORD_TOO_SHORT'], ['12345678', 'PASSWORD_ALL_DIGITS'], ['13712346728', 'PASSWORD_ALL_DIGITS'],
    ['abababab', 'PASSWORD_WEAK'], ['PASSWORD', 'PASSWORD_COMMON'], ['woaini1314', 'PASSWORD_COMMON'], ['Qwer1234', 'PASSWORD_COMMON'],
    ['demo12315', 'PASSWORD_COMMON'],
  ])('refuses %s (%s)', (password, code) => {
    expect(passwordIssue(password)).toMatchObject({ field: 'password', code, message: expect.stringMatching(/[\u4e00-\u9fff]/) });
  });

  it('refuses the username, also with digits before or after it, case-insensitively', () => {
    for (const p of ['handler.wl', 'Handler.WL', 'handler.wl2026', '2026handler.wl'])
      expect(passwordIssue(p, 'handler.wl')?.code).toBe('PASSWORD_IS_USERNAME');
    expect(passwordIssue('handler.wl-Lanzhou', 'handler.wl')).toBeNull();
  });

  it('accepts passphrases and mixed passwords, and names the field it was given', () => {
    for (const p of ['correct-horse', 'Lanzhou-lu 88号', '常德市武陵区12315']) expect(passwordIssue(p, 'zhang.wl')).toBeNull();
    expect(passwordIssue('1234', undefined, 'newPassword')?.field).toBe('newPassword');
  });
});

describe('lockout arithmetic', () => {
  it('counts failures and locks at the limit, starting the count over', () => {
    let failed = 0;
    const seen: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      const next = afterFailedLogin(failed, 5);
      seen.push(next.lock);
      failed = next.failed;
    }
    expect(seen).toEqual([false, false, false, false, true, false]);
    expect(failed).toBe(1);
    expect(afterFailedLogin(0, 1)).toEqual({ failed: 0, lock: true });
  });
});
