import type { FieldIssue } from '#kernel';

// Passwords seen most often in leaked lists, plus the ones a Chinese office picks (pinyin, 12315, keyboard rows).
// Compared case-insensitively; a password made only of digits is refused anyway.
const COMMON = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa$$word',
  'qwerty', 'qwertyui', 'qwertyuiop', 'qwerty12', 'qwerty123', 'qwer1234', 'qwe12345', 'q1w2e3r4', 'q1w2e3r4t5', '1q2w3e4r',
  '1q2w3e4r5t', '1qaz2wsx', '1qaz2wsx3edc', 'zaq12wsx', 'zxcvbnm', 'zxcvbnm1', 'zxcvbnm123', 'asdfghjk', 'asdfghjkl', 'asdf1234',
  'abcd1234', 'abc12345', 'abc123456', 'a1234567', 'a12345678', 'a123456789', 'aa123456', 'aa12345678', 'abcdefgh', 'abcdefg1',
  'iloveyou', 'iloveyou1', 'woaini1314', 'woaini520', 'woaini123', '5201314a', 'a5201314', 'admin123', 'admin1234', 'admin12345',
  'administrator', 'root1234', 'test1234', 'test12345', 'welcome', 'welcome1', 'welcome123', 'letmein', 'letmein1', 'sunshine',
  'princess', 'football', 'baseball', 'dragon12', 'monkey12', 'master12', 'shadow12', 'superman', 'trustno1', 'whatever',
  'changeme', 'changeme1', 'default1', 'secret12', 'computer', 'internet', 'michael1', 'jennifer', 'starwars', 'liverpool',
  'zhang123', 'wang1234', 'li123456', 'liu123456', 'chen1234', 'zhangsan', 'lisi1234', 'wangwei1', 'huawei123', 'xiaomi123',
  'demo12315', 'fangxin1', 'fangxin123', 'fangxin12315', '12315abc', 'abc12315', 'gongshang', 'shichang', 'shichangjianguan',
  'scjg1234', 'scjgj123', 'zhengfu1', 'zhengwu123', 'a1b2c3d4', 'aaaaaaaa', 'aaaaaaa1', 'abcabcab', 'qqqqqqqq', 'asdasdasd',
  'qweasdzxc', 'qazwsxedc', '1234qwer', '1234abcd', '123abc456', '123qwe123', '123qweasd', 'qweqweqwe', 'passport', 'mima1234',
  'mima123456', 'woshishui', 'nihao123', 'nihaoma1',
]);

/**
 * Why a password may not be set, or null when it may: at least 8 characters, not only digits, not a common password,
 * not the username (or the username with digits round it).
 */
export function passwordIssue(password: string, username?: string, field = 'password'): FieldIssue | null {
  const p = password.toLowerCase();
  const u = username?.toLowerCase();
  const issue = (code: string, message: string) => ({ field, code, message });
  if (password.length < 8) return issue('PASSWORD_TOO_SHORT', '密码至少8位');
  if (/^\d+$/.test(password)) return issue('PASSWORD_ALL_DIGITS', '密码不能全是数字，请混合字母、数字或符号');
  if (new Set(password).size < 3) return issue('PASSWORD_WEAK', '密码过于简单，请混合使用不同字符');
  if (COMMON.has(p)) return issue('PASSWORD_COMMON', '密码过于常见，容易被猜中，请换一个');
  if (u && (p === u || p.replace(/\d+$/, '').replace(/^\d+/, '') === u)) return issue('PASSWORD_IS_USERNAME', '密码不能与用户名相同');
  return null;
}

/** After a wrong password: the new failure count, and whether the account is now locked (the count starts over). */
export function afterFailedLogin(failed: number, maxFailures: number): { failed: number; lock: boolean } {
  return failed + 1 >= maxFailures ? { failed: 0, lock: true } : { failed: failed + 1, lock: false };
}
