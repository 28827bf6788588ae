// Light and dark themes: follow the system unless the user picked one; the choice is kept in localStorage.
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'subforge-monitor-theme';

export function storedTheme(): ThemeChoice {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

/** Applies a choice to the document (`data-theme` overrides the system's preference in styles.css) and keeps it. */
export function applyTheme(choice: ThemeChoice): void {
  if (choice === 'system') {
    localStorage.removeItem(KEY);
    delete document.documentElement.dataset.theme;
  } else {
    localStorage.setItem(KEY, choice);
    document.documentElement.dataset.theme = choice;
  }
}
