/**
 * Deploy and wait, end to end: the bundled action against the sandbox's fake Railway (real HTTP and a
 * real graphql-transport-ws WebSocket) for every status, fault and mode of the deploy stages.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { HEAD_SHA, ROOT, runAction, startSandbox, type RunResult, type Sandbox } from '../../sandbox/index.ts'
import { UPLOAD_COMMIT } from '../../sandbox/fake-railway.ts'
import { NEWER_COMMIT, PROJECT } from '../../sandbox/scenarios/index.ts'

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

const report = (result: RunResult) => JSON.parse(result.outputs.report) as {
  services: Array<{ name: string; verdict: string; message: string; deployment?: { id: string; status: string; followedBy?: string; supersededBy?: string; rolledBackTo?: string }; health?: { verdict: string } }>
}
const service = (result: RunResult, name: string) => report(result).services.find((s) => s.name === name)!
const httpRequests = (sb: Sandbox) => sb.railway.requests.filter((r) => r.transport === 'http')
const noPending = (sb: Sandbox) => {
  const last = new Map<string, string>()
  for (const s of sb.github.statuses) last.set(s.context, s.state)
  expect([...last.values()]).not.toContain('pending')
  for (const d of sb.github.deployments) expect(['in_progress', 'queued', 'pending']).not.toContain(d.statuses.at(-1)?.state)
}

describe('deploy: following the deployment', () => {
  it('follows the deployment over the WebSocket subscription, with almost no HTTP polling', async () => {
    sandbox = await startSandbox('healthy')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(0)
    expect(service(result, 'web').deployment?.followedBy).toBe('subscription')
    expect(sandbox.railway.requests.some((r) => r.transport === 'ws')).toBe(true)
    expect(httpRequests(sandbox).filter((r) => r.operation === 'Deployment')).toHaveLength(0)
    expect(httpRequests(sandbox).length).toBeLessThanOrEqual(10)
    // The subscription carried the project token on the upgrade.
    expect(sandbox.railway.requests.find((r) => r.transport === 'ws')?.headers['project-access-token']).toBe(sandbox.token)
  })

  it('falls back to polling when the WebSocket upgrade is refused, and still ends right', async () => {
    sandbox = await startSandbox('no-websocket')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(0)
    expect(service(result, 'web').deployment?.followedBy).toBe('polling')
    expect(httpRequests(sandbox).filter((r) => r.operation === 'Deployment').length).toBeGreaterThan(0)
    expect(result.stdout).toMatch(/subscription unavailable .*polling/)
  })

  it('honours Retry-After on 429 while polling', async () => {
    sandbox = await startSandbox('rate-limited')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(0)
    const reads = httpRequests(sandbox).filter((r) => r.operation === 'Deployment')
    const limited = reads.findIndex((r) => r.status === 429)
    expect(limited).toBeGreaterThanOrEqual(0)
    // The read after a 429 waited at least the second Retry-After asked for.
    expect(reads[limited + 1].at - reads[limited].at).toBeGreaterThanOrEqual(1000)
    expect(reads.filter((r) => r.status === 429)).toHaveLength(2)
  })

  it('retries a burst of 502s while polling', async () => {
    sandbox = await startSandbox('server-errors')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(0)
    expect(httpRequests(sandbox).filter((r) => r.status === 502)).toHaveLength(4)
  })
})

describe('deploy: every status', () => {
  it('REMOVED by a newer push: superseded, naming the newer deployment; its health is not ours', async () => {
    sandbox = await startSandbox('superseded')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(1)
    const newer = sandbox.railway.deployments.find((d) => d.commitHash === NEWER_COMMIT)!
    const web = service(result, 'web')
    expect(web.deployment?.status).toBe('REMOVED')
    expect(web.deployment?.supersededBy).toBe(newer.id)
    expect(web.message).toContain(`superseded by deployment ${newer.id}`)
    expect(result.outputs.health).not.toBe('passed')
    expect([...sandbox.apps.values()][0].hits).toHaveLength(0)
  })

  it('WAITING on "Wait for CI" is reported as the deadlock well before the timeout', async () => {
    sandbox = await startSandbox('wait-for-ci')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(1)
    expect(service(result, 'web').message).toMatch(/WAITING for .*deadlock, detected early.*Wait for CI/)
    expect(service(result, 'web').message).not.toMatch(/did not finish within the timeout/)
  })

  it('NEEDS_APPROVAL is bounded by timeout and named', async () => {
    sandbox = await startSandbox('needs-approval')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(1)
    expect(result.outputs['deployment-status']).toBe('NEEDS_APPROVAL')
    expect(service(result, 'web').message).toMatch(/did not finish within the timeout; it was still NEEDS_APPROVAL\. NEEDS_APPROVAL: .*approve/)
  })

  it('SKIPPED is reported as skipped by Railway, not as a timeout', async () => {
    sandbox = await startSandbox('skipped')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(1)
    expect(result.outputs['deployment-status']).toBe('SKIPPED')
    expect(service(result, 'web').message).toMatch(/Railway skipped deployment/)
  })

  it('CRASHED fails with the deploy log tail', async () => {
    sandbox = await startSandbox('crashed')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(1)
    expect(service(result, 'web').message).toMatch(/CRASHED/)
    expect(result.summary).toContain('SECRET_KEY must not be empty')
  })
})

describe('deploy: workers and several services', () => {
  it('a worker with no URL passes when it stays SUCCESS for stable-for', async () => {
    sandbox = await startSandbox('worker')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(0)
    expect(service(result, 'worker').health?.verdict).toBe('passed')
    expect(service(result, 'worker').message).toMatch(/stayed SUCCESS for 300ms/)
  })

  it('a worker that crashes inside the window fails with the deploy log tail', async () => {
    sandbox = await startSandbox('worker-crash')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(1)
    expect(service(result, 'worker').message).toMatch(/went CRASHED .* after SUCCESS, inside the 300ms stability window/)
    expect(result.summary).toContain('KeyError: CELERY_BROKER_URL')
  })

  it('rollback-on-failure rolls the crashed worker back to the previous successful deployment', async () => {
    sandbox = await startSandbox('worker-crash')
    const result = await runAction(sandbox, { inputs: { 'rollback-on-failure': 'true' } })
    expect(result.exitCode).toBe(1)
    const worker = service(result, 'worker')
    expect(worker.deployment?.rolledBackTo).toBe('dep-prev-worker')
    expect(worker.message).toMatch(/Rolled back to the previous successful deployment dep-prev-worker/)
    expect(httpRequests(sandbox).some((r) => r.operation === 'Rollback')).toBe(true)
    expect(result.summary).toContain('Rolled back to deployment `dep-prev-worker`')
  })

  it('two services deploy concurrently, each with its own verdict', async () => {
    sandbox = await startSandbox('multi-service')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(0)
    expect(report(result).services.map((s) => `${s.name}:${s.verdict}`)).toEqual(['web:passed', 'worker:passed'])
    const [web, worker] = ['svc-1a2b-web', 'svc-3c4d-worker'].map((id) => sandbox!.railway.deployments.find((d) => d.serviceId === id && d.commitHash === HEAD_SHA)!)
    // Overlapping timelines: each started before the other reached SUCCESS.
    const successAt = (d: typeof web) => d.history.find((h) => h.status === 'SUCCESS')!.at
    expect(web.createdAt).toBeLessThan(successAt(worker))
    expect(worker.createdAt).toBeLessThan(successAt(web))
    expect(sandbox.github.statuses.filter((s) => s.state === 'success').map((s) => s.context).sort()).toEqual(['railway/web', 'railway/worker'])
  })

  it('the run fails when one of two services fails; the other keeps its verdict', async () => {
    sandbox = await startSandbox('multi-service-one-fails')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(1)
    expect(result.outputs.result).toBe('failure')
    expect(report(result).services.map((s) => `${s.name}:${s.verdict}`)).toEqual(['web:passed', 'worker:failed'])
    const final = new Map(sandbox.github.statuses.map((s) => [s.context, s.state]))
    expect(final.get('railway/web')).toBe('success')
    expect(final.get('railway/worker')).toBe('failure')
  })
})

describe('deploy modes', () => {
  it('watch: finds the autodeploy of the commit when it appears, deploys nothing, follows it', async () => {
    sandbox = await startSandbox('watch')
    expect(sandbox.scenario.autodeploy?.commit).toBe(HEAD_SHA)
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(0)
    expect(sandbox.railway.requests.some((r) => r.operation === 'Deploy')).toBe(false)
    const autodeploy = sandbox.railway.deployments.find((d) => d.commitHash === HEAD_SHA)!
    expect(result.outputs['deployment-id']).toBe(autodeploy.id)
    expect(httpRequests(sandbox).filter((r) => r.operation === 'Deployments').length).toBeGreaterThan(1) // it had to wait for it
  })

  it('cli: runs `railway up --ci --detach --json` and follows the deployment it printed', async () => {
    sandbox = await startSandbox('healthy')
    const dir = mkdtempSync(join(tmpdir(), 'rdg-cli-'))
    const argsFile = join(dir, 'args.jsonl')
    try {
      const result = await runAction(sandbox, {
        inputs: { deploy: 'cli', 'health-version': '' },
        env: {
          PATH: `${join(ROOT, 'sandbox', 'bin')}:${dirname(process.execPath)}:${process.env.PATH}`,
          FAKE_RAILWAY_URL: new URL(sandbox.railway.url).origin,
          FAKE_RAILWAY_PROJECT: PROJECT.id,
          FAKE_RAILWAY_ARGS_FILE: argsFile
        }
      })
      expect(result.exitCode).toBe(0)
      const uploaded = sandbox.railway.deployments.find((d) => d.commitHash === UPLOAD_COMMIT)!
      expect(result.outputs['deployment-id']).toBe(uploaded.id)
      const call = JSON.parse(readFileSync(argsFile, 'utf8').trim())
      expect(call.args).toEqual(['up', '--ci', '--detach', '--json', '--service', 'svc-1a2b-web', '--environment', 'env-9c1e-production'])
      expect(call.hasProjectToken).toBe(true)
      expect(call.hasApiToken).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('cli without the Railway CLI installed: a clear error with the install command', async () => {
    sandbox = await startSandbox('healthy')
    const empty = mkdtempSync(join(tmpdir(), 'rdg-nopath-'))
    try {
      const result = await runAction(sandbox, { inputs: { deploy: 'cli' }, env: { PATH: empty } })
      expect(result.exitCode).toBe(1)
      expect(service(result, 'web').message).toMatch(/`railway` was not found.*npm install -g @railway\/cli/)
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })

  it('an ambiguous deploy call (connection reset) finds the deployment instead of deploying twice', async () => {
    sandbox = await startSandbox('ambiguous-deploy')
    const result = await runAction(sandbox)
    expect(result.exitCode).toBe(0)
    expect(sandbox.railway.deployments.filter((d) => d.commitHash === HEAD_SHA)).toHaveLength(1)
    expect(sandbox.railway.requests.filter((r) => r.operation === 'Deploy')).toHaveLength(1)
    expect(result.stdout).toMatch(/may or may not have reached Railway/)
  })
})

describe('cancellation', () => {
  it('a SIGINT mid-wait ends the run within seconds as cancelled, leaving nothing pending', async () => {
    sandbox = await startSandbox('slow-build')
    const result = await runAction(sandbox, { interruptAfterMs: 1500, killAfterMs: 15_000 })
    expect(result.signal).toBeNull() // it exited by itself, not by the safety kill
    expect(result.exitCode).toBe(1)
    expect(result.outputs.result).toBe('cancelled')
    expect(sandbox.github.statuses.length).toBeGreaterThanOrEqual(2)
    noPending(sandbox)
    expect(sandbox.github.statuses.at(-1)?.state).toBe('error')
  })
})
