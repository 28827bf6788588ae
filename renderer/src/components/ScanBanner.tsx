// While a large scan runs (the app's first read of a long history), how far it got: panels fill in as it goes.
import { formatExactTokens } from '../format';
import { useScan } from '../hooks/useScan';

const MIB = 1024 * 1024;

export function ScanBanner() {
  const scan = useScan();
  if (!scan) return null;
  const mib = (bytes: number) => formatExactTokens(Math.round(bytes / MIB));
  return (
    <div className="scan-banner" role="status" data-testid="scan-banner">
      <span>
        Reading your Claude Code history: {formatExactTokens(scan.filesRead)} of {formatExactTokens(scan.files)} files,{' '}
        {mib(scan.bytesRead)} of {mib(scan.bytes)} MiB. The panels fill in as it goes.
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
