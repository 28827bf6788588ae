// Picks a time range: presets as a radio group (arrow keys move between them) and a custom from/to menu that
// Escape closes.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

export const RANGE_OPTIONS = ['1h', '24h', '7d', '30d', 'custom'] as const;
export type RangeOption = (typeof RANGE_OPTIONS)[number];

const LABELS: Record<RangeOption, string> = {
  '1h': '1 h',
  '24h': '24 h',
  '7d': '7 days',
  '30d': '30 days',
  custom: 'Custom…',
};

/** `YYYY-MM-DDTHH:mm` in local time, as <input type="datetime-local"> wants it. */
const toLocalInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

export function RangePicker(props: {
  value: RangeOption;
  from: number | null;
  to: number | null;
  onChange: (value: RangeOption, custom?: { from: number; to: number }) => void;
}) {
  const [menuOpen, setMenuOpen] = useState(false);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const menu = useRef<HTMLDivElement | null>(null);
  const [from, setFrom] = useState(toLocalInput(props.from ?? Date.now() - 2 * 86_400_000));
  const [to, setTo] = useState(toLocalInput(props.to ?? Date.now()));

  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') {
        setMenuOpen(false);
        buttons.current[RANGE_OPTIONS.indexOf('custom')]?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    menu.current?.querySelector('input')?.focus();
    return () => window.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const select = (option: RangeOption) => {
    if (option === 'custom') setMenuOpen(true);
    else {
      setMenuOpen(false);
      props.onChange(option);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = RANGE_OPTIONS.indexOf(props.value);
    const step =
      e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    // Arrows move between presets; 'Custom…' is reached with Tab-free Enter on it, so arrows never open the menu.
    const presets = RANGE_OPTIONS.length - 1;
    const next = RANGE_OPTIONS[((((i === presets ? 0 : i) + step) % presets) + presets) % presets]!;
    buttons.current[RANGE_OPTIONS.indexOf(next)]?.focus();
    select(next);
  };

  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const valid = Number.isFinite(fromMs) && Number.isFinite(toMs) && toMs > fromMs;

  return (
    <div className="range-picker">
      <div role="radiogroup" aria-label="Time range" className="segmented" onKeyDown={onKeyDown}>
        {RANGE_OPTIONS.map((option, i) => (
          <button
            key={option}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="radio"
            aria-checked={props.value === option}
            aria-haspopup={option === 'custom' ? 'dialog' : undefined}
            aria-expanded={option === 'custom' ? menuOpen : undefined}
            tabIndex={props.value === option ? 0 : -1}
            data-testid={`range-${option}`}
            onClick={() => select(option)}
          >
            {LABELS[option]}
          </button>
        ))}
      </div>
      {menuOpen && (
        <div className="popover" role="dialog" aria-label="Custom range" ref={menu}>
          <label>
            From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <div className="popover-actions">
            <button
              type="button"
              disabled={!valid}
              onClick={() => {
                setMenuOpen(false);
                props.onChange('custom', { from: fromMs, to: toMs });
              }}
            >
              Apply
            </button>
            <button type="button" onClick={() => setMenuOpen(false)}>
              Cancel
            </button>
          </div>
          {!valid && <p className="bad">The end must come after the start.</p>}
        </div>
      )}
    </div>
  );
}
