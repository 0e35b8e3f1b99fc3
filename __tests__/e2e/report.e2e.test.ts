/**
 * The report end to end: the bundled action on the sandbox, with logs written by an attacker, logs of
 * 10 MB, a PR with an earlier comment, push events, missing permissions and a cancelled job. The runner
 * log is read the way the runner reads it (workflow commands, stop-commands), the comment the way
 * GitHub renders it.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import { HEAD_SHA, PR_NUMBER, runAction, startSandbox, type Sandbox } from '../../sandbox/index.ts'
import { FIXTURE_SECRETS, PROJECT_TOKEN } from '../../sandbox/scenarios/index.ts'
import { SANDBOX_GITHUB_TOKEN, SHAPED_SECRETS } from '../../sandbox/scenarios/report.ts'

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

interface Command {
  name: string
  line: string
}

/**
 * The workflow commands the runner would act on in this stdout: `::name ...::` at a line's start (after
 * trimming), the legacy `##[name ...]` anywhere in a line, and nothing while stop-commands holds until
 * its token comes back (actions/runner ActionCommandManager).
 */
function processedCommands(stdout: string): Command[] {
  const out: Command[] = []
  let stopToken: string | undefined
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trimStart()
    const v2 = /^::([A-Za-z0-9_-]+)[ :]/.exec(line)
    const legacyAt = raw.indexOf('##[')
    const legacy = legacyAt >= 0 ? /^##\[([A-Za-z0-9_-]+)[ \];]/.exec(raw.slice(legacyAt)) : null
    const name = v2?.[1] ?? legacy?.[1]
    if (!name) continue
    if (stopToken !== undefined) {
      if (name === stopToken) stopToken = undefined
      continue
    }
    out.push({ name, line })
    if (name === 'stop-commands') stopToken = /^::stop-commands::(.*)$/.exec(line)?.[1]
  }
  return out
}

function html(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true })
}

const ALL_SECRETS = [...Object.values(FIXTURE_SECRETS), PROJECT_TOKEN, SANDBOX_GITHUB_TOKEN, ...Object.values(SHAPED_SECRETS)]

describe('the report, end to end', () => {
  it('hostile logs: no workflow command, element, mention or secret of theirs acts or leaks', async () => {
    // The reader sees commands where the runner would, and none inside a stop-commands block.
    expect(processedCommands('::error title=x::y\nfoo ##[set-output name=a;]b\n::stop-commands::t1\n::error::z\n::t1::\n  ::warning::w').map((c) => c.name)).toEqual([
      'error',
      'set-output',
      'stop-commands',
      'warning'
    ])
    sandbox = await startSandbox('hostile-logs')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toBe('')

    // The runner log shows the attack as text...
    expect(result.stdout).toContain('::error title=pwned::injected annotation')
    expect(result.stdout).toContain('##[set-output name=result;]success')
    // ...and acts only on the action's own commands.
    const commands = processedCommands(result.stdout)
    expect([...new Set(commands.map((c) => c.name))].sort()).toEqual(['add-mask', 'endgroup', 'group', 'stop-commands'])
    const tokens = commands.filter((c) => c.name === 'stop-commands').map((c) => c.line)
    expect(tokens.length).toBe(2) // build and deploy tails
    expect(tokens.every((t) => /^::stop-commands::rdg-[0-9a-f]{32}$/.test(t))).toBe(true)
    // The action masks its tokens and the service's variable values, and nothing a log asked for.
    const ownValues = new Set<string>([PROJECT_TOKEN, SANDBOX_GITHUB_TOKEN, ...Object.values(sandbox.scenario.services[0].variables).filter((v): v is string => !!v)])
    const masked = commands.filter((c) => c.name === 'add-mask').map((c) => c.line.slice('::add-mask::'.length))
    expect(masked).toEqual(expect.arrayContaining([PROJECT_TOKEN, SANDBOX_GITHUB_TOKEN]))
    for (const value of masked) expect(ownValues.has(value)).toBe(true)
    expect(commands.some((c) => /pwned|injected|indented|legacy|guess/.test(c.line))).toBe(false)

    const comment = sandbox.github.comments[0].body
    const shownLog = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n')
    for (const text of [shownLog, result.summary, comment, JSON.stringify(result.outputs)]) {
      for (const secret of ALL_SECRETS) expect(text).not.toContain(secret)
    }
    expect(comment).toContain('[redacted]')

    const rendered = html(comment)
    const tags = [...rendered.matchAll(/<(\/?)([a-z]+)\b/g)].map((m) => m[1] + m[2])
    expect(tags).not.toContain('img')
    expect(tags).not.toContain('script')
    expect(tags.filter((t) => t === 'details')).toHaveLength(2)
    expect(tags.filter((t) => t === '/details')).toHaveLength(2)
    expect(rendered).not.toMatch(/href="(?!https:\/\/)/)
    const prose = rendered.replace(/<pre>[\s\S]*?<\/pre>/g, '').replace(/<code>[\s\S]*?<\/code>/g, '')
    expect(prose).not.toMatch(/@(acme|octocat)/)
  })

  it('10 MB of build log: the comment fits 65,536 characters, the summary 1 MiB, the verdict and tail stay', async () => {
    sandbox = await startSandbox('huge-logs')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(1)
    const served = sandbox.railway.requests.filter((r) => r.operation === 'BuildLogs')
    expect(served.length).toBeGreaterThan(0)
    const comment = sandbox.github.comments[0].body
    expect(comment.length).toBeLessThanOrEqual(65_536)
    expect(Buffer.byteLength(result.summary, 'utf8')).toBeLessThan(1024 * 1024)
    for (const text of [comment, result.summary]) {
      expect(text).toContain('❌ Railway deploy failed')
      expect(text).toContain('**Checklist**')
      expect(text).toContain('ERROR: out of disk space while exporting layers')
    }
    expect(sandbox.github.calls.filter((c) => c.status === 422)).toHaveLength(0)
  })

  it('a second run on a PR with our comment updates it, in at most 7 GitHub requests and no GET /user', async () => {
    sandbox = await startSandbox('healthy')
    await runAction(sandbox)
    const before = sandbox.github.calls.length
    await runAction(sandbox)
    const second = sandbox.github.calls.slice(before)
    expect(sandbox.github.comments).toHaveLength(1)
    expect(second.length).toBeLessThanOrEqual(7)
    expect(second.some((c) => c.path === '/user')).toBe(false)
    expect(second.filter((c) => c.method === 'PATCH')).toHaveLength(1)
  })

  it('comment: new and comment-key', async () => {
    sandbox = await startSandbox('healthy')
    await runAction(sandbox)
    await runAction(sandbox, { inputs: { comment: 'new' } })
    expect(sandbox.github.comments).toHaveLength(2)
    await runAction(sandbox, { inputs: { 'comment-key': 'second-gate' } })
    expect(sandbox.github.comments).toHaveLength(3)
    expect(sandbox.github.comments[2].body.split('\n')[0]).toBe('<!-- railway-deploy-gate:second-gate -->')
    await runAction(sandbox, { inputs: { comment: 'off' } })
    expect(sandbox.github.comments).toHaveLength(3)
  })

  it('a push finds its PR through commits/{sha}/pulls; without one it comments on the commit', async () => {
    sandbox = await startSandbox('healthy', { github: { pullsByCommit: { [HEAD_SHA]: [PR_NUMBER] } } })
    const toPr = await runAction(sandbox, { event: 'push' })
    expect(toPr.exitCode).toBe(0)
    expect(sandbox.github.comments.map((c) => c.issue)).toEqual([PR_NUMBER])
    await sandbox.stop()

    sandbox = await startSandbox('healthy')
    const toCommit = await runAction(sandbox, { event: 'push' })
    expect(toCommit.exitCode).toBe(0)
    expect(sandbox.github.comments.map((c) => c.commitSha)).toEqual([HEAD_SHA])
    expect(toCommit.outputs['comment-url']).toContain(`commit/${HEAD_SHA}`)
  })

  it('without pull-requests/statuses/deployments permissions: the verdict stands and the summary has the report and the warning', async () => {
    sandbox = await startSandbox('healthy', { github: { forbid: ['comments', 'statuses', 'deployments'] } })
    const passing = await runAction(sandbox)
    expect(passing.exitCode).toBe(0)
    expect(passing.outputs.result).toBe('success')
    expect(passing.summary).toContain('✅ Railway deploy passed')
    for (const permission of ['pull-requests: write', 'statuses: write', 'deployments: write']) {
      expect(passing.stdout).toMatch(new RegExp(`::warning::.*${permission}`))
      expect(passing.summary).toContain(permission)
    }
    await sandbox.stop()

    sandbox = await startSandbox('build-failure', { github: { forbid: ['comments'] } })
    const failing = await runAction(sandbox)
    expect(failing.exitCode).toBe(1)
    expect(failing.summary).toContain('❌ Railway deploy failed')
    expect(sandbox.github.statuses.at(-1)?.state).toBe('failure')
  })

  it('a comment POST that fails ambiguously leaves exactly one comment', async () => {
    sandbox = await startSandbox('healthy', { github: { ambiguousCommentPosts: 1 } })
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(0)
    expect(sandbox.github.comments).toHaveLength(1)
    expect(result.outputs['comment-url']).toContain(`#issuecomment-${sandbox.github.comments[0].id}`)
  })

  it('a cancelled job leaves no status pending and no deployment in progress', async () => {
    sandbox = await startSandbox('slow-build')
    const result = await runAction(sandbox, { interruptAfterMs: 1500 })
    expect(result.outputs.result).toBe('cancelled')
    expect(result.exitCode).toBe(1)
    expect(sandbox.github.statuses.map((s) => s.state)).toEqual(['pending', 'error'])
    expect(sandbox.github.deployments[0].statuses.map((s) => s.state)).toEqual(['in_progress', 'error'])
  })
})
