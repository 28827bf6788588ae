// What leaves the machine: metadata by default; text (session titles, working directories) only when the
// developer turned sharing on, and then with known secret patterns replaced.
import type { LocalSessionRow, LocalUsageRow } from '../store/outbox-store';

/** Known secret shapes. Order matters: the private-key block is matched before anything inside it. */
const SECRET_PATTERNS: { name: string; pattern: RegExp }[] = [
  {
    name: 'private-key',
    pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
  },
  { name: 'anthropic-key', pattern: /\bsk-ant-[A-Za-z0-9_-]{8,}/g },
  { name: 'openai-key', pattern: /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}/g },
  { name: 'aws-access-key', pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g },
  {
    name: 'aws-secret-key',
    pattern:
      /\b(aws_secret_access_key|AWS_SECRET_ACCESS_KEY|aws_secret|secret_access_key)(\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}/g,
  },
  { name: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { name: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { name: 'bearer-token', pattern: /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{16,}/gi },
  { name: 'url-password', pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi },
];

/** Replaces every known secret in `text` with `[REDACTED:<kind>]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const { name, pattern } of SECRET_PATTERNS) {
    out = out.replace(pattern, (...m: unknown[]) => {
      const groups = m.slice(1, -2).filter((g): g is string => typeof g === 'string');
      // Keep a label such as "Bearer " or "aws_secret_access_key=" so the text still reads.
      if (name === 'bearer-token') return `${groups[0] ?? 'Bearer'} [REDACTED:${name}]`;
      if (name === 'aws-secret-key') return `${groups[0] ?? ''}${groups[1] ?? ''}[REDACTED:${name}]`;
      if (name === 'url-password') return `${groups[0] ?? ''}[REDACTED:${name}]@`;
      return `[REDACTED:${name}]`;
    });
  }
  return out;
}

export interface SharingPolicy {
  shareText: boolean;
}

/** The session as the team may see it. */
export function shareableSession(s: LocalSessionRow, policy: SharingPolicy): LocalSessionRow {
  return {
    ...s,
    cwd: policy.shareText && s.cwd !== null ? redactSecrets(s.cwd) : null,
    title: policy.shareText && s.title !== null ? redactSecrets(s.title) : null,
  };
}

/** Usage records are metadata only (tokens, cost, model, agent): they go as they are. */
export function shareableUsage(u: LocalUsageRow): LocalUsageRow {
  return u;
}
