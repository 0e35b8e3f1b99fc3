/**
 * The pure evaluation: every state (ok, missing, empty, placeholder, invalid, warning), aliases, case
 * mismatches, references that render empty, the placeholder list, the volume rule, and that no result
 * ever carries a value.
 */
import { describe, expect, it } from '@jest/globals'
import { presetChecklist } from '../../src/checklist/build.js'
import { evaluateChecklist, globMatches, isPlaceholder, itemFails } from '../../src/checklist/evaluate.js'
import { rule, type Checklist } from '../../src/checklist/types.js'

const one = (name: string, partial: Parameters<typeof rule>[0]): Checklist => ({ [name]: { ...rule(partial), source: 'test' } })

describe('evaluateChecklist', () => {
  it('ok, missing and the reason for a required variable', () => {
    const checklist = presetChecklist(['postgres'])
    expect(evaluateChecklist(checklist, { DATABASE_URL: 'postgresql://u:p4ssw0rd-x@db:5432/app' })[0]).toMatchObject({ name: 'DATABASE_URL', state: 'ok' })
    const missing = evaluateChecklist(checklist, {})[0]
    expect(missing).toMatchObject({ state: 'missing', rule: 'required: the app connects to PostgreSQL through it' })
    expect(missing.hint).toContain('${{Postgres.DATABASE_URL}}')
    expect(itemFails(missing)).toBe(true)
  })

  it('an optional variable is checked only when set', () => {
    const checklist = one('NODE_ENV', { required: false, equals: 'production', secret: false })
    expect(evaluateChecklist(checklist, {})).toEqual([])
    expect(evaluateChecklist(checklist, { NODE_ENV: 'development' })[0]).toMatchObject({ state: 'invalid', rule: 'must equal "production"' })
  })

  it('a reference that renders empty is named as such; a plain empty value is "set but empty"', () => {
    const checklist = presetChecklist(['postgres', 'redis'])
    const items = evaluateChecklist(checklist, { DATABASE_URL: '', REDIS_URL: '  ' }, { DATABASE_URL: '${{Postgres.DATABASE_URL}}', REDIS_URL: '  ' })
    expect(items.find((i) => i.name === 'DATABASE_URL')).toMatchObject({ state: 'empty', rule: 'the reference ${{Postgres.DATABASE_URL}} renders empty' })
    expect(items.find((i) => i.name === 'REDIS_URL')).toMatchObject({ state: 'empty', rule: 'set but empty' })
    expect(items.every(itemFails)).toBe(true)
  })

  it('a null value from Railway counts as empty', () => {
    expect(evaluateChecklist(presetChecklist(['postgres']), { DATABASE_URL: null })[0].state).toBe('empty')
  })

  it('a reference mixed into text never shows the text around it', () => {
    const items = evaluateChecklist(presetChecklist(['postgres']), { DATABASE_URL: '' }, { DATABASE_URL: 'postgresql://u:Hidden-Pass-123@${{Postgres.HOST}}/db' })
    expect(items[0]).toMatchObject({ state: 'empty', rule: 'set but empty' })
    expect(JSON.stringify(items)).not.toContain('Hidden-Pass-123')
  })

  it('an unresolved ${{…}} left in a rendered value is invalid', () => {
    expect(evaluateChecklist(presetChecklist(['postgres']), { DATABASE_URL: '${{Postgress.DATABASE_URL}}' })[0]).toMatchObject({ state: 'invalid' })
  })

  it('aliases: any one name satisfies the rule, and the report says which', () => {
    const checklist = presetChecklist(['django'])
    const items = evaluateChecklist(checklist, {
      DJANGO_SECRET_KEY: 'k'.repeat(20) + 'sandbox-django-secret-key-value-0123456789',
      DJANGO_DEBUG: 'false',
      DJANGO_ALLOWED_HOSTS: '.railway.app',
      DATABASE_URL: 'postgres://u:pw-123456@h/db'
    })
    expect(items.filter((i) => i.state !== 'ok')).toEqual([])
    expect(items.find((i) => i.name === 'SECRET_KEY')?.foundAs).toBe('DJANGO_SECRET_KEY')
  })

  it('a case mismatch is a did-you-mean and does not pass, even for an optional rule', () => {
    const items = evaluateChecklist(presetChecklist(['postgres']), { database_url: 'postgres://u:pw-123456@h/db' })
    expect(items[0]).toMatchObject({ state: 'missing', hint: 'Rename database_url to DATABASE_URL.' })
    expect(items[0].rule).toContain('did you mean database_url?')
    const optional = evaluateChecklist(one('NODE_ENV', { required: false }), { node_env: 'production' })
    expect(optional[0]).toMatchObject({ state: 'missing' })
    expect(itemFails(optional[0])).toBe(true)
  })

  it('a set variable one typo away from a missing one is pointed out', () => {
    const items = evaluateChecklist(presetChecklist(['postgres']), { DATABSE_URL: 'postgres://u:pw-123456@h/db' })
    expect(items[0]).toMatchObject({ state: 'missing', rule: 'not set (DATABSE_URL is set: a typo?)', hint: 'Rename DATABSE_URL to DATABASE_URL.' })
  })

  it('rules: equals, one-of, min-length, not (globs), pattern, url', () => {
    const c: Checklist = {
      ...one('A', { equals: 'prod', secret: false }),
      ...one('B', { oneOf: ['false', '0'], secret: false }),
      ...one('C', { minLength: 64 }),
      ...one('D', { not: ['django-insecure-*'] }),
      ...one('E', { pattern: '^sk_(live|test)_' }),
      ...one('F', { url: ['postgres'] }),
      ...one('G', { url: ['postgres'] })
    }
    const items = evaluateChecklist(c, {
      A: 'dev',
      B: 'True',
      C: 'short-secret-value',
      D: 'django-insecure-abcdefghijklmnop',
      E: 'pk_live_abcdefghij',
      F: 'mysql://u:pw-123456@h/db',
      G: 'not a url at all'
    })
    expect(items.map((i) => [i.name, i.state, i.rule])).toEqual([
      ['A', 'invalid', 'must equal "prod"'],
      ['B', 'invalid', 'must be one of false, 0'],
      ['C', 'invalid', 'shorter than 64 characters'],
      ['D', 'invalid', 'matches the forbidden pattern django-insecure-*'],
      ['E', 'invalid', 'does not match /^sk_(live|test)_/'],
      ['F', 'invalid', 'URL scheme mysql:// is not postgres://'],
      ['G', 'invalid', 'not a URL (expected postgres://…)']
    ])
  })

  it('a pattern that backtracks forever is cut off and reported, not left to hang the run', () => {
    const started = Date.now()
    const items = evaluateChecklist(one('A', { pattern: '^(a+)+$' }), { A: 'a'.repeat(40) + '!' })
    expect(items[0].state).toBe('invalid')
    expect(items[0].rule).toContain('ran past its time limit')
    expect(Date.now() - started).toBeLessThan(2000)
    expect(evaluateChecklist(one('A', { pattern: '^(a+)+$' }), { A: 'aaaa' })[0].state).toBe('ok')
  })

  it('severity warn turns a broken rule into a warning that does not fail the check', () => {
    const items = evaluateChecklist(one('NODE_ENV', { equals: 'production', severity: 'warn', secret: false }), { NODE_ENV: 'development' })
    expect(items[0].state).toBe('warning')
    expect(itemFails(items[0])).toBe(false)
    expect(itemFails({ ...items[0], state: 'missing' })).toBe(false)
  })

  it('a placeholder always fails, whatever the severity, and gets a hint', () => {
    const items = evaluateChecklist(one('API_KEY', { severity: 'warn' }), { API_KEY: 'your-api-key' })
    expect(items[0]).toMatchObject({ state: 'placeholder', rule: 'still a placeholder value' })
    expect(items[0].hint).toMatch(/Replace the value/)
    expect(itemFails(items[0])).toBe(true)
  })

  it('settings (secret: false) are not checked for placeholders', () => {
    expect(evaluateChecklist(one('LOG_LEVEL', { secret: false }), { LOG_LEVEL: 'test' })[0].state).toBe('ok')
  })

  it('never puts a value in a result', () => {
    const values = { SECRET_KEY: 'django-insecure-Unique-Value-4f3e2d1c0b', DEBUG: 'True-ish-value', DATABASE_URL: 'mysql://u:Unique-Pass-77@h/db', ALLOWED_HOSTS: 'Unique-Host-Value' }
    const text = JSON.stringify(evaluateChecklist(presetChecklist(['django']), values))
    for (const value of Object.values(values)) expect(text).not.toContain(value)
  })

  it('an optional variable set but empty is shown as a warning and does not fail the check', () => {
    const [item] = evaluateChecklist(one('FLASK_DEBUG', { required: false }), { FLASK_DEBUG: '' })
    expect(item.state).toBe('warning')
    expect(item.rule).toBe('set but empty (optional)')
    expect(itemFails(item)).toBe(false)
    expect(evaluateChecklist(one('SECRET_KEY', {}), { SECRET_KEY: '' })[0].state).toBe('empty')
  })

  it('a forbidden glob cannot hang on a long value', () => {
    const [item] = evaluateChecklist(one('A', { not: ['*-*-*-*x'] }), { A: '-'.repeat(800) })
    expect(item.state).toBe('ok')
  })

  describe('the volume rule (MEDIA_ROOT)', () => {
    const checklist = presetChecklist(['channels'])
    const media = (vars: Record<string, string>, volumeMountPath?: string | null) =>
      evaluateChecklist(checklist, vars, {}, { volumeMountPath }).find((i) => i.name === 'MEDIA_ROOT')

    it('required when the service has a volume', () => {
      expect(media({}, '/app/data/uploads')).toMatchObject({ state: 'missing' })
      expect(media({}, '/app/data/uploads')?.rule).toContain('the service has a volume at /app/data/uploads')
    })
    it('must be the mount path or a folder under it', () => {
      expect(media({ MEDIA_ROOT: '/app/data/uploads' }, '/app/data/uploads')?.state).toBe('ok')
      expect(media({ MEDIA_ROOT: '/app/data/uploads/' }, '/app/data/uploads')?.state).toBe('ok')
      expect(media({ MEDIA_ROOT: '/app/data/uploads/media' }, '/app/data/uploads/')?.state).toBe('ok')
      expect(media({ MEDIA_ROOT: '/app/data/uploads-old' }, '/app/data/uploads')).toMatchObject({ state: 'invalid', rule: "not on the service's volume (mounted at /app/data/uploads)" })
      expect(media({ MEDIA_ROOT: '/app/data/uploads/../media' }, '/app/data/uploads')?.state).toBe('invalid')
    })
    it('optional without a volume, or when the volume could not be learned', () => {
      expect(media({}, null)).toBeUndefined()
      expect(media({}, undefined)).toBeUndefined()
      expect(media({ MEDIA_ROOT: '/anywhere' }, null)?.state).toBe('ok')
    })
  })
})

describe('isPlaceholder', () => {
  it.each([
    'your-secret-key-here',
    'your_secret_key_base_64_bytes_minimum',
    'your.qnap.host.com',
    'changeme',
    'CHANGE_ME',
    'please-change-me-now',
    '<generate-strong-key>',
    '<auto-set-by-Railway-Postgres-add-on>',
    '[your key]',
    'xxx',
    'XXXXXXXX',
    'sk-...',
    'sk_...',
    'pk_live_...',
    'redis://...',
    'postgresql://...',
    'TODO',
    'TODO: add the key',
    'tbd',
    '***',
    'https://your-frontend-domain.railway.app',
    'https://your-app.railway.app',
    'postgresql://user:pass@host:port/db?sslmode=require',
    'secret',
    'password',
    'test',
    'sk-your-openai-key',
    'sk_test_xxxxxxxxxxxx',
    'sk-proj-xxxxxxxx',
    'sk-ant-xxxxx',
    'whsec_xxx'
  ])('%s is a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true)
  })

  it.each([
    'sk_live_51Abcdefghijklmnop',
    'postgresql://postgres:Xy7-Secret@postgres.railway.internal:5432/railway',
    'https://prints.example-shop.com',
    '["https://app.example.com"]',
    '{"type":"service_account","project_id":"x"}',
    'django-insecure-abc',
    'a'.repeat(64),
    'noreply@shop.com',
    'yourself-is-a-word-too',
    'sk-proj-Ab3xQ9mZ7kL2pR8t'
  ])('%s is not a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(false)
  })
})

describe('globMatches', () => {
  it('\\* is a literal star, so a rule can forbid the value "*" without forbidding everything', () => {
    expect(globMatches('\\*', '*')).toBe(true)
    expect(globMatches('\\*', 'https://app.example.com')).toBe(false)
    expect(globMatches('*,\\*', 'https://a.com,*')).toBe(true)
  })

  it('* and ? only; everything else literal', () => {
    expect(globMatches('django-insecure-*', 'django-insecure-abc')).toBe(true)
    expect(globMatches('*.dev', 'config.settings.dev')).toBe(true)
    expect(globMatches('*.dev', 'config.settings.devx')).toBe(false)
    expect(globMatches('a?c', 'abc')).toBe(true)
    expect(globMatches('(x)+', '(x)+')).toBe(true)
    expect(globMatches('BEGIN*END', 'BEGIN\nkey\nEND')).toBe(true)
    expect(globMatches('a*b*c', 'aXbYcZ')).toBe(false)
  })
})
