// A windowed list: fixed row heights, only the rows in view (plus an overscan) are in the DOM, so a session of
// tens of thousands of entries scrolls as smoothly as one of ten. Keeps its scroll position while items change.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  /** Rows rendered beyond each edge of the view. */
  overscan?: number;
  getKey: (item: T, index: number) => string;
  renderRow: (item: T, index: number, active: boolean) => ReactNode;
  /** The row keyboard navigation is on; scrolled into view when it changes. */
  activeIndex?: number;
  /** Changes on every keyboard move, so the active row is brought back into view even when it did not change. */
  moveCount?: number;
  onKeyDown?: (e: KeyboardEvent<HTMLDivElement>) => void;
  /** Id of a row's element, for aria-activedescendant. */
  rowId?: (index: number) => string;
  ariaLabel: string;
  className?: string;
  testId?: string;
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, overscan = 8, activeIndex, moveCount } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    setHeight(el.clientHeight || 600);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Bring the active row into view, moving as little as possible.
  useEffect(() => {
    const el = viewport.current;
    if (!el || activeIndex === undefined || activeIndex < 0) return;
    const top = activeIndex * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  }, [activeIndex, rowHeight, moveCount]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i]!;
    rows.push(
      <div
        key={props.getKey(item, i)}
        className="virtual-row"
        style={{ position: 'absolute', top: i * rowHeight, height: rowHeight, left: 0, right: 0 }}
      >
        {props.renderRow(item, i, i === activeIndex)}
      </div>,
    );
  }
  return (
    <div
      ref={viewport}
      className={`virtual-list ${props.className ?? ''}`}
      role="listbox"
      aria-label={props.ariaLabel}
      aria-activedescendant={
        props.rowId && activeIndex !== undefined && activeIndex >= 0 ? props.rowId(activeIndex) : undefined
      }
      tabIndex={0}
      data-testid={props.testId}
      data-total={items.length}
      onKeyDown={props.onKeyDown}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div style={{ position: 'relative', height: items.length * rowHeight }}>{rows}</div>
    </div>
  );
}
