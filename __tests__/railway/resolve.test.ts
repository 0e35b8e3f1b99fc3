/** resolveTarget: token kinds (auto falls back to Bearer), names → ids, errors that list what exists. */
import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/clock.js'
import { gql, gqlError, op, scriptedFetch, type RecordedFetch } from '../../__fixtures__/fetch.js'
import { readConfig, type InputName } from '../../src/config/inputs.js'
import { MemoryLogger } from '../../src/logger.js'
import { RailwayClient } from '../../src/railway/client.js'
import { resolveTarget } from '../../src/railway/resolve.js'
import { rejection } from '../../__fixtures__/errors.js'

const PROJECT = {
  project: {
    id: 'p1',
    name: 'shop',
    environments: { edges: [{ node: { id: 'e1', name: 'production' } }, { node: { id: 'e2', name: 'staging' } }] },
    services: { edges: [{ node: { id: 's1', name: 'Web' } }, { node: { id: 's2', name: 'worker' } }] }
  }
}
const TOKEN = { projectToken: { projectId: 'p1', environmentId: 'e1' } }

/** A Railway that accepts the token only with one header. */
function railway(kind: 'project' | 'account') {
  return scriptedFetch((call: RecordedFetch) => {
    const asProject = 'project-access-token' in call.headers
    if (kind === 'project' && !asProject) return gqlError('Not Authorized')
    if (kind === 'account' && asProject) return gqlError('Project Token not found')
    if (op(call) === 'ProjectToken') return gql(TOKEN)
    return gql(PROJECT)
  })
}

function setup(kind: 'project' | 'account', inputs: Partial<Record<InputName, string>>) {
  const fetch = railway(kind)
  const config = readConfig((n) => ({ 'railway-token': 't', service: 'web', ...inputs })[n as string], { sha: 'abc' })
  const client = new RailwayClient({ apiUrl: 'http://127.0.0.1:1', token: 't', tokenKind: 'project', fetch, clock: new FakeClock(), random: () => 0, log: new MemoryLogger() })
  return { fetch, config, client }
}


describe('resolveTarget', () => {
  it('uses a project token: project and environment come from the token; names match case-insensitively', async () => {
    const { config, client } = setup('project', { service: 'WEB, s2' })
    const target = await resolveTarget(client, config)
    expect(target.tokenKind).toBe('project')
    expect(target.environment).toEqual({ id: 'e1', name: 'production' })
    expect(target.services).toEqual([{ id: 's1', name: 'Web' }, { id: 's2', name: 'worker' }])
  })

  it('a service named twice, or by name and id, is one service (never deployed twice)', async () => {
    const { config, client } = setup('project', { service: 'web, WEB, s1, worker' })
    expect((await resolveTarget(client, config)).services).toEqual([{ id: 's1', name: 'Web' }, { id: 's2', name: 'worker' }])
  })

  it('auto falls back to Bearer for an account token', async () => {
    const { fetch, config, client } = setup('account', { project: 'p1', environment: 'staging' })
    const target = await resolveTarget(client, config)
    expect(target.tokenKind).toBe('account')
    expect(target.environment.name).toBe('staging')
    expect(fetch.calls.at(-1)?.headers.authorization).toBe('Bearer t')
  })

  it('an account token defaults to production and needs the project input', async () => {
    const { config, client } = setup('account', { project: 'p1' })
    expect((await resolveTarget(client, config)).environment.name).toBe('production')
    // auto: the token failed as a project token and there is no project to try it on as an account token.
    const missing = setup('account', {})
    const error = await rejection(resolveTarget(missing.client, missing.config))
    expect(error.kind).toBe('auth')
    expect(error.fullMessage).toMatch(/rejected the token as a project token.*Create a new project token.*`token-type: account` and `project:`/)
    const declared = setup('account', { 'token-type': 'account' })
    const configError = await rejection(resolveTarget(declared.client, declared.config))
    expect(configError.kind).toBe('config')
    expect(configError.fullMessage).toMatch(/`project` input is empty.*set `project:`/)
  })

  it('token-type: project does not fall back', async () => {
    const { config, client } = setup('account', { 'token-type': 'project', project: 'p1' })
    expect((await rejection(resolveTarget(client, config))).kind).toBe('auth')
  })

  it('lists the services that exist when a name is unknown', async () => {
    const { config, client } = setup('project', { service: 'api' })
    const error = await rejection(resolveTarget(client, config))
    expect(error.fullMessage).toMatch(/service "api" was not found.*one of: Web, worker/)
  })

  it('rejects an environment other than the project token\'s', async () => {
    const { config, client } = setup('project', { environment: 'staging' })
    expect((await rejection(resolveTarget(client, config))).fullMessage).toMatch(/token is for environment "production", not "staging"/)
  })

  it('lists environments when an account token names an unknown one', async () => {
    const { config, client } = setup('account', { project: 'p1', environment: 'prod' })
    expect((await rejection(resolveTarget(client, config))).fullMessage).toMatch(/one of: production, staging/)
  })
})
