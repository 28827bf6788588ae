// Reading .claude/agents/*.md definitions: tools as a list or a comma string, and broken files reported.
import { describe, expect, it } from 'vitest';
import { parseAgentDefinition } from '../../electron/main/sources/agent-registry';
import { parseFrontmatter } from '../../electron/main/sources/frontmatter';

const where = { path: '/p/.claude/agents/x.md', scope: 'project' as const, projectCwd: '/p', mtimeMs: 1 };

describe('agent definitions', () => {
  it('reads tools given as a comma-separated string, as SubForge writes them', () => {
    const md = `---
name: test-engineer
description: Expert in testing strategies, test automation, and quality assurance.
model: sonnet
tools: Read, Write, Edit, Bash, mcp__ide__getDiagnostics
---

You are a test engineer.`;
    expect(parseAgentDefinition(md, where)).toMatchObject({
      name: 'test-engineer',
      description: 'Expert in testing strategies, test automation, and quality assurance.',
      model: 'sonnet',
      tools: ['Read', 'Write', 'Edit', 'Bash', 'mcp__ide__getDiagnostics'],
      error: null,
    });
  });

  it('reads tools given as a YAML list, quoted values, comments and a folded description', () => {
    const md = `---
# generated
name: "code-reviewer"
description: >
  Reviews code for quality
  and security.
tools:
  - Read
  - 'Grep'   # search
  - Glob
---
body`;
    expect(parseAgentDefinition(md, where)).toMatchObject({
      name: 'code-reviewer',
      description: 'Reviews code for quality and security.',
      model: null,
      tools: ['Read', 'Grep', 'Glob'],
      error: null,
    });
    expect(parseAgentDefinition('---\nname: x\ntools: [Read, "Bash"]\n---\n', where).tools).toEqual(['Read', 'Bash']);
  });

  it('leaves tools null when the agent inherits every tool', () => {
    expect(parseAgentDefinition('---\nname: helper\ndescription: d\n---\n', where)).toMatchObject({
      tools: null,
      error: null,
    });
  });

  it.each([
    ['no frontmatter at all', '# Just a heading\n', /no frontmatter/],
    ['an unclosed frontmatter', '---\nname: x\n', /not closed/],
    ['a line that is not key: value', '---\nname: x\nthis is prose\n---\n', /line 3/],
    ['no name', '---\ndescription: nameless\n---\n', /name/],
  ])('reports %s as an error, without throwing', (_n, md, error) => {
    const row = parseAgentDefinition(md, where);
    expect(row.error).toMatch(error);
    expect(row.name).toBeNull();
  });

  it('parses a frontmatter with CRLF line ends and a BOM', () => {
    const r = parseFrontmatter('\uFEFF---\r\nname: win\r\nmodel: haiku\r\n---\r\nbody');
    expect(r).toMatchObject({ ok: true, fields: { name: 'win', model: 'haiku' } });
  });
});
