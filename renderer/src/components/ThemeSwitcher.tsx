// The theme override: system, light or dark.
import { useState } from 'react';
import { applyTheme, storedTheme, type ThemeChoice } from '../theme';

export function ThemeSwitcher() {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  return (
    <label className="theme-switcher">
      <span>Theme</span>
      <select
        value={choice}
        data-testid="theme-select"
        onChange={(e) => {
          const next = e.target.value as ThemeChoice;
          applyTheme(next);
          setChoice(next);
        }}
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
