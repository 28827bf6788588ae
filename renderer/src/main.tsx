// Renderer entry: mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, bindPanelShortcuts } from './App';
import './styles.css';
import { applyTheme, storedTheme } from './theme';

applyTheme(storedTheme());
bindPanelShortcuts();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
