/** Deploy modes with fakes: the ambiguous api call, the CLI through a fake exec, watch on a fake clock. */
import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/clock.js'
import { gql, gqlError, op, scriptedFetch } from '../../__fixtures__/fetch.js'
import { Deadline } from '../../src/clock.js'
import { cliEnv, deployViaCli, deploymentIdFromCliOutput } from '../../src/deploy/cli.js'
import { previousSuccessful, supersedingDeployment, type DeploymentSummary } from '../../src/deploy/history.js'
import { deployWithoutDuplicates } from '../../src/deploy/trigger.js'
import { findAutodeploy } from '../../src/deploy/watch.js'
import type { Exec } from '../../src/deps.js'
import { GateError } from '../../src/errors.js'
import { MemoryLogger } from '../../src/logger.js'
import { RailwayClient } from '../../src/railway/client.js'

const SHA = '3f2a9c1e7b4d5f60812a3b4c5d6e7f8091a2b3c4'
const target = { environmentId: 'env', serviceId: 'svc', serviceName: 'web', commitSha: SHA }
const node = (id: string, createdAt: number, commit: string, status = 'BUILDING', canRollback = false) => ({
  node: { id, status, createdAt: new Date(createdAt).toISOString(), canRollback, meta: { commitHash: commit } }
})
const reset = () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }))

function client(clock: FakeClock, fetch: typeof globalThis.fetch) {
  return new RailwayClient({ apiUrl: 'http://127.0.0.1:1', token: 't', tokenKind: 'project', fetch, clock, random: () => 0.5, log: new MemoryLogger() })
}
const safe = (clock: FakeClock) => ({ deadline: new Deadline(clock, 600_000), clock, log: new MemoryLogger(), lookDelayMs: 1_000 })

describe('deployWithoutDuplicates', () => {
  it('after a reset, finds the deployment the call created and does not deploy again', async () => {
    const clock = new FakeClock()
    const fetch = scriptedFetch((call) => {
      if (op(call) === 'Deploy') return reset()
      return gql({ deployments: { edges: [node('old', clock.now() - 3_600_000, SHA, 'SUCCESS'), node('dep-new', clock.now(), SHA)] } })
    })
    expect(await deployWithoutDuplicates(client(clock, fetch), target, safe(clock))).toBe('dep-new')
    expect(fetch.calls.filter((c) => op(c) === 'Deploy')).toHaveLength(1)
  })

  it('deploys a second time only after looking found nothing, and never a third', async () => {
    const clock = new FakeClock()
    const fetch = scriptedFetch((call) => (op(call) === 'Deploy' ? reset() : gql({ deployments: { edges: [] } })))
    const error = (await deployWithoutDuplicates(client(clock, fetch), target, safe(clock)).catch((e: unknown) => e)) as GateError
    expect(error.fullMessage).toMatch(/Deploying web failed: .*ECONNRESET.*No deployment of this commit appeared/)
    const ops = fetch.calls.map(op)
    expect(ops.filter((o) => o === 'Deploy')).toHaveLength(2)
    expect(ops.indexOf('Deployments')).toBeLessThan(ops.lastIndexOf('Deploy'))
  })

  it('a definite failure (Commit not found) is a configuration error, never retried', async () => {
    const clock = new FakeClock()
    const fetch = scriptedFetch(() => gqlError('Commit not found'))
    await expect(deployWithoutDuplicates(client(clock, fetch), target, safe(clock))).rejects.toMatchObject({ kind: 'config' })
    expect(fetch.calls).toHaveLength(1)
  })
})

describe('deploy: cli', () => {
  const cliTarget = { projectId: 'prj', environmentId: 'env', serviceId: 'svc', serviceName: 'web', token: 'tok', tokenKind: 'project' as const }

  it('runs railway up with service and environment and reads the deployment id', async () => {
    const calls: Array<{ command: string; args: string[]; env?: Record<string, string> }> = []
    const exec: Exec = async (command, args, opts) => {
      calls.push({ command, args, env: opts?.env })
      return { exitCode: 0, stdout: 'Indexing...\n{"deploymentId":"dep-42","logsUrl":"https://railway.com/x"}\n', stderr: '' }
    }
    expect(await deployViaCli({ exec, env: { RAILWAY_API_TOKEN: 'stale' } }, cliTarget)).toBe('dep-42')
    expect(calls[0].command).toBe('railway')
    expect(calls[0].args).toEqual(['up', '--ci', '--detach', '--json', '--service', 'svc', '--environment', 'env'])
    expect(calls[0].env?.RAILWAY_TOKEN).toBe('tok')
    expect(calls[0].env?.RAILWAY_API_TOKEN).toBeUndefined()
  })

  it('an account token goes in RAILWAY_API_TOKEN with the project id', () => {
    const env = cliEnv({ RAILWAY_TOKEN: 'x' }, { ...cliTarget, tokenKind: 'account' })
    expect(env).toMatchObject({ RAILWAY_API_TOKEN: 'tok', RAILWAY_PROJECT_ID: 'prj' })
    expect(env.RAILWAY_TOKEN).toBeUndefined()
  })

  it('a missing CLI is a configuration error with the install command', async () => {
    const exec: Exec = async () => {
      throw new Error("Unable to locate executable file: railway. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable.")
    }
    const error = await deployViaCli({ exec, env: {} }, cliTarget).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GateError)
    expect((error as GateError).kind).toBe('config')
    expect((error as GateError).fullMessage).toMatch(/npm install -g @railway\/cli/)
  })

  it('a failing upload reports its exit code and last lines; no id is an error too', async () => {
    const failing: Exec = async () => ({ exitCode: 1, stdout: '', stderr: 'Uploading...\nFailed to upload code with status code 413' })
    await expect(deployViaCli({ exec: failing, env: {} }, cliTarget)).rejects.toThrow(/exit 1\): .*status code 413/)
    expect(deploymentIdFromCliOutput('Deploy complete\n')).toBeUndefined()
  })
})

describe('deploy: watch', () => {
  it('waits for the autodeploy of the commit to appear and ignores other commits', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const fetch = scriptedFetch(() => {
      const edges = [node('other', start - 1000, 'ffff')]
      if (clock.now() - start >= 25_000) edges.push(node('auto', start + 20_000, SHA))
      return gql({ deployments: { edges } })
    })
    const found = await findAutodeploy(client(clock, fetch), target, SHA, {
      deadline: new Deadline(clock, 600_000),
      appearWithinMs: 120_000,
      pollIntervalMs: 10_000,
      clock,
      log: new MemoryLogger()
    })
    expect(found.id).toBe('auto')
    expect(fetch.calls).toHaveLength(4) // 0, 10, 20, 30 s
  })

  it('gives up after the bounded wait with what to check', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const fetch = scriptedFetch(() => gql({ deployments: { edges: [] } }))
    const error = (await findAutodeploy(client(clock, fetch), target, SHA, {
      deadline: new Deadline(clock, 600_000),
      appearWithinMs: 60_000,
      pollIntervalMs: 10_000,
      clock,
      log: new MemoryLogger()
    }).catch((e: unknown) => e)) as GateError
    expect(error.fullMessage).toMatch(/No Railway deployment of commit .* appeared for web within 60s.*autodeploys on/)
    expect(clock.now() - start).toBe(60_000)
  })
})

describe('deployment history', () => {
  const list: DeploymentSummary[] = [
    { id: 'newer', status: 'BUILDING', createdAt: '2026-11-24T12:05:00Z' },
    { id: 'ours', status: 'REMOVED', createdAt: '2026-11-24T12:00:00Z' },
    { id: 'failed-before', status: 'FAILED', createdAt: '2026-11-24T11:30:00Z' },
    { id: 'served', status: 'REMOVED', createdAt: '2026-11-24T11:00:00Z', canRollback: true }
  ]
  it('names the deployment that superseded ours', () => {
    expect(supersedingDeployment(list, { id: 'ours', createdAt: '2026-11-24T12:00:00Z' })?.id).toBe('newer')
    expect(supersedingDeployment(list.slice(1), { id: 'ours', createdAt: '2026-11-24T12:00:00Z' })).toBeUndefined()
  })
  it('rolls back to the newest earlier deployment that served, skipping failed ones', () => {
    expect(previousSuccessful(list, { id: 'ours', createdAt: '2026-11-24T12:00:00Z' })?.id).toBe('served')
  })
})

describe('webSocketUrl', () => {
  it('derives the subscription endpoint from api-url', async () => {
    const { webSocketUrl } = await import('../../src/railway/subscription.js')
    expect(webSocketUrl('https://backboard.railway.com/graphql/v2')).toBe('wss://backboard.railway.com/graphql/v2')
    expect(webSocketUrl('http://127.0.0.1:4000/graphql/v2')).toBe('ws://127.0.0.1:4000/graphql/v2')
  })
})
