/**
 * One test per seed guide (shared/seeds/, the user research behind the presets): the presets `stack:
 * auto` picks on the seed's fixture repository, plus the seed's example checklist, catch every variable
 * the guide calls required, accept a correct production setup, and reject the guide's own placeholder
 * values and the unsafe settings it warns about. Each seed's list is written out here, from the guide
 * named in its comment; the guides are not read at test time.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { assembleChecklist, serviceChecklist } from '../../src/checklist/build.js'
import { detectStack } from '../../src/checklist/detect.js'
import { evaluateChecklist, itemFails } from '../../src/checklist/evaluate.js'
import { parseChecklist } from '../../src/checklist/parse.js'
import type { ServiceFacts } from '../../src/checklist/types.js'
import { workspaceReader } from '../../src/runtime.js'

interface Seed {
  /** The guide in shared/seeds/. */
  guide: string
  /** Fixture repository and example directory. */
  stack: string
  /** What `stack: auto` finds in the fixture repository. */
  presets: string[]
  /** The services the guide runs on Railway (besides databases). */
  services: string[]
  /** Variables the guide calls required; a list inside means "any one of these". */
  required: Array<string | string[]>
  /** A correct production setup, per service (the common part first). */
  good: Record<string, string>
  perService?: Record<string, Record<string, string>>
  facts?: ServiceFacts
  /** Settings the guide says must hold, each broken on its own: name → bad value. */
  unsafe: Record<string, string>
  /** Values copied straight from the guide: name → placeholder. */
  placeholders: Record<string, string>
}

const KEY_50 = 'q3J9xV2mT8pL4wR7zK1nB6cY5hF0gD2sA9eU3iO7rW4tE8yQ1u'
const KEY_64 = 'Zx8Kp3Lm9Qw2Er7Ty4Ui1Op6As5Df0Gh3Jk8Lz2Xc7Vb4Nm1Qa9Ws6Ed3Rf8Tg5Yh'

const SEEDS: Seed[] = [
  {
    // shared/seeds/000_0c403a0060df8881.txt — photo print shop: Django (gunicorn) web + Celery worker,
    // Redis, PostgreSQL with pgvector; "Worker service needs: Same as web".
    guide: '000_0c403a0060df8881.txt',
    stack: 'django-celery',
    presets: ['django', 'celery', 'postgres', 'redis', 'stripe', 'openai', 'anthropic', 'aws-s3'],
    services: ['web', 'worker'],
    required: [
      'SECRET_KEY',
      'DEBUG',
      'DJANGO_SETTINGS_MODULE',
      'DATABASE_URL',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_STORAGE_BUCKET_NAME',
      'AWS_S3_REGION_NAME',
      'STRIPE_SECRET_KEY',
      'STRIPE_PUBLISHABLE_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'ANTHROPIC_API_KEY',
      'OPENAI_API_KEY',
      'EMAIL_HOST_PASSWORD',
      'DEFAULT_FROM_EMAIL',
      'ADMIN_EMAIL',
      'ALLOWED_HOSTS',
      'CORS_ALLOWED_ORIGINS',
      'FRONTEND_URL',
      'REDIS_URL'
    ],
    good: {
      SECRET_KEY: KEY_50,
      DEBUG: 'False',
      DJANGO_SETTINGS_MODULE: 'config.settings.production',
      DATABASE_URL: 'postgresql://postgres:Pg9x2Lm7@postgres.railway.internal:5432/railway',
      AWS_ACCESS_KEY_ID: 'AKIA2OGYBAH6Q7NSPW3R',
      AWS_SECRET_ACCESS_KEY: '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',
      AWS_STORAGE_BUCKET_NAME: 'print-shop-media',
      AWS_S3_REGION_NAME: 'us-east-1',
      STRIPE_SECRET_KEY: 'sk_live_51HxQ2m3Kp9Lw7Tz4',
      STRIPE_PUBLISHABLE_KEY: 'pk_live_51HxQ2m3Kp9Lw7Tz4',
      STRIPE_WEBHOOK_SECRET: 'whsec_Q2m3Kp9Lw7Tz4Vb8',
      ANTHROPIC_API_KEY: 'sk-ant-api03-Q2m3Kp9Lw7Tz4Vb8Nc1Xd5',
      OPENAI_API_KEY: 'sk-proj-Q2m3Kp9Lw7Tz4Vb8Nc1Xd5',
      EMAIL_HOST_PASSWORD: 're_Q2m3Kp9Lw7Tz4Vb8Nc1',
      DEFAULT_FROM_EMAIL: 'orders@prints.shop',
      ADMIN_EMAIL: 'owner@prints.shop',
      ALLOWED_HOSTS: '.up.railway.app,api.prints.shop',
      CORS_ALLOWED_ORIGINS: 'https://prints.shop,https://www.prints.shop',
      FRONTEND_URL: 'https://prints.shop',
      REDIS_URL: 'redis://default:Rx7Lm2Pq@redis.railway.internal:6379'
    },
    unsafe: { DEBUG: 'True', SECRET_KEY: `django-insecure-${KEY_50}`, DATABASE_URL: 'sqlite:///db.sqlite3', DJANGO_SETTINGS_MODULE: 'config.settings.development' },
    placeholders: { NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_live_...', STRIPE_PUBLISHABLE_KEY: 'pk_live_...', FRONTEND_URL: 'https://your-backend.railway.app/api' }
  },
  {
    // shared/seeds/001_9658069807e4ee50.txt — Phoenix release (Papercups fork) in a Dockerfile, PostgreSQL.
    guide: '001_9658069807e4ee50.txt',
    stack: 'phoenix',
    presets: ['phoenix', 'postgres', 'stripe', 'openai', 'smtp'],
    services: ['web'],
    required: ['MIX_ENV', 'REQUIRE_DB_SSL', 'SECRET_KEY_BASE', 'DATABASE_URL'],
    good: {
      MIX_ENV: 'prod',
      REQUIRE_DB_SSL: 'true',
      SECRET_KEY_BASE: KEY_64,
      DATABASE_URL: 'postgresql://postgres:Pg9x2Lm7@postgres.railway.internal:5432/railway?sslmode=require'
    },
    unsafe: { MIX_ENV: 'dev', SECRET_KEY_BASE: KEY_64.slice(0, 63), REQUIRE_DB_SSL: 'false' },
    placeholders: {
      SECRET_KEY_BASE: 'your_secret_key_base_64_bytes_minimum',
      OPENAI_API_KEY: 'sk-...',
      DATABASE_URL: 'postgresql://user:pass@host:port/db?sslmode=require',
      BACKEND_URL: 'https://your-app.railway.app',
      REDIS_URL: 'redis://...',
      PAPERCUPS_STRIPE_SECRET: 'sk_...'
    }
  },
  {
    // shared/seeds/002_226fea69771786da.txt — analysis API: Flask on gunicorn, PostgreSQL, optional Redis.
    guide: '002_226fea69771786da.txt',
    stack: 'flask',
    presets: ['flask', 'postgres', 'redis'],
    services: ['web'],
    required: ['FLASK_ENV', 'MASTER_API_KEY', 'DATABASE_URL'],
    good: {
      FLASK_ENV: 'production',
      MASTER_API_KEY: 'mk_9Qw2Er7Ty4Ui1Op6As5Df0Gh3Jk8Lz2X',
      DATABASE_URL: 'postgresql://postgres:Pg9x2Lm7@postgres.railway.internal:5432/railway',
      LOG_LEVEL: 'INFO',
      CORS_ORIGINS: 'https://thetool.app'
    },
    unsafe: { FLASK_ENV: 'development', MASTER_API_KEY: 'short-api-key-0123456789', CORS_ORIGINS: '*', FLASK_DEBUG: '1' },
    placeholders: { MASTER_API_KEY: '<generate-strong-key>', DATABASE_URL: '<auto-set-by-Railway-Postgres-add-on>', REDIS_URL: '<auto-set-by-Railway-Redis-add-on>' }
  },
  {
    // shared/seeds/003_79041a574c20e38d.txt — Etsy seller automation: FastAPI API, background worker,
    // print-job worker and scheduler (WORKER_TYPE), Redis queues, PostgreSQL, a NAS over SFTP.
    guide: '003_79041a574c20e38d.txt',
    stack: 'fastapi-workers',
    presets: ['fastapi', 'postgres', 'redis'],
    services: ['api', 'worker', 'print-worker', 'scheduler'],
    required: [
      'JWT_SECRET',
      'ETSY_API_KEY',
      'ETSY_CLIENT_SECRET',
      'QNAP_NAS_HOST',
      'QNAP_NAS_USERNAME',
      'QNAP_NAS_PASSWORD',
      'QNAP_NAS_BASE_PATH',
      'FRONTEND_URL',
      'DATABASE_URL',
      'REDIS_URL'
    ],
    good: {
      JWT_SECRET: 'jwt_9Qw2Er7Ty4Ui1Op6As5Df0Gh3Jk8Lz2XcV',
      ETSY_API_KEY: 'etsy9Qw2Er7Ty4Ui1Op6',
      ETSY_CLIENT_SECRET: 'etsysecret9Qw2Er7Ty4',
      QNAP_NAS_HOST: 'nas.printshop.net',
      QNAP_NAS_USERNAME: 'railway-sftp',
      QNAP_NAS_PASSWORD: 'Nas-Pass-9Qw2Er7',
      QNAP_NAS_BASE_PATH: '/share/Graphics',
      FRONTEND_URL: 'https://app.printshop.net',
      DATABASE_URL: 'postgresql://postgres:Pg9x2Lm7@postgres.railway.internal:5432/railway',
      REDIS_URL: 'redis://default:Rx7Lm2Pq@redis.railway.internal:6379'
    },
    perService: { worker: { WORKER_TYPE: 'general' }, 'print-worker': { WORKER_TYPE: 'print_jobs' }, scheduler: { WORKER_TYPE: 'scheduler' } },
    unsafe: { JWT_SECRET: 'jwt-secret-too-short', FRONTEND_URL: 'http://app.printshop.net', QNAP_NAS_BASE_PATH: 'share/Graphics' },
    placeholders: {
      JWT_SECRET: 'your-jwt-secret-key',
      ETSY_API_KEY: 'your-etsy-api-key',
      ETSY_CLIENT_SECRET: 'your-etsy-client-secret',
      QNAP_NAS_HOST: 'your.qnap.host.com',
      QNAP_NAS_USERNAME: 'your-username',
      QNAP_NAS_PASSWORD: 'your-password',
      FRONTEND_URL: 'https://your-frontend-domain.railway.app'
    }
  },
  {
    // shared/seeds/004_fb67c09267756085.txt — audio analysis agents: Django 5 + Channels 4 (ASGI), a volume
    // mounted at /app/data/uploads, PostgreSQL, and the key of the LLM provider LLM_MODEL names.
    guide: '004_fb67c09267756085.txt',
    stack: 'django-channels',
    presets: ['django', 'channels', 'postgres'],
    services: ['web'],
    required: ['DJANGO_SECRET_KEY', 'DJANGO_DEBUG', 'DJANGO_ALLOWED_HOSTS', 'DATABASE_URL', 'MEDIA_ROOT', 'API_KEY', 'LLM_MODEL', ['GOOGLE_API_KEY', 'ANTHROPIC_API_KEY']],
    good: {
      DJANGO_SECRET_KEY: KEY_50,
      DJANGO_DEBUG: 'false',
      DJANGO_ALLOWED_HOSTS: '.railway.app',
      DATABASE_URL: 'postgresql://postgres:Pg9x2Lm7@postgres.railway.internal:5432/railway',
      MEDIA_ROOT: '/app/data/uploads',
      API_KEY: 'ak_9Qw2Er7Ty4Ui1Op6As5Df0',
      LLM_MODEL: 'gemini/gemini-2.0-flash',
      GOOGLE_API_KEY: 'AIzaSyQ2m3Kp9Lw7Tz4Vb8Nc1Xd5Fg6Hj7Kl8Mn'
    },
    facts: { volumeMountPath: '/app/data/uploads' },
    unsafe: { DJANGO_DEBUG: 'true', MEDIA_ROOT: '/app/media', DJANGO_SECRET_KEY: 'test-key' },
    placeholders: { DJANGO_SECRET_KEY: '<generate-secure-key>', API_KEY: '<your-api-key>', GOOGLE_API_KEY: '<key>' }
  }
]

describe.each(SEEDS)('seed $guide ($stack)', (seed) => {
  const example = parseChecklist(readFileSync(join(process.cwd(), 'examples', seed.stack, 'railway-checklist.yml'), 'utf8'), '.github/railway-checklist.yml')
  const reader = workspaceReader(join(process.cwd(), '__tests__', 'fixtures', 'repos', seed.stack))

  const failing = async (variables: Record<string, string>, service: string) => {
    const built = assembleChecklist((await detectStack(reader)).presets, example)
    return evaluateChecklist(serviceChecklist(built, service).checklist, variables, {}, seed.facts).filter(itemFails)
  }
  const setupFor = (service: string) => ({ ...seed.good, ...(seed.perService?.[service] ?? {}) })

  it('stack: auto picks the expected presets on its fixture repository', async () => {
    expect((await detectStack(reader)).presets).toEqual(seed.presets)
  })

  it.each(seed.services)('a correct production setup passes on %s', async (service) => {
    expect((await failing(setupFor(service), service)).map((i) => `${i.name}: ${i.state} ${i.rule}`)).toEqual([])
  })

  it.each(seed.services)('every variable the guide calls required is enforced on %s', async (service) => {
    for (const required of seed.required) {
      const [name, ...alternatives] = Array.isArray(required) ? required : [required]
      const without = Object.fromEntries(Object.entries(setupFor(service)).filter(([key]) => key !== name))
      const fails = await failing(without, service)
      expect({ removed: name, fails: fails.length > 0 }).toEqual({ removed: name, fails: true })
      for (const alternative of alternatives) {
        expect(await failing({ ...without, [alternative]: seed.good[name] }, service)).toEqual([])
      }
    }
  })

  it('the unsafe settings the guide warns about are caught', async () => {
    for (const [name, value] of Object.entries(seed.unsafe)) {
      const fails = await failing({ ...setupFor(seed.services[0]), [name]: value }, seed.services[0])
      expect({ name, states: fails.map((i) => i.state) }).toEqual({ name, states: ['invalid'] })
    }
  })

  it("the guide's own placeholder values are caught", async () => {
    for (const [name, value] of Object.entries(seed.placeholders)) {
      const fails = await failing({ ...setupFor(seed.services[0]), [name]: value }, seed.services[0])
      // A name the checklist does not know (NEXT_PUBLIC_...) belongs to another host: nothing to catch.
      if (name.startsWith('NEXT_PUBLIC_')) continue
      expect({ name, states: fails.map((i) => i.state) }).toEqual({ name, states: ['placeholder'] })
    }
  })
})

describe('per-service rules of the seeds', () => {
  it('Celery (seed 000): the worker needs the broker URL as much as the web service', async () => {
    const example = parseChecklist(readFileSync(join(process.cwd(), 'examples', 'django-celery', 'railway-checklist.yml'), 'utf8'), 'x.yml')
    const built = assembleChecklist(['django', 'celery', 'redis'], example)
    const names = evaluateChecklist(serviceChecklist(built, 'worker').checklist, { ...SEEDS[0].good, REDIS_URL: '' }, { REDIS_URL: '${{Redis.REDIS_URL}}' })
      .filter(itemFails)
      .map((i) => `${i.name}${i.foundAs ? ` as ${i.foundAs}` : ''}: ${i.rule}`)
    expect(names).toEqual(['CELERY_BROKER_URL as REDIS_URL: the reference ${{Redis.REDIS_URL}} renders empty', 'REDIS_URL: the reference ${{Redis.REDIS_URL}} renders empty'])
  })

  it('workers (seed 003): WORKER_TYPE must match the service', async () => {
    const example = parseChecklist(readFileSync(join(process.cwd(), 'examples', 'fastapi-workers', 'railway-checklist.yml'), 'utf8'), 'x.yml')
    const built = assembleChecklist(['fastapi', 'postgres', 'redis'], example)
    const check = (service: string, type: string) => evaluateChecklist(serviceChecklist(built, service).checklist, { ...SEEDS[3].good, WORKER_TYPE: type }).filter(itemFails)
    expect(check('print-worker', 'print_jobs')).toEqual([])
    expect(check('print-worker', 'general')).toEqual([expect.objectContaining({ name: 'WORKER_TYPE', state: 'invalid', rule: 'must equal "print_jobs"' })])
    expect(check('api', 'anything')).toEqual([])
  })
})
