// The words a simulated team uses: projects, prompts, files, commands, subagent types and models.
// Fixed text, so that a seed alone decides what a simulation contains.

export const MODELS = {
  sonnet: 'claude-sonnet-4-5-20250929',
  opus: 'claude-opus-4-5-20251101',
  haiku: 'claude-haiku-4-5-20251001',
} as const;

/** The model Claude Code writes on lines it makes up itself (API errors, "No response requested."). */
export const SYNTHETIC_MODEL = '<synthetic>';

export interface ProjectProfile {
  cwd: string;
  /** How busy the project is, relative to the others. */
  weight: number;
  branches: string[];
  files: string[];
  testCommand: string;
  buildCommand: string;
  /** Subagent types defined for this project (its `.claude/agents/*.md`), besides the built-in ones. */
  agents: string[];
  topics: string[];
}

export const PROJECTS: ProjectProfile[] = [
  {
    cwd: '/home/dev/shop',
    weight: 6,
    branches: ['main', 'feat/checkout-v2', 'fix/tax-rounding', 'feat/gift-cards'],
    files: [
      'src/checkout/cart.ts',
      'src/checkout/tax.ts',
      'src/checkout/payment-intent.ts',
      'src/api/orders.controller.ts',
      'src/db/migrations/0042_gift_cards.sql',
      'src/components/CartSummary.tsx',
      'tests/checkout/tax.test.ts',
      'package.json',
    ],
    testCommand: 'npm test -- --run tests/checkout',
    buildCommand: 'npm run build',
    agents: ['backend-developer', 'frontend-developer', 'test-engineer', 'code-reviewer'],
    topics: ['tax rounding on mixed carts', 'gift card redemption', 'the checkout summary', 'order refunds'],
  },
  {
    cwd: '/home/dev/api-gateway',
    weight: 4,
    branches: ['main', 'feat/rate-limits', 'chore/deps'],
    files: [
      'internal/ratelimit/bucket.go',
      'internal/ratelimit/bucket_test.go',
      'internal/proxy/handler.go',
      'cmd/gateway/main.go',
      'config/routes.yaml',
      'go.mod',
    ],
    testCommand: 'go test ./internal/...',
    buildCommand: 'go build ./cmd/gateway',
    agents: ['backend-developer', 'security-auditor', 'devops-engineer'],
    topics: ['per-tenant rate limits', 'the proxy timeout handling', 'route reloading', 'TLS settings'],
  },
  {
    cwd: '/home/dev/work/subforge',
    weight: 3,
    branches: ['main', 'feat/agent-templates', 'fix/frontmatter-parse'],
    files: [
      'subforge/generator.py',
      'subforge/templates/agent.md.j2',
      'subforge/analysis/project_scan.py',
      'tests/test_generator.py',
      'pyproject.toml',
    ],
    testCommand: 'pytest -q tests',
    buildCommand: 'python -m build',
    agents: ['python-developer', 'test-engineer', 'documentation-writer'],
    topics: ['agent template rendering', 'the project scanner', 'frontmatter validation', 'CLI help output'],
  },
  {
    cwd: '/Users/ana/code/mobile-app',
    weight: 2,
    branches: ['develop', 'feat/offline-sync', 'fix/login-crash'],
    files: [
      'src/screens/LoginScreen.tsx',
      'src/sync/queue.ts',
      'src/sync/conflicts.ts',
      'src/api/client.ts',
      '__tests__/sync/queue.test.ts',
      'app.json',
    ],
    testCommand: 'npx jest __tests__/sync',
    buildCommand: 'npx tsc --noEmit',
    agents: ['frontend-developer', 'test-engineer'],
    topics: ['offline sync conflicts', 'the login crash on Android', 'push notification setup'],
  },
  {
    cwd: '/home/dev/infra',
    weight: 1,
    branches: ['main', 'feat/staging-cluster'],
    files: [
      'terraform/modules/db/main.tf',
      'terraform/envs/staging/main.tf',
      'k8s/gateway/deployment.yaml',
      'Makefile',
    ],
    testCommand: 'terraform validate',
    buildCommand: 'terraform plan -out=plan.out',
    agents: ['devops-engineer', 'security-auditor'],
    topics: ['the staging database module', 'gateway autoscaling', 'secret rotation'],
  },
  {
    cwd: '/home/dev/data-pipeline',
    weight: 2,
    branches: ['main', 'feat/dedupe-events', 'fix/late-arrivals'],
    files: [
      'pipeline/jobs/daily_rollup.py',
      'pipeline/io/kafka_source.py',
      'pipeline/transforms/dedupe.py',
      'tests/test_dedupe.py',
      'requirements.txt',
    ],
    testCommand: 'pytest -q tests/test_dedupe.py',
    buildCommand: 'ruff check pipeline',
    agents: ['data-engineer', 'python-developer', 'code-reviewer'],
    topics: ['event de-duplication', 'late-arriving events', 'the daily rollup job'],
  },
];

/** Claude Code derives a project folder name from its working directory this way. */
export function projectFolder(cwd: string): string {
  return cwd.replace(/[^a-zA-Z0-9]/g, '-');
}

export const BUILT_IN_AGENTS = ['general-purpose', 'Explore', 'Plan'];

export const PROMPTS = [
  'Fix {topic}. The tests in {file} fail since yesterday.',
  'Can you look at {file}? I think {topic} is broken.',
  'Add tests for {topic} and make sure they pass.',
  'Refactor {file} so that {topic} is easier to follow. Keep behaviour the same.',
  'Why does {topic} behave differently on staging? Check {file} first.',
  'Implement {topic}. Plan it first, then use the team agents.',
  'Review the last commit touching {file} and tell me what could go wrong.',
  'continue',
  'Run the tests and fix whatever fails.',
  'ok, commit this with a good message',
  'Use the {agent} agent to check {topic}.',
  'The build fails with a type error in {file}, please fix.',
  'Explain how {topic} works in this codebase.',
  'yes, go ahead',
];

export const SENTENCES = [
  "I'll start by reading the relevant files to understand the current implementation.",
  'Let me check how this is wired up before changing anything.',
  'The problem is that the value is rounded per line instead of once per order.',
  'I found the cause: the handler returns before the timeout is cleared.',
  "Now I'll update the implementation and add a regression test.",
  'The tests pass now. Let me also run the build to make sure the types are still fine.',
  'I can see the issue — the queue is drained twice when the app resumes from background.',
  "Let me delegate the exploration to a subagent so we don't fill the context.",
  "Here's a summary of what changed:",
  'All 48 tests pass and the build is clean.',
  'This needs a migration as well; I will write it next.',
  'The error comes from a missing null check when the cart is empty.',
  "I'll update the todo list to track progress.",
  'That approach would break the public API, so I kept the old signature and added an overload.',
  'Two tests still fail; both depend on the clock, so I injected a fixed clock.',
  '✓ Fixed. The change is small and covered by the new test.',
];

export const TODO_ITEMS = [
  'Reproduce the failure with a test',
  'Find where {topic} is computed',
  'Fix the rounding logic',
  'Update the API handler',
  'Write a migration for the new column',
  'Run the full test suite',
  'Update the documentation',
  'Review the change for edge cases',
  'Clean up the temporary logging',
  'Check the build and the linter',
];

export const CODE_LINES: Record<string, string[]> = {
  ts: [
    "import { describe, expect, it } from 'vitest';",
    "import type { Cart, LineItem } from '../types';",
    '',
    'export function lineTotal(item: LineItem): number {',
    '  const gross = item.unitPrice * item.quantity;',
    '  return Math.round(gross * 100) / 100;',
    '}',
    '',
    'export function cartTax(cart: Cart, rate: number): number {',
    '  // Tax is computed once per order, not per line, to match the invoice.',
    '  const net = cart.items.reduce((sum, item) => sum + lineTotal(item), 0);',
    '  return Math.round(net * rate * 100) / 100;',
    '}',
    '',
    'export async function loadCart(id: string, db: Database): Promise<Cart | null> {',
    "  const row = await db.get('SELECT * FROM carts WHERE id = ?', id);",
    '  if (!row) return null;',
    '  return { id: row.id, items: JSON.parse(row.items) as LineItem[], currency: row.currency };',
    '}',
  ],
  go: [
    'package ratelimit',
    '',
    'import (',
    '\t"sync"',
    '\t"time"',
    ')',
    '',
    '// Bucket is a token bucket refilled at a fixed rate.',
    'type Bucket struct {',
    '\tmu       sync.Mutex',
    '\ttokens   float64',
    '\tcapacity float64',
    '\trate     float64',
    '\tlast     time.Time',
    '}',
    '',
    'func (b *Bucket) Allow(now time.Time) bool {',
    '\tb.mu.Lock()',
    '\tdefer b.mu.Unlock()',
    '\tb.tokens = min(b.capacity, b.tokens+now.Sub(b.last).Seconds()*b.rate)',
    '\tb.last = now',
    '\tif b.tokens < 1 {',
    '\t\treturn false',
    '\t}',
    '\tb.tokens--',
    '\treturn true',
    '}',
  ],
  py: [
    'from __future__ import annotations',
    '',
    'from dataclasses import dataclass',
    'from typing import Iterable, Iterator',
    '',
    '',
    '@dataclass(frozen=True)',
    'class Event:',
    '    key: str',
    '    ts: float',
    '    payload: dict',
    '',
    '',
    'def dedupe(events: Iterable[Event], window_s: float = 300.0) -> Iterator[Event]:',
    '    """Drop events whose key was seen within the window."""',
    '    seen: dict[str, float] = {}',
    '    for event in events:',
    '        last = seen.get(event.key)',
    '        if last is not None and event.ts - last < window_s:',
    '            continue',
    '        seen[event.key] = event.ts',
    '        yield event',
  ],
  other: [
    'resource "aws_db_instance" "main" {',
    '  identifier        = "${var.env}-main"',
    '  engine            = "postgres"',
    '  engine_version    = "16.3"',
    '  instance_class    = var.instance_class',
    '  allocated_storage = 50',
    '  storage_encrypted = true',
    '}',
  ],
};

export function languageOf(file: string): keyof typeof CODE_LINES {
  if (/\.(ts|tsx|js)$/.test(file)) return 'ts';
  if (file.endsWith('.go')) return 'go';
  if (file.endsWith('.py')) return 'py';
  return 'other';
}

export const TEST_OUTPUT_PASS = [
  ' ✓ tests/checkout/tax.test.ts (12 tests) 41ms',
  ' ✓ tests/checkout/cart.test.ts (21 tests) 63ms',
  ' ✓ tests/api/orders.test.ts (15 tests) 112ms',
  '',
  ' Test Files  3 passed (3)',
  '      Tests  48 passed (48)',
  '   Duration  1.84s',
];

export const TEST_OUTPUT_FAIL = [
  ' FAIL  tests/checkout/tax.test.ts > cartTax > rounds once per order',
  'AssertionError: expected 10.01 to be 10 // Object.is equality',
  '',
  '- Expected',
  '+ Received',
  '',
  '- 10',
  '+ 10.01',
  '',
  ' ❯ tests/checkout/tax.test.ts:27:41',
  '',
  ' Test Files  1 failed | 2 passed (3)',
  '      Tests  1 failed | 47 passed (48)',
];

export const API_ERRORS = [
  'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
  'API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}',
  'API Error: Request timed out.',
  'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}',
];

export const TOOL_REJECTED =
  "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user to tell you how to proceed.";

export const TODO_RESULT =
  'Todos have been modified successfully. Ensure that you continue to use the todo list to track your progress. Please proceed with the current tasks if applicable';

export const COMPACT_SUMMARY_PREFIX =
  'This session is being continued from a previous conversation that ran out of context. The conversation is summarized below:\n';
