/** Password rules (等保 / ASVS 2.1): long enough, varied, not the username, not a well-known one. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

const COMMON = new Set([
  'password', 'password1', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword1', 'qwerty123', 'qwertyuiop', '1qaz2wsx', '1q2w3e4r',
  'abc123456', 'admin123', 'admin@123', 'administrator', 'welcome1', 'iloveyou', 'zaq12wsx', 'changeme', 'letmein123', 'demo@2019',
]);

/** The problems with a password, empty when it is acceptable. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`at most ${PASSWORD_MAX_LENGTH} characters`);
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('at least three of: lower case, upper case, digits, symbols');
  const lower = password.toLowerCase();
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) problems.push('must not contain the username');
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) problems.push('too common');
  return problems;
}
