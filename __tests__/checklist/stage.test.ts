/**
 * The check stage against a scripted Railway: both variable reads, every value worth masking registered
 * (rendered, and unrendered text around references), the volume asked for only when a rule needs it,
 * and the RAILWAY_VOLUME_MOUNT_PATH fallback when the volume list cannot be read.
 */
import { describe, expect, it } from '@jest/globals'
import { FakeClock } from '../../__fixtures__/clock.js'
import { gql, gqlError, op, scriptedFetch } from '../../__fixtures__/fetch.js'
import { assembleChecklist } from '../../src/checklist/build.js'
import { checkStage, worthMasking } from '../../src/checklist/stage.js'
import type { Config } from '../../src/config/inputs.js'
import type { Deps } from '../../src/deps.js'
import { MemoryLogger } from '../../src/logger.js'
import { RailwayClient } from '../../src/railway/client.js'
import { SecretSet } from '../../src/report/sanitize.js'
import type { StageContext } from '../../src/stage-context.js'

const SERVICE = { id: 's1', name: 'web' }

function context(presets: string[], answers: { rendered: Record<string, string>; unrendered?: Record<string, string>; volumes?: 'denied' | Array<{ serviceId: string; mountPath: string }> }) {
  const fetch = scriptedFetch((call) => {
    if (op(call) === 'Volumes') {
      if (answers.volumes === 'denied') return gqlError('Not Authorized')
      return gql({ environment: { volumeInstances: { edges: (answers.volumes ?? []).map((v, i) => ({ node: { id: `vi${i}`, ...v } })) } } })
    }
    return gql({ variables: call.body?.variables?.unrendered ? { ...answers.rendered, ...(answers.unrendered ?? {}) } : answers.rendered })
  })
  const log = new MemoryLogger()
  const client = new RailwayClient({ apiUrl: 'http://127.0.0.1:1', token: 't', tokenKind: 'project', fetch, clock: new FakeClock(), random: () => 0, log })
  const ctx = {
    config: { secretsCheck: 'error' } as Config,
    deps: { log } as unknown as Deps,
    client,
    target: { project: { id: 'p1', name: 'shop' }, environment: { id: 'e1', name: 'production' }, services: [SERVICE], tokenKind: 'project' },
    checklist: assembleChecklist(presets),
    secrets: new SecretSet()
  } satisfies StageContext
  return { ctx, fetch, log }
}

describe('checkStage', () => {
  it('masks every value long enough to be worth it, including text around a reference', async () => {
    const { ctx, log } = context(['postgres'], {
      rendered: { DATABASE_URL: 'postgresql://u:Rendered-Pass-1@db/x', PORT: '8080', DEBUG: 'False' },
      unrendered: { DATABASE_URL: 'postgresql://u:Literal-Pass-2@${{Postgres.HOST}}/x', REF: '${{Redis.REDIS_URL}}' }
    })
    const result = await checkStage(ctx, SERVICE)
    expect(result.failed).toBe(false)
    expect(log.secrets).toEqual(['postgresql://u:Rendered-Pass-1@db/x', 'postgresql://u:Literal-Pass-2@${{Postgres.HOST}}/x'])
    expect(ctx.secrets.list()).toEqual(expect.arrayContaining(['postgresql://u:Rendered-Pass-1@db/x', Buffer.from('postgresql://u:Rendered-Pass-1@db/x').toString('base64')]))
    expect(log.lines.join('\n')).not.toContain('Rendered-Pass-1')
  })

  it('settings, Railway\'s own variables, words, numbers and paths are not worth masking', () => {
    const checklist = assembleChecklist(['django']).common
    expect(worthMasking('DJANGO_DEBUG', 'False-ish-but-long', checklist)).toBe(false) // an alias of a setting
    expect(worthMasking('ALLOWED_HOSTS', '.up.railway.app', checklist)).toBe(false)
    expect(worthMasking('RAILWAY_VOLUME_MOUNT_PATH', '/app/data/uploads', checklist)).toBe(false)
    expect(worthMasking('APP_ENV', 'production', checklist)).toBe(false)
    expect(worthMasking('WEB_CONCURRENCY', '1234567', checklist)).toBe(false)
    expect(worthMasking('UPLOAD_DIR', '/app/data/uploads', checklist)).toBe(false)
    expect(worthMasking('SHORT', 'ab12!', checklist)).toBe(false)
    expect(worthMasking('SECRET_KEY', 'anything-long-enough', checklist)).toBe(true)
    expect(worthMasking('UNKNOWN_TOKEN', 'Tok3n-Value', checklist)).toBe(true)
    expect(worthMasking('PASSWORD', 'Hunter2hunter', checklist)).toBe(true)
    // A secret's name wins over its value's shape: a lower-case word or a number is still masked.
    expect(worthMasking('DB_PASSWORD', 'mysecretpassword', checklist)).toBe(true)
    expect(worthMasking('PAYMENT_PIN_KEY', '48213377', checklist)).toBe(true)
    expect(worthMasking('RAILWAY_API_TOKEN', 'abcdefghijk', checklist)).toBe(true)
  })

  it('does not ask for volumes when no rule needs them', async () => {
    const { ctx, fetch } = context(['django'], { rendered: {} })
    const result = await checkStage(ctx, SERVICE)
    expect(fetch.calls.map(op)).toEqual(['Variables', 'Variables'])
    expect(result.failed).toBe(true)
    expect(result.presets).toEqual(['django'])
  })

  it('asks Railway where the service\'s volume is mounted', async () => {
    const { ctx, fetch } = context(['channels'], { rendered: { MEDIA_ROOT: '/app/media' }, volumes: [{ serviceId: 'other', mountPath: '/data' }, { serviceId: 's1', mountPath: '/app/data/uploads' }] })
    const result = await checkStage(ctx, SERVICE)
    expect(fetch.calls.map(op)).toEqual(['Variables', 'Variables', 'Volumes'])
    expect(result.items.find((i) => i.name === 'MEDIA_ROOT')).toMatchObject({ state: 'invalid', rule: "not on the service's volume (mounted at /app/data/uploads)" })
  })

  it('no volume on this service: MEDIA_ROOT is optional', async () => {
    const { ctx } = context(['channels'], { rendered: {}, volumes: [{ serviceId: 'other', mountPath: '/data' }] })
    expect((await checkStage(ctx, SERVICE)).items.find((i) => i.name === 'MEDIA_ROOT')).toBeUndefined()
  })

  it('when the volume list cannot be read, RAILWAY_VOLUME_MOUNT_PATH stands in, with a warning', async () => {
    const { ctx, log } = context(['channels'], { rendered: { RAILWAY_VOLUME_MOUNT_PATH: '/app/data/uploads' }, volumes: 'denied' })
    const result = await checkStage(ctx, SERVICE)
    expect(result.items.find((i) => i.name === 'MEDIA_ROOT')).toMatchObject({ state: 'missing' })
    expect(log.lines.some((l) => l.startsWith('warning: Could not read the volumes of web') && l.endsWith('using RAILWAY_VOLUME_MOUNT_PATH instead.'))).toBe(true)
  })
})
