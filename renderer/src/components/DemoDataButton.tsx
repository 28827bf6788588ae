// "Load demo data" for empty panels: asks the core to simulate Claude data in its own folder (never yours).
import { useState } from 'react';
import { request } from '../api';

export function DemoDataButton() {
  const [state, setState] = useState<{ busy: boolean; message: string | null }>({ busy: false, message: null });
  return (
    <div className="demo-data">
      <button
        type="button"
        disabled={state.busy}
        onClick={() => {
          setState({ busy: true, message: null });
          request('demo.load', {})
            .then((r) => setState({ busy: false, message: `Demo data written to ${r.source} (${r.files} files).` }))
            .catch((e: Error) => setState({ busy: false, message: e.message }));
        }}
      >
        {state.busy ? 'Loading demo data…' : 'Load demo data'}
      </button>
      {state.message && (
        <p role="status" data-testid="demo-data-message">
          {state.message}
        </p>
      )}
    </div>
  );
}
