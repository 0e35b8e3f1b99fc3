/**
 * End to end: the committed bundle (`node dist/index.js`) against the sandbox, exactly as a runner
 * runs it, asserting on the exit code, GITHUB_OUTPUT, the job summary and the fake GitHub's calls.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { HEAD_SHA, PR_NUMBER, runAction, startSandbox, type Sandbox } from '../../sandbox/index.ts'
import { FIXTURE_SECRETS } from '../../sandbox/scenarios/index.ts'

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

describe('the bundled action on the sandbox', () => {
  it('healthy deploy: success, health passed, deployment id in the outputs, one sticky comment', async () => {
    sandbox = await startSandbox('healthy')
    const result = await runAction(sandbox)
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expect(result.outputs.result).toBe('success')
    expect(result.outputs.health).toBe('passed')
    const deployment = sandbox.railway.deployments.at(-1)!
    expect(result.outputs['deployment-id']).toBe(deployment.id)
    expect(deployment.commitHash).toBe(HEAD_SHA) // the PR head, not the merge commit
    expect(result.outputs['deployment-status']).toBe('SUCCESS')
    expect(result.outputs['missing-variables']).toBe('[]')
    expect(result.outputs.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(result.summary).toContain('<!-- railway-deploy-gate:production:web -->')
    expect(result.summary).toContain(deployment.id)
    expect(result.summary).toMatch(/Health gate\*\*: ✅ passed/)

    const { github } = sandbox
    expect(github.comments).toHaveLength(1)
    expect(github.comments[0].issue).toBe(PR_NUMBER)
    expect(result.outputs['comment-url']).toContain(`#issuecomment-${github.comments[0].id}`)
    expect(github.statuses.map((s) => `${s.sha.slice(0, 7)} ${s.context} ${s.state}`)).toEqual([
      `${HEAD_SHA.slice(0, 7)} railway/web pending`,
      `${HEAD_SHA.slice(0, 7)} railway/web success`
    ])
    expect(github.deployments).toHaveLength(1)
    expect(github.deployments[0].statuses.map((s) => s.state)).toEqual(['in_progress', 'success'])
    expect(github.deployments[0].statuses[1].environment_url).toBe(result.outputs.url)

    // The health gate passed only once the new commit answered.
    const app = [...sandbox.apps.values()][0]
    expect(app.hits.length).toBeGreaterThanOrEqual(2)
  })

  it('a second run on the same PR updates the one comment', async () => {
    sandbox = await startSandbox('healthy')
    await runAction(sandbox)
    await runAction(sandbox)
    expect(sandbox.github.comments).toHaveLength(1)
    expect(sandbox.github.calls.filter((c) => c.method === 'PATCH')).toHaveLength(1)
  })

  it('a run that fails on a bad token and the run that succeeds after it share one comment', async () => {
    sandbox = await startSandbox('healthy')
    const bad = await runAction(sandbox, { inputs: { 'railway-token': 'rw-proj-revoked-0000' } })
    expect(bad.outputs.result).toBe('failure')
    expect(bad.summary).toMatch(/rejected the token as a project token/)
    // Statuses still close, under the services' input names, so a required check does not hang.
    expect(sandbox.github.statuses.at(-1)).toMatchObject({ context: 'railway/web', state: 'failure' })
    expect(sandbox.github.comments[0].body.split('\n')[0]).toBe('<!-- railway-deploy-gate:web -->') // Railway never named the environment
    await runAction(sandbox)
    expect(sandbox.github.comments).toHaveLength(1) // taken over, now under the environment's key
    expect(sandbox.github.comments[0].body.split('\n')[0]).toBe('<!-- railway-deploy-gate:production:web -->')
    expect(sandbox.github.comments[0].body).toContain('Railway deploy passed')
  })

  it('missing variables: fails before any deploy, lists the names, leaks no value', async () => {
    sandbox = await startSandbox('missing-variables')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(1)
    expect(result.outputs.result).toBe('failure')
    expect(JSON.parse(result.outputs['missing-variables']).sort()).toEqual(['ALLOWED_HOSTS', 'DATABASE_URL', 'SECRET_KEY'])
    expect(sandbox.railway.requests.some((r) => r.operation === 'Deploy')).toBe(false)
    expect(result.summary).toContain('${{Postgres.DATABASE_URL}} renders empty')
    expect(result.summary).toContain('still a placeholder value')
    // The runner consumes ::add-mask:: lines (that is how values get masked); everything else is shown.
    const shownLog = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n')
    const artifacts = [shownLog, result.stderr, result.summary, JSON.stringify(result.outputs), ...sandbox.github.comments.map((c) => c.body)]
    for (const secret of [FIXTURE_SECRETS.STRIPE_SECRET_KEY, 'your-secret-key-here']) {
      for (const text of artifacts) expect(text).not.toContain(secret)
    }
    expect(sandbox.github.statuses.at(-1)?.state).toBe('failure')
  })

  it('build failure: FAILED with the build log tail, open, in the report', async () => {
    sandbox = await startSandbox('build-failure')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(1)
    expect(result.outputs['deployment-status']).toBe('FAILED')
    expect(result.outputs.health).toBe('skipped') // the gate never ran
    expect(result.summary).toMatch(/<details open><summary>Build log/)
    expect(result.summary).toContain('No matching distribution found for djangoo==5.1')
    expect(result.stdout).toContain('::error::')
    expect(sandbox.github.deployments[0].statuses.at(-1)?.state).toBe('failure')
  })

  it('an empty token fails before any network call and names the cause', async () => {
    sandbox = await startSandbox('healthy')
    const result = await runAction(sandbox, { inputs: { 'railway-token': '' } })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/railway-token is empty/)
    expect(sandbox.railway.requests).toHaveLength(0)
  })

  it('on-missing-token: skip exits 0 with a success status that says why', async () => {
    sandbox = await startSandbox('healthy')
    const result = await runAction(sandbox, { inputs: { 'railway-token': '', 'on-missing-token': 'skip' } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.result).toBe('skipped')
    expect(sandbox.github.statuses.at(-1)).toMatchObject({ state: 'success', description: 'skipped: no Railway token' })
    expect(result.summary).toMatch(/Skipped: no Railway token/)
  })
})
