import { secretsIn } from '../../lib/policy/secret-patterns';

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

export function scanForSecrets(file: string, document: unknown): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const walk = (value: unknown, where: string, key: string) => {
    if (typeof value === 'string') {
      if (SECRET_KEY.test(key) && value.length > 0 && !value.includes('${')) findings.push({ file, where, why: `literal value of secret-like key "${key}"` });
      for (const why of secretsIn(value)) findings.push({ file, where, why });
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`, key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, where ? `${where}.${k}` : k, k);
  };
  walk(document, '', '');
  return findings;
}
