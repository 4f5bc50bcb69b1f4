/**
 * Text that is a credential wherever it appears. Shared by CKV_AWS_46 (user data) and the
 * secret scan over every synthesized file (test/stacks/nothing-lost.test.ts).
 */
export const SECRET_VALUE_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/, 'a PEM private key'],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/(aws_secret_access_key|AWS_SECRET_ACCESS_KEY)\s*[=:]\s*[A-Za-z0-9/+]{40}/, 'an AWS secret access key'],
  [/\bxox[abposr]-[0-9A-Za-z-]{10,}/, 'a Slack token'],
  [/\bgh[pousr]_[0-9A-Za-z]{36}\b/, 'a GitHub token'],
];

const BASE64 = /^[A-Za-z0-9+/\s]{40,}={0,2}\s*$/;

/** What kinds of secret `text` holds, looking inside it when it is base64 (user data). */
export function secretsIn(text: string): string[] {
  const found = SECRET_VALUE_PATTERNS.filter(([pattern]) => pattern.test(text)).map(([, why]) => why);
  if (BASE64.test(text)) {
    const decoded = Buffer.from(text.replace(/\s/g, ''), 'base64').toString('utf8');
    found.push(...SECRET_VALUE_PATTERNS.filter(([pattern]) => pattern.test(decoded)).map(([, why]) => `${why} (base64-encoded)`));
  }
  return found;
}
