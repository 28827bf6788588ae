// A search field whose value lives in the URL: typing updates the field at once and the URL after a pause,
// so a word typed is one history entry, not one per letter.
import { useEffect, useRef, useState } from 'react';

const SETTLE_MS = 300;

export function SearchBox(props: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  placeholder?: string;
  testId?: string;
}) {
  const [text, setText] = useState(props.value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { onChange } = props;

  // The URL changed under us (back, reload, "clear filters"): show what it says.
  useEffect(() => setText(props.value), [props.value]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const commit = (value: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (value !== props.value) onChange(value);
  };

  return (
    <label className="search-box">
      <span>{props.label}</span>
      <input
        type="search"
        value={text}
        placeholder={props.placeholder}
        data-testid={props.testId}
        onChange={(e) => {
          const value = e.target.value;
          setText(value);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(value), SETTLE_MS);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(text);
        }}
        onBlur={() => commit(text)}
      />
    </label>
  );
}
