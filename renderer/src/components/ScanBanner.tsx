// While a large scan runs (the app's first read of a long history), how far it got: panels fill in as it goes.
import { formatExactTokens, formatMiB } from '../format';
import { useScan } from '../hooks/useScan';

export function ScanBanner() {
  const scan = useScan();
  if (!scan) return null;
  return (
    <div className="scan-banner" role="status" data-testid="scan-banner">
      <span>
        Reading your Claude Code history: {formatExactTokens(scan.filesRead)} of {formatExactTokens(scan.files)} files,{' '}
        {formatMiB(scan.bytesRead)} of {formatMiB(scan.bytes)} MiB. The panels fill in as it goes.
      </span>
      <progress
        max={scan.bytes}
        value={scan.bytesRead}
        aria-label="History read"
        aria-valuetext={`${Math.floor((100 * scan.bytesRead) / Math.max(scan.bytes, 1))}%`}
      />
    </div>
  );
}
