/**
 * GitHubReporter through the real Octokit client (retry + throttling plugins) against the fake GitHub
 * on 127.0.0.1: sticky lookup through pages and only among our own comments, comment modes and keys,
 * push → PR or commit, an ambiguous POST that must not leave a duplicate, 422 → shrink, 403 → a warning
 * naming the permission, statuses and deployments always closed.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { readConfig, type InputName } from '../../src/config/inputs.js'
import { createOctokitApi } from '../../src/github/api.js'
import type { RunContext } from '../../src/github/context.js'
import { MemoryLogger } from '../../src/logger.js'
import { GitHubReporter } from '../../src/report/github.js'
import type { RunRecord } from '../../src/report/model.js'
import { marker } from '../../src/report/render.js'
import { FakeGitHub, type FakeGitHubOptions } from '../../sandbox/fake-github.ts'
import { buildFailure, passingRun } from '../report/records.js'

const SHA = '3f2a9c1e7b4d5f60812a3b4c5d6e7f8091a2b3c4'
const GHS = 'ghs_TestInstallationToken0000000000000000001'
let github: FakeGitHub | undefined
afterEach(async () => {
  await github?.stop()
  github = undefined
})

function runContext(over: Partial<RunContext> = {}): RunContext {
  return {
    eventName: 'pull_request',
    sha: 'merge',
    pullRequestHeadSha: SHA,
    pullRequestNumber: 42,
    fromFork: false,
    actor: 'octocat',
    owner: 'acme',
    repo: 'shop',
    apiUrl: '',
    serverUrl: 'https://github.com',
    runId: 1,
    runUrl: 'https://github.com/acme/shop/actions/runs/1',
    workspace: '/tmp',
    ...over
  }
}

async function setup(options: { fake?: FakeGitHubOptions; inputs?: Partial<Record<InputName, string>>; run?: Partial<RunContext>; token?: string } = {}) {
  github = await new FakeGitHub(options.fake).start()
  const run = runContext(options.run)
  const inputs: Partial<Record<InputName, string>> = { 'railway-token': 'rw', service: 'web', 'commit-sha': SHA, ...options.inputs }
  const config = readConfig((name) => inputs[name], run)
  const log = new MemoryLogger()
  const notes: string[] = []
  const api = createOctokitApi(options.token ?? GHS, github.url, log, { retryAfterBaseValue: 1, writeSpacingMs: 0, notificationSpacingMs: 0 })
  const reporter = new GitHubReporter(api, config, run, log, notes)
  return { github, reporter, log, notes, run }
}

/** One whole report as main does it: start, comment, final statuses. */
async function report(reporter: GitHubReporter, record: RunRecord): Promise<void> {
  await reporter.start(
    record.services.map((s) => s.name),
    'production'
  )
  await reporter.writeComment(record)
  await reporter.finishStatuses(record.services, 'production', record.error)
}

describe('sticky comment', () => {
  it('takes over a comment left under the provisional key, but never another environment\'s', async () => {
    const { github, reporter } = await setup()
    const production = github.seedComment(42, `${marker('production:web')}\nproduction report`, 'github-actions[bot]')
    const early = github.seedComment(42, `${marker('web')}\nfailed before Railway answered`, 'github-actions[bot]')
    const staging = { ...passingRun(), key: 'staging:web', provisionalKey: 'web' }
    await reporter.writeComment(staging)
    expect(github.comments.map((c) => c.id)).toEqual([production.id, early.id])
    expect(github.comments.find((c) => c.id === early.id)?.body.split('\n')[0]).toBe(marker('staging:web'))
    expect(github.comments.find((c) => c.id === production.id)?.body).toContain('production report')
  })

  it('a comment deleted after it was found is written anew, not lost', async () => {
    github = await new FakeGitHub().start()
    const fake = github
    const run = runContext()
    const config = readConfig((name) => ({ 'railway-token': 'rw', service: 'web', 'commit-sha': SHA } as Partial<Record<InputName, string>>)[name], run)
    const log = new MemoryLogger()
    const api = createOctokitApi(GHS, fake.url, log, { retryAfterBaseValue: 1, writeSpacingMs: 0, notificationSpacingMs: 0 })
    // Someone deletes the comment between the lookup and the update.
    const deleting = {
      ...api,
      updateComment: async (...args: Parameters<typeof api.updateComment>) => {
        fake.comments.splice(fake.comments.findIndex((c) => c.id === args[1]), 1)
        return api.updateComment(...args)
      }
    }
    const old = fake.seedComment(42, `${marker(passingRun().key)}\nold report`, 'github-actions[bot]')
    const reporter = new GitHubReporter(deleting, config, run, log, [])
    await reporter.writeComment(passingRun())
    expect(fake.comments).toHaveLength(1)
    expect(fake.comments[0].id).not.toBe(old.id)
    expect(fake.comments[0].body).toContain('Railway deploy passed')
    expect(reporter.commentUrl).toContain(`#issuecomment-${fake.comments[0].id}`)
  })

  it('finds our comment on a later page, ignores the same marker from others, and updates it in place', async () => {
    const { github, reporter } = await setup()
    const key = passingRun().key
    for (let i = 0; i < 130; i++) github.seedComment(42, `chatter ${i}`, 'octocat')
    const ours = github.seedComment(42, `${marker(key)}\nold report`, 'github-actions[bot]')
    github.seedComment(42, `${marker(key)}\nimpostor quoting the marker`, 'mallory')
    await reporter.writeComment(passingRun())
    expect(github.calls.filter((c) => c.method === 'GET' && c.path.includes('/issues/42/comments')).map((c) => c.path)).toEqual([
      '/repos/acme/shop/issues/42/comments?page=1&per_page=100',
      '/repos/acme/shop/issues/42/comments?page=2&per_page=100'
    ])
    expect(github.calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    expect(ours.body).toContain('Railway deploy passed')
    expect(github.comments.find((c) => c.user === 'mallory')?.body).toContain('impostor')
    expect(reporter.commentUrl).toContain(`#issuecomment-${ours.id}`)
  })

  it('two runs leave one comment; comment: new adds one each run; comment-key keeps separate comments', async () => {
    const { github, reporter } = await setup()
    await reporter.writeComment(passingRun())
    await reporter.writeComment(buildFailure())
    expect(github.comments).toHaveLength(1)
    expect(github.comments[0].body).toContain('Railway deploy failed')

    const other = passingRun()
    other.key = 'staging:web'
    await reporter.writeComment(other)
    expect(github.comments).toHaveLength(2)

    const fresh = await new FakeGitHub().start()
    const run = runContext()
    const config = readConfig((n) => ({ 'railway-token': 'rw', service: 'web', comment: 'new' } as Record<string, string>)[n], run)
    const newMode = new GitHubReporter(createOctokitApi(GHS, fresh.url, new MemoryLogger(), { notificationSpacingMs: 0 }), config, run, new MemoryLogger(), [])
    await newMode.writeComment(passingRun())
    await newMode.writeComment(passingRun())
    expect(fresh.comments).toHaveLength(2)
    await fresh.stop()
  })

  it('comment: off writes no comment and makes no comment request', async () => {
    const { github, reporter } = await setup({ inputs: { comment: 'off' } })
    await reporter.writeComment(passingRun())
    expect(github.calls).toHaveLength(0)
  })

  it('an ambiguous POST failure (created, then 502) is re-listed before any retry: one comment', async () => {
    const { github, reporter, log } = await setup({ fake: { ambiguousCommentPosts: 1 } })
    await reporter.writeComment(passingRun())
    expect(github.comments).toHaveLength(1)
    expect(github.calls.filter((c) => c.method === 'POST')).toHaveLength(1)
    expect(reporter.commentUrl).toContain(`#issuecomment-${github.comments[0].id}`)
    expect(log.lines.join('\n')).toContain('checking whether it landed')
  })

  it('a POST that failed ambiguously and did not land is posted once more', async () => {
    const { github, reporter } = await setup({ fake: { lostCommentPosts: 1 } })
    await reporter.writeComment(passingRun())
    expect(github.comments).toHaveLength(1)
    expect(github.calls.filter((c) => c.method === 'POST').map((c) => c.status)).toEqual([502, 201])
  })

  it('a 422 for length shrinks the report and retries', async () => {
    const { github, reporter, log } = await setup({ fake: { maxCommentChars: 6000 } })
    const record = buildFailure()
    record.services[0].logs[0].lines = Array.from({ length: 400 }, (_, i) => `log line ${i} ${'z'.repeat(100)}`)
    await reporter.writeComment(record)
    expect(github.comments).toHaveLength(1)
    expect(github.comments[0].body.length).toBeLessThanOrEqual(6000)
    expect(github.comments[0].body).toContain('Railway deploy failed')
    expect(log.lines.some((l) => l.includes('(422)'))).toBe(true)
  })
})

describe('push events', () => {
  it('comments on the open PR that contains the commit', async () => {
    const { github, reporter } = await setup({ run: { eventName: 'push', pullRequestNumber: undefined, pullRequestHeadSha: undefined }, fake: { pullsByCommit: { [SHA]: [7] } } })
    await reporter.writeComment(passingRun())
    expect(github.comments.map((c) => c.issue)).toEqual([7])
  })

  it('comments on the commit when no PR contains it, and updates that comment on a re-run', async () => {
    const { github, reporter } = await setup({ run: { eventName: 'push', pullRequestNumber: undefined, pullRequestHeadSha: undefined } })
    await reporter.writeComment(passingRun())
    await reporter.writeComment(buildFailure())
    expect(github.comments).toHaveLength(1)
    expect(github.comments[0].commitSha).toBe(SHA)
    expect(github.comments[0].body).toContain('Railway deploy failed')
  })
})

describe('statuses and deployments', () => {
  it('pending then final, description within 140, deployment in_progress then success with the URL', async () => {
    const { github, reporter } = await setup()
    const record = passingRun()
    record.services[0].message = 'x'.repeat(300)
    await report(reporter, record)
    expect(github.statuses.map((s) => s.state)).toEqual(['pending', 'success'])
    expect(github.statuses.every((s) => s.description.length <= 140)).toBe(true)
    expect(github.statuses[1].target_url).toBe(reporter.commentUrl)
    expect(github.deployments[0].statuses).toEqual([{ state: 'in_progress' }, { state: 'success', environment_url: 'https://web-production.up.railway.app' }])
  })

  it('a cancelled service ends as error; a service with no record (the run died) ends as failure', async () => {
    const { github, reporter } = await setup({ inputs: { service: 'web,worker' } })
    await reporter.start(['web', 'worker'], 'production')
    const record = passingRun()
    record.services[0].verdict = 'cancelled'
    record.services[0].message = 'Cancelled during deploy.'
    await reporter.finishStatuses(record.services, 'production', 'The run was cancelled.')
    const last = (context: string) => github.statuses.filter((s) => s.context === context).at(-1)?.state
    expect(last('railway/web')).toBe('error')
    expect(last('railway/worker')).toBe('failure')
    // One GitHub Deployment for the environment; a cancelled service makes it end as error.
    expect(github.deployments.map((d) => d.statuses.at(-1)?.state)).toEqual(['error'])
    expect(github.deployments[0].environment).toBe('production')
    expect(github.statuses.filter((s) => s.state === 'pending')).toHaveLength(2)
  })

  it('uses no more than 7 requests on a PR with an existing comment, and no GET /user for an installation token', async () => {
    const { github, reporter } = await setup()
    github.seedComment(42, `${marker('production:web')}\nold`, 'github-actions[bot]')
    await report(reporter, passingRun())
    expect(github.calls.map((c) => `${c.method} ${c.path.replace(/\?.*/, '')}`)).toEqual([
      'POST /repos/acme/shop/statuses/' + SHA,
      'POST /repos/acme/shop/deployments',
      expect.stringMatching(/^POST \/repos\/acme\/shop\/deployments\/\d+\/statuses$/),
      'GET /repos/acme/shop/issues/42/comments',
      expect.stringMatching(/^PATCH \/repos\/acme\/shop\/issues\/comments\/\d+$/),
      'POST /repos/acme/shop/statuses/' + SHA,
      expect.stringMatching(/^POST \/repos\/acme\/shop\/deployments\/\d+\/statuses$/)
    ])
  })

  it('learns a personal token’s identity from the status it wrote, without GET /user', async () => {
    const { github, reporter } = await setup({ token: 'ghp_PersonalToken', fake: { login: 'deploy-bot', installationToken: false } })
    github.seedComment(42, `${marker('production:web')}\nold`, 'deploy-bot')
    await report(reporter, passingRun())
    expect(github.calls.some((c) => c.path === '/user')).toBe(false)
    expect(github.comments).toHaveLength(1)
  })

  it('asks GET /user for a personal token when no status told it', async () => {
    const { github, reporter } = await setup({ token: 'ghp_PersonalToken', inputs: { 'status-context': '' }, fake: { login: 'deploy-bot', installationToken: false } })
    github.seedComment(42, `${marker('production:web')}\nold`, 'deploy-bot')
    await reporter.writeComment(passingRun())
    expect(github.calls[0].path).toBe('/user')
    expect(github.comments).toHaveLength(1)
  })
})

describe('GitHub API manners', () => {
  it('a missing permission is one warning naming the permissions: line, and the call is not repeated', async () => {
    const { github, reporter, log, notes } = await setup({ fake: { forbid: ['comments', 'statuses'] }, run: { fromFork: true } })
    await report(reporter, buildFailure())
    const warnings = log.lines.filter((l) => l.startsWith('warning:'))
    expect(warnings).toHaveLength(2)
    expect(warnings.join('\n')).toContain('`pull-requests: write`')
    expect(warnings.join('\n')).toContain('`statuses: write`')
    expect(warnings.join('\n')).toContain('fork PRs get a read-only token')
    expect(notes).toHaveLength(2)
    expect(github.calls.filter((c) => c.path.startsWith('/repos/acme/shop/statuses'))).toHaveLength(1)
    // What was allowed still happened.
    expect(github.deployments[0].statuses.map((s) => s.state)).toEqual(['in_progress', 'failure'])
  })

  it('a secondary rate limit is waited out (retry-after) and the write goes through', async () => {
    const { github, reporter, log } = await setup({ fake: { secondaryRateLimited: 1 } })
    await reporter.start(['web'], 'production')
    expect(github.statuses.map((s) => s.state)).toEqual(['pending'])
    expect(log.lines.some((l) => l.includes('secondary rate limit'))).toBe(true)
  })
})
