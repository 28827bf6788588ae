// The CLI's commands by name: a one-line summary for `--help`, and a loader that imports the command's module
// only when it runs, so `report` does not load the server, team sync, alerts or their dependencies.
export interface CommandModule {
  run: (argv: string[]) => Promise<number>;
  /** The command's full `--help` text. */
  help: string;
}

export interface CommandEntry {
  summary: string;
  load: () => Promise<CommandModule>;
}

export const commandTable: Record<string, CommandEntry> = {
  serve: {
    summary: "Serves the dashboard on loopback and prints its address (with this run's access token) on one line.",
    load: async () => {
      const m = await import('./commands/serve');
      return { run: m.serveCommand, help: m.serveHelp };
    },
  },
  import: {
    summary: 'Reads every transcript under the Claude data directories into the local store, then exits.',
    load: async () => {
      const m = await import('./commands/import');
      return { run: m.importCommand, help: m.importHelp };
    },
  },
  report: {
    summary: 'Token usage and cost by day, week, month, session, model or subagent type, counted as ccusage counts it.',
    load: async () => {
      const m = await import('./commands/report');
      return { run: m.reportCommand, help: m.reportHelp };
    },
  },
  prices: {
    summary: "Lists the model prices in effect (USD per million tokens), with the data directory's overrides.",
    load: async () => {
      const m = await import('./commands/prices');
      return { run: m.pricesCommand, help: m.pricesHelp };
    },
  },
  simulate: {
    summary: 'Writes simulated Claude Code transcripts (projects, sessions, subagents, a few damaged lines) into DIR.',
    load: async () => {
      const m = await import('./commands/simulate');
      return { run: m.simulateCommand, help: m.simulateHelp };
    },
  },
  hook: {
    summary: 'Forwards one Claude Code hook event (JSON on stdin) to the running app. Installed by `install-hooks`.',
    load: async () => {
      const m = await import('./commands/hook');
      return { run: m.hookCommand, help: m.hookHelp };
    },
  },
  'install-hooks': {
    summary: "Adds SubForge Monitor's hooks to Claude Code's settings, so live status reaches the app.",
    load: async () => {
      const m = await import('./commands/install-hooks');
      return { run: m.installHooksCommand, help: m.installHooksHelp };
    },
  },
  sync: {
    summary: "Shares this machine's usage with the team (Postgres + Redis) and caches the team's records locally.",
    load: async () => {
      const m = await import('./commands/sync');
      return { run: m.syncCommand, help: m.syncHelp };
    },
  },
  alerts: {
    summary: 'Prints the alert history, newest first: time, rule, severity, title and session id.',
    load: async () => {
      const m = await import('./commands/alerts');
      return { run: m.alertsCommand, help: m.alertsHelp };
    },
  },
};
