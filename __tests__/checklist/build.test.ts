/**
 * How presets and the checklist file combine: every preset's rules carry a reason and a hint, presets
 * that share a variable merge safely, the file overrides key by key, `services:` adds per-service rules,
 * and buildChecklist reads the file through the repository reader only.
 */
import { describe, expect, it } from '@jest/globals'
import { assembleChecklist, buildChecklist, misspelledSections, presetChecklist, serviceChecklist } from '../../src/checklist/build.js'
import { parseChecklist } from '../../src/checklist/parse.js'
import { INTEGRATION_PACKS, PRESETS, PRESET_NAMES, STACK_PRESETS } from '../../src/checklist/presets.js'
import { closest, editDistance } from '../../src/suggest.js'
import type { Config } from '../../src/config/inputs.js'
import type { RepoReader } from '../../src/deps.js'
import { GateError } from '../../src/errors.js'

describe('presets', () => {
  it('are the stacks and integration packs SPEC.md names', () => {
    expect(STACK_PRESETS).toEqual(['django', 'celery', 'channels', 'flask', 'fastapi', 'phoenix', 'node'])
    expect(INTEGRATION_PACKS).toEqual(['postgres', 'redis', 'stripe', 'openai', 'anthropic', 'aws-s3', 'smtp'])
    expect(PRESET_NAMES).toEqual([...STACK_PRESETS, ...INTEGRATION_PACKS])
  })

  it.each(PRESET_NAMES)('every rule of %s says why it exists and how to fix it, and its pattern compiles', (name) => {
    for (const [variable, rule] of Object.entries(PRESETS[name])) {
      expect({ variable, reason: typeof rule.reason, hint: typeof rule.hint }).toEqual({ variable, reason: 'string', hint: 'string' })
      if (rule.pattern) expect(() => new RegExp(rule.pattern!)).not.toThrow()
    }
  })

  it('the rules the issue names', () => {
    const all = presetChecklist([...PRESET_NAMES])
    expect(all.SECRET_KEY_BASE).toMatchObject({ minLength: 64 })
    expect(all.SECRET_KEY_BASE.hint).toContain('mix phx.gen.secret')
    expect(all.SECRET_KEY).toMatchObject({ aliases: expect.arrayContaining(['DJANGO_SECRET_KEY']), not: ['django-insecure-*'] })
    expect(all.DEBUG.aliases).toContain('DJANGO_DEBUG')
    expect(all.ALLOWED_HOSTS.aliases).toContain('DJANGO_ALLOWED_HOSTS')
    expect(all.MIX_ENV).toMatchObject({ equals: 'prod' })
    expect(all.FLASK_ENV).toMatchObject({ equals: 'production' })
    expect(all.MEDIA_ROOT).toMatchObject({ onVolume: true })
    expect(all.CELERY_BROKER_URL.aliases).toContain('REDIS_URL')
  })

  it('an unknown preset is a config error with the closest name', () => {
    expect(() => presetChecklist(['djnago'])).toThrow(new GateError('config', 'Unknown stack preset "djnago". Did you mean \'django\'?'))
  })

  it('two presets on one variable: the framework\'s constraints, required if either requires, every alias', () => {
    const c = presetChecklist(['postgres', 'phoenix'])
    expect(c.DATABASE_URL).toMatchObject({ url: ['ecto', 'postgres', 'postgresql'], required: true, source: 'preset phoenix+postgres' })
    const channelsAndRedis = presetChecklist(['redis', 'channels'])
    expect(channelsAndRedis.REDIS_URL).toMatchObject({ required: true, aliases: ['CHANNEL_LAYERS_REDIS_URL', 'REDIS_TLS_URL'] })
  })
})

describe('assembleChecklist', () => {
  const file = parseChecklist(
    [
      'extends: [stripe]',
      'variables:',
      '  SECRET_KEY: { min-length: 64 }',
      '  DEBUG: { required: false }',
      '  ETSY_API_KEY:',
      'services:',
      '  Worker:',
      '    extends: [celery]',
      '    variables:',
      '      WORKER_TYPE: { equals: general }',
      '      SECRET_KEY: { required: false }'
    ].join('\n'),
    '.github/railway-checklist.yml'
  )
  const built = assembleChecklist(['django'], file, ['django: manage.py found'])

  it('presets from the input and the file, in canonical order; the file and the reasons are kept', () => {
    expect(built.presets).toEqual(['django', 'stripe'])
    expect(built.file).toBe('.github/railway-checklist.yml')
    expect(built.detected).toEqual(['django: manage.py found'])
  })

  it('the file overrides key by key: the preset\'s aliases, reason and hint stay', () => {
    expect(built.common.SECRET_KEY).toMatchObject({ minLength: 64, aliases: ['DJANGO_SECRET_KEY'], not: ['django-insecure-*'], source: '.github/railway-checklist.yml' })
    expect(built.common.SECRET_KEY.hint).toContain('secrets.token_urlsafe')
    expect(built.common.DEBUG).toMatchObject({ required: false, oneOf: expect.arrayContaining(['False']) })
    expect(built.common.ETSY_API_KEY).toMatchObject({ required: true, aliases: [], severity: 'error' })
    expect(built.common.STRIPE_SECRET_KEY.source).toBe('preset stripe')
  })

  it('services: extra presets and rules for that service only (names case-insensitive)', () => {
    const worker = serviceChecklist(built, 'WORKER')
    expect(worker.presets).toEqual(['django', 'celery', 'stripe'])
    expect(worker.checklist.CELERY_BROKER_URL).toBeDefined()
    expect(worker.checklist.WORKER_TYPE).toMatchObject({ equals: 'general', secret: false, source: '.github/railway-checklist.yml (services.Worker)' })
    expect(worker.checklist.SECRET_KEY).toMatchObject({ required: false, minLength: 64 })
    expect(worker.checklist.ETSY_API_KEY).toBeDefined()
    const web = serviceChecklist(built, 'web')
    expect(web.presets).toEqual(['django', 'stripe'])
    expect(web.checklist.WORKER_TYPE).toBeUndefined()
    expect(web.checklist.CELERY_BROKER_URL).toBeUndefined()
  })

  it('a section whose name is a near miss of a service in the run is pointed out', () => {
    const typo = assembleChecklist([], parseChecklist('services:\n  wokrer: {}\n  cron: {}\n', 'f.yml'))
    expect(misspelledSections(typo, ['web', 'worker'])).toEqual([{ section: 'wokrer', service: 'worker' }])
    expect(misspelledSections(typo, ['web', 'wokrer'])).toEqual([])
  })
})

describe('buildChecklist', () => {
  const config = (overrides: Partial<Config>): Config => ({ stack: ['django'], checklistPath: '.github/railway-checklist.yml', checklistExplicit: false, ...overrides }) as Config
  const repo = (files: Record<string, string>): RepoReader & { reads: string[] } => {
    const reads: string[] = []
    return { reads, read: async (path) => (reads.push(path), files[path]) }
  }

  it('the default path is optional', async () => {
    const built = await buildChecklist(config({}), repo({}))
    expect(built.file).toBeUndefined()
    expect(built.presets).toEqual(['django'])
  })

  it('an explicit path that does not exist is an error', async () => {
    await expect(buildChecklist(config({ checklistPath: 'ci/checks.yml', checklistExplicit: true }), repo({}))).rejects.toThrow(/ci\/checks\.yml does not exist/)
  })

  it('reads the file through the repository reader and merges it', async () => {
    const reader = repo({ 'ci/checks.yml': 'extends: [redis]\n' })
    const built = await buildChecklist(config({ checklistPath: 'ci/checks.yml', checklistExplicit: true }), reader)
    expect(built.presets).toEqual(['django', 'redis'])
    expect(built.file).toBe('ci/checks.yml')
    expect(reader.reads).toEqual(['ci/checks.yml'])
  })

  it('stack: none still honours the file\'s extends; stack: auto detects', async () => {
    expect((await buildChecklist(config({ stack: [] }), repo({ '.github/railway-checklist.yml': 'extends: flask\n' }))).presets).toEqual(['flask'])
    const auto = await buildChecklist(config({ stack: 'auto' }), repo({ 'mix.exs': '{:phoenix, "~> 1.7"}' }))
    expect(auto.presets).toEqual(['phoenix'])
    expect(auto.detected).toEqual(['phoenix: phoenix in mix.exs'])
  })

  it('an invalid file fails the build with FILE:LINE messages', async () => {
    await expect(buildChecklist(config({}), repo({ '.github/railway-checklist.yml': 'variables:\n  A: { lenght: 3 }\n' }))).rejects.toThrow(
      ".github/railway-checklist.yml:2: key 'variables.A.lenght': unknown rule key."
    )
  })
})

describe('suggestions', () => {
  it('edit distance counts a swap of neighbours as one edit', () => {
    expect(editDistance('celery', 'celery')).toBe(0)
    expect(editDistance('celery', 'celrey')).toBe(1)
    expect(editDistance('django', 'djnago')).toBe(1)
    expect(editDistance('flask', 'fastapi')).toBe(5)
    expect(editDistance('a', 'abcdef', 2)).toBe(3)
  })

  it('closest ignores case, - and _, and gives up on unrelated words', () => {
    expect(closest('MIN_LENGTH', ['min-length', 'pattern'])).toBe('min-length')
    expect(closest('aws_s3', PRESET_NAMES)).toBe('aws-s3')
    expect(closest('kubernetes', PRESET_NAMES)).toBeUndefined()
    expect(closest('warning', ['error', 'warn'])).toBeUndefined()
    expect(closest('warning', ['error', 'warn'], { prefixes: true })).toBe('warn')
  })
})
