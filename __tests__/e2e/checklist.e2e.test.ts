/**
 * End to end for the checklist: the committed bundle against the sandbox, one run per failure kind,
 * `stack: auto` on the fixture repositories, checklist files and their errors, the volume rule, and the
 * leak check over every artifact of a run whose variables hold recognisable secrets.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, startSandbox, type RunResult, type Sandbox } from '../../sandbox/index.ts'
import { LEAK_SECRETS } from '../../sandbox/scenarios/checklist.ts'
import { DJANGO_VARIABLES, FIXTURE_SECRETS, SCENARIOS, web, type Scenario } from '../../sandbox/scenarios/index.ts'

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

async function run(scenario: string | Scenario, options: Parameters<typeof runAction>[1] = {}): Promise<RunResult> {
  sandbox = await startSandbox(scenario)
  return runAction(sandbox, options)
}

const deployed = () => sandbox!.railway.requests.filter((r) => r.operation === 'Deploy').length
const missing = (result: RunResult) => (JSON.parse(result.outputs['missing-variables']) as string[]).sort()
const fixture = (name: string) => join(process.cwd(), '__tests__', 'fixtures', 'repos', name)

describe('a failed check stops the service before any deploy call', () => {
  it.each([
    ['checklist-empty-reference', ['DATABASE_URL', 'REDIS_URL'], 'the reference ${{Postgres.DATABASE_URL}} renders empty'],
    ['checklist-placeholder', ['API_TOKEN', 'FRONTEND_URL', 'JWT_SECRET', 'OPENAI_API_KEY'], '| `JWT_SECRET` | ❌ placeholder | still a placeholder value |'],
    ['checklist-invalid-django', ['DATABASE_URL', 'DEBUG', 'SECRET_KEY'], 'matches the forbidden pattern django-insecure-\\*'],
    ['checklist-invalid-phoenix', ['MIX_ENV', 'SECRET_KEY_BASE'], 'shorter than 64 characters'],
    ['checklist-case-mismatch', ['DATABASE_URL', 'SECRET_KEY'], 'not set (did you mean database_url? names are case-sensitive) | Rename database_url to DATABASE_URL.'],
    ['checklist-volume', ['MEDIA_ROOT'], "not on the service's volume (mounted at /app/data/uploads)"]
  ])('%s', async (name, names, text) => {
    const result = await run(name)
    expect(result.exitCode).toBe(1)
    expect(result.outputs.result).toBe('failure')
    expect(missing(result)).toEqual(names)
    expect(deployed()).toBe(0)
    expect(result.summary).toContain(text)
    expect(result.stdout).toMatch(/::error::.*failed the checklist/)
    expect(sandbox!.github.statuses.at(-1)?.state).toBe('failure')
  })

  it('Celery: the worker lacks the broker URL, so neither service is deployed and the run fails', async () => {
    const result = await run('checklist-celery-worker')
    expect(result.outputs.result).toBe('failure')
    expect(missing(result)).toEqual(['CELERY_BROKER_URL'])
    expect(deployed()).toBe(0) // web passed its own check, but the run stops before any deploy
    expect(result.summary).toMatch(/### ❌ `worker` — failed\n\n1 variable failed the checklist \(CELERY_BROKER_URL\); nothing was deployed/)
    expect(result.summary).toMatch(/### ❌ `web` — failed\n\nNot deployed: worker did not pass the check/)
    const last = (context: string) => sandbox!.github.statuses.filter((s) => s.context === context).at(-1)?.state
    expect(last('railway/web')).toBe('failure')
    expect(last('railway/worker')).toBe('failure')
  })

  it('a checklist file adds per-service rules', async () => {
    const result = await run('checklist-file')
    expect(missing(result)).toEqual(['WORKER_TYPE'])
    expect(result.summary).toContain('file: `.github/railway-checklist.yml`')
    expect(result.summary).toContain('| `WORKER_TYPE` | ❌ missing | required | Set WORKER_TYPE=general on the worker. |')
  })
})

describe('checks that do not stop the deploy', () => {
  it('rules of severity warn: warnings in the report, the deploy goes ahead', async () => {
    const result = await run('checklist-warn-only')
    expect(result.outputs.result).toBe('success')
    expect(missing(result)).toEqual([])
    expect(result.summary).toContain('| `NODE_ENV` | ⚠️ warning | must equal "production" |')
    expect(deployed()).toBe(1)
  })

  it('secrets-check: warn reports the failure and deploys; off checks nothing and reads values only to redact logs', async () => {
    const warned = await run('checklist-mode-warn')
    expect(warned.outputs.result).toBe('success')
    expect(missing(warned)).toEqual(['DEBUG'])
    expect(warned.summary).toContain('presets: django; warn only')
    expect(deployed()).toBe(1)
    await sandbox!.stop()

    const off = await run('checklist-invalid-django', { inputs: { 'secrets-check': 'off' } })
    expect(off.outputs.result).toBe('success')
    expect(off.summary).not.toContain('**Checklist**')
    // The values are still read, because the log tails shown must be redacted of them...
    expect(sandbox!.railway.requests.some((r) => r.operation === 'Variables')).toBe(true)
    await sandbox!.stop()
    // ...and not at all when no log tail is shown.
    const quiet = await run('checklist-invalid-django', { inputs: { 'secrets-check': 'off', 'log-lines': '0' } })
    expect(quiet.outputs.result).toBe('success')
    expect(sandbox!.railway.requests.some((r) => r.operation === 'Variables')).toBe(false)
  })
})

describe('stack: auto on the fixture repositories', () => {
  const scenario = (variables: Record<string, string>, overrides: Partial<Scenario> = {}): Scenario => ({
    name: 'auto',
    description: 'stack: auto',
    expect: { result: 'failure' },
    tokenKind: 'project',
    services: [web({ variables, unrendered: {} })],
    ...overrides
  })

  it('Django + Celery (seed 000): detected presets and reasons in the report; the missing integrations listed', async () => {
    const result = await run(scenario(DJANGO_VARIABLES), { workspace: fixture('django-celery') })
    expect(result.summary).toContain('presets: django, celery, postgres, redis, stripe, openai, anthropic, aws-s3')
    expect(result.summary).toContain('Detected: django: backend/manage.py found, django in backend/requirements.txt')
    expect(missing(result)).toEqual(['ANTHROPIC_API_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_S3_REGION_NAME', 'AWS_SECRET_ACCESS_KEY', 'AWS_STORAGE_BUCKET_NAME', 'OPENAI_API_KEY'])
    expect(deployed()).toBe(0)
  })

  it('Phoenix (seed 001) with its example checklist copied into the repository', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'rdg-phoenix-'))
    cpSync(fixture('phoenix'), workspace, { recursive: true })
    mkdirSync(join(workspace, '.github'))
    copyFileSync(join(process.cwd(), 'examples', 'phoenix', 'railway-checklist.yml'), join(workspace, '.github', 'railway-checklist.yml'))
    try {
      const result = await run(scenario({ MIX_ENV: 'prod', SECRET_KEY_BASE: 'Zx8Kp3Lm9Qw2Er7Ty4Ui1Op6As5Df0Gh3Jk8Lz2Xc7Vb4Nm1Qa9Ws6Ed3Rf8Tg5Yh', DATABASE_URL: FIXTURE_SECRETS.DATABASE_URL }), { workspace })
      expect(result.summary).toContain('presets: phoenix, postgres, stripe, openai, smtp; file: `.github/railway-checklist.yml`')
      // Stripe, OpenAI and SMTP are optional for this app (its checklist says so); REQUIRE_DB_SSL is not.
      expect(missing(result)).toEqual(['REQUIRE_DB_SSL'])
    } finally {
      rmSync(workspace, { recursive: true, force: true })
    }
  })

  it('a checklist path outside the workspace is not read', async () => {
    const result = await run(scenario({}), { workspace: fixture('phoenix'), inputs: { checklist: '../flask/requirements.txt' } })
    expect(result.outputs.result).toBe('failure')
    expect(result.stdout).toContain('The checklist file ../flask/requirements.txt does not exist')
    expect(sandbox!.railway.requests.some((r) => r.operation === 'Variables')).toBe(false)
  })

  it.each([
    ['flask', 'presets: flask, postgres, redis', 'Detected: flask: flask in requirements.txt'],
    ['fastapi-workers', 'presets: fastapi, postgres, redis', 'Detected: fastapi: fastapi in requirements.txt'],
    ['django-channels', 'presets: django, channels, postgres', 'channels: channels in pyproject.toml'],
    ['node', 'presets: node, postgres, redis, stripe, anthropic', 'node: package.json found, Procfile web runs npm']
  ])('%s', async (name, presets, reason) => {
    const result = await run(scenario({}), { workspace: fixture(name) })
    expect(result.summary).toContain(presets)
    expect(result.summary).toContain(reason)
  })

  it('a scenario can carry its repository: checklist-auto-detect passes and deploys', async () => {
    const result = await run('checklist-auto-detect')
    expect(result.outputs.result).toBe('success')
    expect(result.summary).toContain('presets: django, celery, postgres, redis, stripe')
    expect(deployed()).toBe(1)
  })
})

describe('checklist files', () => {
  it('an invalid file stops the run before any deploy, with FILE:LINE: key messages and suggestions', async () => {
    const result = await run('checklist-file-error')
    expect(result.exitCode).toBe(1)
    expect(deployed()).toBe(0)
    expect(sandbox!.railway.requests.some((r) => r.operation === 'Variables')).toBe(false)
    for (const text of [result.stdout, result.summary]) {
      expect(text).toMatch(/\.github\/railway-checklist\.yml:1: key 'extends\\?\[0\\?\]': unknown preset 'djnago'\. Did you mean 'django'\?/)
      expect(text).toMatch(/\.github\/railway-checklist\.yml:4: key 'variables\.SECRET\\?_KEY\.min\\?_length': unknown rule key\. Did you mean 'min-length'\?/)
      expect(text).toMatch(/\.github\/railway-checklist\.yml:5: key 'variables\.DEBUG\.severity': expected error or warn, got 'warning'\. Did you mean 'warn'\?/)
    }
  })

  it('an explicit checklist path that does not exist is an error', async () => {
    const result = await run('healthy', { inputs: { checklist: 'ci/railway.yml' } })
    expect(result.outputs.result).toBe('failure')
    expect(result.stdout).toContain('The checklist file ci/railway.yml does not exist')
    expect(deployed()).toBe(0)
  })
})

describe('the volume rule', () => {
  it('falls back to RAILWAY_VOLUME_MOUNT_PATH when the volume list cannot be read', async () => {
    const base = SCENARIOS['checklist-volume']
    const result = await run({ ...base, faults: { volumesUnavailable: true } })
    expect(result.stdout).toMatch(/::warning::Could not read the volumes of web .*using RAILWAY_VOLUME_MOUNT_PATH instead/)
    expect(missing(result)).toEqual(['MEDIA_ROOT'])
  })

  it('passes when MEDIA_ROOT is on the volume', async () => {
    const base = SCENARIOS['checklist-volume']
    const service = { ...base.services[0], variables: { ...base.services[0].variables, MEDIA_ROOT: '/app/data/uploads' } }
    const result = await run({ ...base, expect: { result: 'success' }, services: [service] })
    expect(result.outputs.result).toBe('success')
    expect(sandbox!.railway.requests.filter((r) => r.operation === 'Volumes')).toHaveLength(1)
  })
})

describe('never a value', () => {
  /** Every form a value could take in text: raw, its lines, base64, URL-encoded. */
  function forms(value: string): string[] {
    const out = new Set([value, Buffer.from(value).toString('base64'), encodeURIComponent(value)])
    for (const line of value.split('\n')) if (line.trim().length >= 8) out.add(line.trim())
    return [...out]
  }

  it('no variable value appears in stdout, stderr, the summary, comments, GitHub calls, outputs or errors', async () => {
    const result = await run('checklist-leak')
    expect(result.outputs.result).toBe('failure')
    expect(missing(result)).toEqual(['ANTHROPIC_API_KEY', 'DATABASE_URL', 'DEBUG', 'STRIPE_WEBHOOK_SECRET'])
    const values = Object.values(sandbox!.scenario.services[0].variables).filter((v): v is string => !!v && v.length >= 8)
    expect(values.length).toBeGreaterThanOrEqual(Object.keys(LEAK_SECRETS).length)

    // The runner consumes ::add-mask:: lines (that is how values get masked); everything else is shown.
    const lines = result.stdout.split('\n')
    const shown = lines.filter((line) => !line.startsWith('::add-mask::')).join('\n')
    const artifacts: Record<string, string> = {
      stdout: shown,
      stderr: result.stderr,
      summary: result.summary,
      outputs: JSON.stringify(result.outputs),
      comments: sandbox!.github.comments.map((c) => c.body).join('\n'),
      'github calls': JSON.stringify(sandbox!.github.calls),
      statuses: JSON.stringify(sandbox!.github.statuses)
    }
    for (const value of values) {
      for (const form of forms(value)) {
        for (const [where, text] of Object.entries(artifacts)) expect({ where, leaked: text.includes(form) ? form : undefined }).toEqual({ where, leaked: undefined })
      }
    }

    // Every value was handed to the runner's masker (multi-line values escaped as @actions/core does).
    const masks = lines.filter((line) => line.startsWith('::add-mask::')).map((line) => line.slice('::add-mask::'.length))
    for (const value of Object.values(LEAK_SECRETS)) expect(masks).toContain(value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'))
  })

  it('the failure kinds leak nothing either', async () => {
    for (const name of ['checklist-placeholder', 'checklist-invalid-django', 'checklist-case-mismatch', 'checklist-volume']) {
      const result = await run(name)
      const shown = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n')
      const text = [shown, result.stderr, result.summary, JSON.stringify(result.outputs), ...sandbox!.github.comments.map((c) => c.body)].join('\n')
      for (const value of Object.values(sandbox!.scenario.services[0].variables)) {
        // Short settings (False, /app/media) may appear in hints by coincidence; secrets are long.
        if (value && value.length >= 16) for (const form of forms(value)) expect({ name, leaked: text.includes(form) ? form : undefined }).toEqual({ name, leaked: undefined })
      }
      await sandbox!.stop()
      sandbox = undefined
    }
  })
})
