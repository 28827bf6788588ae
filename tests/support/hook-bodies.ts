// Hook event bodies in Claude Code's format (code.claude.com/docs/en/hooks), field for field as it sends them,
// for one session and its subagents.
import { randomUUID } from 'node:crypto';

export interface HookSession {
  sessionId: string;
  cwd: string;
  transcriptPath: string;
}

export function hookSession(sessionId = randomUUID(), cwd = '/home/dev/demo'): HookSession {
  const project = cwd.replace(/[^a-zA-Z0-9]/g, '-');
  return { sessionId, cwd, transcriptPath: `/home/dev/.claude/projects/${project}/${sessionId}.jsonl` };
}

type Body = Record<string, unknown>;
type Agent = { agentId: string; agentType: string };

const common = (s: HookSession, name: string, agent?: Agent): Body => ({
  session_id: s.sessionId,
  transcript_path: s.transcriptPath,
  cwd: s.cwd,
  permission_mode: 'default',
  hook_event_name: name,
  ...(agent ? { agent_id: agent.agentId, agent_type: agent.agentType } : {}),
});

export const toolUseId = () => `toolu_01${randomUUID().replace(/-/g, '').slice(0, 22)}`;

export const bodies = {
  sessionStart: (s: HookSession, source = 'startup'): Body => ({
    ...common(s, 'SessionStart'),
    source,
    model: 'claude-sonnet-4-5-20250929',
  }),
  userPromptSubmit: (s: HookSession, prompt = 'Add a health check endpoint and test it'): Body => ({
    ...common(s, 'UserPromptSubmit'),
    prompt,
  }),
  preToolUse: (s: HookSession, id: string, command = 'npm test', agent?: Agent): Body => ({
    ...common(s, 'PreToolUse', agent),
    tool_name: 'Bash',
    tool_input: { command, description: 'Run the test suite' },
    tool_use_id: id,
  }),
  postToolUse: (s: HookSession, id: string, stdout = 'Tests: 12 passed, 12 total', agent?: Agent): Body => ({
    ...common(s, 'PostToolUse', agent),
    tool_name: 'Bash',
    tool_input: { command: 'npm test', description: 'Run the test suite' },
    tool_response: { stdout, stderr: '', interrupted: false, isImage: false },
    tool_use_id: id,
  }),
  postToolUseFailure: (s: HookSession, id: string, agent?: Agent): Body => ({
    ...common(s, 'PostToolUseFailure', agent),
    tool_name: 'Bash',
    tool_input: { command: 'npm test', description: 'Run the test suite' },
    tool_use_id: id,
    error: 'Command failed with exit code 1: 2 tests failed',
    is_interrupt: false,
  }),
  permissionRequest: (s: HookSession, agent?: Agent): Body => ({
    ...common(s, 'PermissionRequest', agent),
    tool_name: 'Bash',
    tool_input: { command: 'rm -rf dist', description: 'Clean the build output' },
    permission_suggestions: [
      {
        type: 'addRules',
        rules: [{ toolName: 'Bash', ruleContent: 'rm -rf dist' }],
        behavior: 'allow',
        destination: 'localSettings',
      },
    ],
  }),
  notification: (s: HookSession, type: 'permission_prompt' | 'idle_prompt' | 'auth_success'): Body => ({
    ...common(s, 'Notification'),
    message:
      type === 'permission_prompt'
        ? 'Claude needs your permission to use Bash'
        : type === 'idle_prompt'
          ? 'Claude is waiting for your input'
          : 'Authentication succeeded',
    notification_type: type,
  }),
  subagentStart: (s: HookSession, agent: Agent): Body => ({ ...common(s, 'SubagentStart', agent) }),
  subagentStop: (s: HookSession, agent: Agent): Body => ({
    ...common(s, 'SubagentStop', agent),
    stop_hook_active: false,
    agent_transcript_path: s.transcriptPath.replace(/\.jsonl$/, `/subagents/agent-${agent.agentId}.jsonl`),
    last_assistant_message: 'Found 3 call sites of parseConfig; summary below.',
  }),
  stop: (s: HookSession): Body => ({
    ...common(s, 'Stop'),
    stop_hook_active: false,
    last_assistant_message: 'The health check is in place and the tests pass.',
  }),
  stopFailure: (s: HookSession): Body => ({ ...common(s, 'StopFailure'), error_type: 'rate_limit' }),
  preCompact: (s: HookSession): Body => ({ ...common(s, 'PreCompact'), trigger: 'auto', custom_instructions: '' }),
  sessionEnd: (s: HookSession, reason = 'prompt_input_exit'): Body => ({ ...common(s, 'SessionEnd'), reason }),
};
