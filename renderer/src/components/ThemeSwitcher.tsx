// The theme override: system, light or dark.
import { useState } from 'react';
import { applyTheme, storedTheme, type ThemeChoice } from '../theme';

/** `testId` tells apart the sidebar's switcher and the one on the Settings page. */
export function ThemeSwitcher({ testId = 'theme-select' }: { testId?: string }) {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  return (
    <label className="theme-switcher">
      <span>Theme</span>
      <select
        value={choice}
        data-testid={testId}
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
