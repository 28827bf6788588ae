// Me / team / one developer, for every panel over usage and activity; only shown when team mode is on.
import { useQuery } from '../hooks/useQuery';
import { parseScope, scopeParam, useScope } from '../hooks/useScope';

export function ScopeSwitch() {
  const status = useQuery('team.status', {}, ['team.changed'], 5000);
  const developers = useQuery('team.developers', {}, ['team.changed'], 2000);
  const [scope, setScope] = useScope();
  if (status.data?.mode !== 'team') return null;
  const me = status.data.developer;
  const names = (developers.data ?? []).map((d) => d.developer).filter((d) => d !== me);
  const value = scopeParam(scope);
  // A developer named in the URL but not (yet) in the cache stays selectable, so a shared link still works.
  if (scope.kind === 'developer' && !names.includes(scope.developer) && scope.developer !== me)
    names.push(scope.developer);
  return (
    <div className="scope-switch">
      <label className="select">
        <span>Scope</span>
        <select data-testid="scope-select" value={value} onChange={(e) => setScope(parseScope(e.target.value))}>
          <option value="me">Me (this machine)</option>
          <option value="team">Team {status.data.team}</option>
          <option value={`dev:${me}`}>{me} (as the team sees me)</option>
          {names.map((n) => (
            <option key={n} value={`dev:${n}`}>
              {n}
            </option>
          ))}
        </select>
      </label>
      {scope.kind !== 'me' && (
        <span className="muted small" data-testid="scope-note">
          From the local team cache{status.data.lastPullAt ? '' : ' (not synced yet)'}
        </span>
      )}
    </div>
  );
}
