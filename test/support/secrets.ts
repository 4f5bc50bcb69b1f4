/**
 * Finds secrets written in plaintext into synthesized files: values of password-, secret-
 * and token-like keys that are literals (not `${...}` references), PEM private keys and AWS
 * access key ids anywhere, including inside base64 user data.
 */
export interface SecretFinding {
  readonly file: string;
  readonly where: string;
  readonly why: string;
}

/** Keys whose literal string value would be a secret. `http_tokens` ("required") is plural and does not match. */
const SECRET_KEY = /(^|_)(password|passwd|secret|secret_string|secret_key|secret_access_key|auth_token|api_key|private_key|client_secret|token|bearer_token)$/i;
const VALUE_PATTERNS: [RegExp, string][] = [
  [/-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/, 'a PEM private key'],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/(aws_secret_access_key|AWS_SECRET_ACCESS_KEY)\s*[=:]\s*[A-Za-z0-9/+]{40}/, 'an AWS secret access key'],
  [/\bxox[abposr]-[0-9A-Za-z-]{10,}/, 'a Slack token'],
  [/\bgh[pousr]_[0-9A-Za-z]{36}\b/, 'a GitHub token'],
];
const BASE64 = /^[A-Za-z0-9+/]{40,}={0,2}$/;

export function scanForSecrets(file: string, document: unknown): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const scanText = (where: string, text: string) => {
    for (const [pattern, why] of VALUE_PATTERNS) if (pattern.test(text)) findings.push({ file, where, why });
  };
  const walk = (value: unknown, where: string, key: string) => {
    if (typeof value === 'string') {
      if (SECRET_KEY.test(key) && value.length > 0 && !value.includes('${')) findings.push({ file, where, why: `literal value of secret-like key "${key}"` });
      scanText(where, value);
      if (BASE64.test(value)) scanText(`${where} (base64-decoded)`, Buffer.from(value, 'base64').toString('utf8'));
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`, key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, where ? `${where}.${k}` : k, k);
  };
  walk(document, '', '');
  return findings;
}
