// Whose usage the usage panels show, kept in the URL: absent or `me`, `scope=team`, `scope=dev:<name>`.
import type { UsageScope } from '../../../shared/contract';
import { TeamMemberName } from '../../../shared/contract';
import { useUrlState } from './useUrlState';

/** The URL value of a scope. */
export function scopeParam(scope: UsageScope): string {
  if (scope.kind === 'team') return 'team';
  if (scope.kind === 'developer') return `dev:${scope.developer}`;
  return 'me';
}

/** A URL value read back; anything unknown (a hand-edited URL) means `me`. */
export function parseScope(value: string): UsageScope {
  if (value === 'team') return { kind: 'team' };
  if (value.startsWith('dev:')) {
    const name = TeamMemberName.safeParse(value.slice(4));
    if (name.success) return { kind: 'developer', developer: name.data };
  }
  return { kind: 'me' };
}

/** The scope in the URL, and a setter that writes it (a history entry, so Back returns to the previous scope). */
export function useScope(): [UsageScope, (scope: UsageScope) => void] {
  const [url, setUrl] = useUrlState({ scope: 'me' });
  return [parseScope(url.scope), (scope) => setUrl({ scope: scopeParam(scope) })];
}

/** The `scope` field of a request: left out for `me`, so requests stay what they were before team mode. */
export function scopeInput(scope: UsageScope): { scope?: UsageScope } {
  return scope.kind === 'me' ? {} : { scope };
}
