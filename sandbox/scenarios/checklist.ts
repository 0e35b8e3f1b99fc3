import { DJANGO_VARIABLES, FIXTURE_SECRETS, web, type Scenario, type ScenarioService } from './base.ts'

/**
 * The checklist's scenarios: one per way a variable can fail (missing, an empty reference, a
 * placeholder, a broken rule, a case mismatch, a warn-only rule), plus stack detection, the checklist
 * file and its errors, the volume rule and the leak check. `npm run demo -- --scenario NAME` shows any.
 */

/** A Celery worker built from the web service's repository: no domain, the web's variables. */
function worker(overrides: Partial<ScenarioService> = {}): ScenarioService {
  return web({
    id: 'svc-3c4d-worker',
    name: 'worker',
    publicDomain: false,
    healthcheckPath: null,
    app: undefined,
    deployLogs: ['Starting Container', 'celery@worker v5.4.0 (opalescent)', '[tasks]', '  . shop.tasks.send_receipt', 'celery@worker ready.'],
    ...overrides
  })
}

/** The variables without some names. */
function without(variables: Record<string, string | null>, ...names: string[]): Record<string, string | null> {
  return Object.fromEntries(Object.entries(variables).filter(([name]) => !names.includes(name)))
}

const PHOENIX_SECRET_KEY_BASE = 'sbxPhx0KeyBase9f8e7d6c5b4a3928170f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2910ff'

/** Values that look like nothing else, so a leak of any of them (or of its base64) cannot hide. */
export const LEAK_SECRETS = {
  SECRET_KEY: 'sbx-leak-1b7e0c9d4f2a-django-secret-value-that-is-long-enough-0987654321',
  DATABASE_URL: 'mysql://leakuser:Lk-Db-Pass-5e4d3c2b1a@mysql.railway.internal:3306/railway',
  REDIS_URL: 'redis://default:Lk-Rd-Pass-9a8b7c6d5e@redis.railway.internal:6379',
  STRIPE_SECRET_KEY: 'sk_live_51LeakFixture0a9b8c7d6e5f4a3b2c1d0e',
  STRIPE_WEBHOOK_SECRET: 'wh-leak-not-a-signing-secret-5f6e7d8c',
  OPENAI_API_KEY: 'sk-leakproj-4c3b2a1908f7e6d5c4b3a2918f7e6d5c',
  ANTHROPIC_API_KEY: 'ant-leak-3e2d1c0b9a8f7e6d5c4b3a29-wrong-prefix',
  AWS_SECRET_ACCESS_KEY: 'LeakAwsSecret/8f7e6d5c4b3a2918f7e6d5c4b3',
  EMAIL_HOST_PASSWORD: 're_LeakResendKey_7d6c5b4a39281',
  PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nLeakPrivateKeyLine1AbCdEfGh\nLeakPrivateKeyLine2IjKlMnOp\n-----END PRIVATE KEY-----'
}

const DJANGO_CELERY_REPO: Record<string, string> = {
  'backend/manage.py': 'import os\nimport sys\n',
  'backend/requirements.txt': 'Django==5.1.4\ngunicorn==23.0.0\npsycopg2-binary==2.9.10\ncelery[redis]==5.4.0\nstripe==11.3.0\n',
  'backend/Procfile': 'web: gunicorn config.wsgi\nworker: celery -A config worker -l info\n'
}

export const CHECKLIST_SCENARIOS: Record<string, Scenario> = {
  'checklist-auto-detect': {
    name: 'checklist-auto-detect',
    description: 'stack: auto on a Django + Celery repository (backend/): presets django, celery, postgres, redis and stripe are detected and pass.',
    expect: { result: 'success' },
    tokenKind: 'project',
    services: [web()],
    files: DJANGO_CELERY_REPO
  },
  'checklist-celery-worker': {
    name: 'checklist-celery-worker',
    description: 'Web and Celery worker: the worker was never given the broker URL, so the run stops before deploying either service.',
    expect: { result: 'failure' },
    tokenKind: 'project',
    services: [web(), worker({ variables: without(DJANGO_VARIABLES, 'REDIS_URL'), unrendered: { DATABASE_URL: '${{Postgres.DATABASE_URL}}' } })],
    inputs: { stack: 'django,celery' }
  },
  'checklist-empty-reference': {
    name: 'checklist-empty-reference',
    description: 'DATABASE_URL and REDIS_URL reference services that render empty (${{Postgres.DATABASE_URL}}): reported as empty, nothing deployed.',
    expect: { result: 'failure' },
    tokenKind: 'project',
    services: [
      web({
        variables: { ...DJANGO_VARIABLES, DATABASE_URL: '', REDIS_URL: '' },
        unrendered: { DATABASE_URL: '${{Postgres.DATABASE_URL}}', REDIS_URL: '${{Redis.REDIS_URL}}' }
      })
    ],
    inputs: { stack: 'django,redis' }
  },
  'checklist-placeholder': {
    name: 'checklist-placeholder',
    description: "A FastAPI service whose secrets are still the guide's placeholders (your-jwt-secret-key, sk-..., <generate-strong-key>).",
    expect: { result: 'failure' },
    tokenKind: 'project',
    services: [
      web({
        name: 'api',
        variables: {
          JWT_SECRET: 'your-jwt-secret-key',
          OPENAI_API_KEY: 'sk-...',
          API_TOKEN: '<generate-strong-key>',
          FRONTEND_URL: 'https://your-frontend-domain.railway.app',
          DATABASE_URL: FIXTURE_SECRETS.DATABASE_URL,
          REDIS_URL: FIXTURE_SECRETS.REDIS_URL
        },
        unrendered: {}
      })
    ],
    inputs: { stack: 'fastapi,postgres,redis,openai' },
    files: {
      '.github/railway-checklist.yml': 'variables:\n  JWT_SECRET: { required: true }\n  API_TOKEN:\n  FRONTEND_URL: { url: [https] }\n'
    }
  },
  'checklist-invalid-django': {
    name: 'checklist-invalid-django',
    description: 'DEBUG=True, a django-insecure- key and a MySQL DATABASE_URL: each rule it breaks is named, never the value.',
    expect: { result: 'failure' },
    tokenKind: 'project',
    services: [
      web({
        variables: {
          ...DJANGO_VARIABLES,
          DEBUG: 'True',
          SECRET_KEY: 'django-insecure-9f8e7d6c5b4a39281706f5e4d3c2b1a0-sandbox-only-key-abc',
          DATABASE_URL: 'mysql://app:Sbx-My-Pass-1a2b3c@mysql.railway.internal:3306/app'
        },
        unrendered: {}
      })
    ],
    inputs: { stack: 'django' }
  },
  'checklist-invalid-phoenix': {
    name: 'checklist-invalid-phoenix',
    description: 'A Phoenix release with a 40-character SECRET_KEY_BASE and MIX_ENV=dev.',
    expect: { result: 'failure' },
    tokenKind: 'project',
    services: [
      web({
        variables: {
          SECRET_KEY_BASE: PHOENIX_SECRET_KEY_BASE.slice(0, 40),
          MIX_ENV: 'dev',
          DATABASE_URL: FIXTURE_SECRETS.DATABASE_URL
        },
        unrendered: {}
      })
    ],
    inputs: { stack: 'phoenix' }
  },
  'checklist-case-mismatch': {
    name: 'checklist-case-mismatch',
    description: 'database_url and Secret_Key are set with the wrong case: "did you mean" hints, and the check fails.',
    expect: { result: 'failure' },
    tokenKind: 'project',
    services: [
      web({
        variables: { ...without(DJANGO_VARIABLES, 'SECRET_KEY', 'DATABASE_URL'), database_url: FIXTURE_SECRETS.DATABASE_URL, Secret_Key: FIXTURE_SECRETS.SECRET_KEY },
        unrendered: {}
      })
    ],
    inputs: { stack: 'django' }
  },
  'checklist-warn-only': {
    name: 'checklist-warn-only',
    description: 'Only rules of severity warn are broken (NODE_ENV=development, CORS_ORIGINS=*): shown as warnings, and the deploy goes ahead.',
    expect: { result: 'success' },
    tokenKind: 'project',
    services: [
      web({
        variables: { NODE_ENV: 'development', CORS_ORIGINS: '*', DATABASE_URL: FIXTURE_SECRETS.DATABASE_URL },
        unrendered: {}
      })
    ],
    inputs: { stack: 'node,fastapi,postgres' }
  },
  'checklist-mode-warn': {
    name: 'checklist-mode-warn',
    description: 'secrets-check: warn with DEBUG=True: the checklist fails, the report says so, and the deploy still goes ahead.',
    expect: { result: 'success' },
    tokenKind: 'project',
    services: [web({ variables: { ...DJANGO_VARIABLES, DEBUG: 'True' } })],
    inputs: { stack: 'django', 'secrets-check': 'warn' }
  },
  'checklist-volume': {
    name: 'checklist-volume',
    description: 'A Django Channels service with a volume at /app/data/uploads, but MEDIA_ROOT=/app/media: uploads would be lost on every deploy.',
    expect: { result: 'failure' },
    tokenKind: 'project',
    services: [
      web({
        variables: {
          DJANGO_SECRET_KEY: FIXTURE_SECRETS.SECRET_KEY,
          DJANGO_DEBUG: 'false',
          DJANGO_ALLOWED_HOSTS: '.railway.app',
          DATABASE_URL: FIXTURE_SECRETS.DATABASE_URL,
          MEDIA_ROOT: '/app/media'
        },
        unrendered: { DATABASE_URL: '${{Postgres.DATABASE_URL}}' },
        volume: { name: 'uploads', mountPath: '/app/data/uploads' }
      })
    ],
    inputs: { stack: 'django,channels' }
  },
  'checklist-file': {
    name: 'checklist-file',
    description: 'A checklist file adds app variables (extends, variables, services): the worker lacks WORKER_TYPE, so nothing is deployed.',
    expect: { result: 'failure' },
    tokenKind: 'project',
    services: [
      web({ name: 'api', variables: { JWT_SECRET: FIXTURE_SECRETS.SECRET_KEY, DATABASE_URL: FIXTURE_SECRETS.DATABASE_URL, REDIS_URL: FIXTURE_SECRETS.REDIS_URL }, unrendered: {} }),
      worker({ variables: { JWT_SECRET: FIXTURE_SECRETS.SECRET_KEY, DATABASE_URL: FIXTURE_SECRETS.DATABASE_URL, REDIS_URL: FIXTURE_SECRETS.REDIS_URL }, unrendered: {} })
    ],
    inputs: { stack: 'none' },
    files: {
      '.github/railway-checklist.yml': [
        'extends: [fastapi, postgres, redis]',
        'variables:',
        '  JWT_SECRET: { required: true }',
        'services:',
        '  worker:',
        '    variables:',
        '      WORKER_TYPE: { equals: general, hint: "Set WORKER_TYPE=general on the worker." }',
        ''
      ].join('\n')
    }
  },
  'checklist-file-error': {
    name: 'checklist-file-error',
    description: 'A checklist file with a misspelled rule key and preset: the run stops before any deploy with FILE:LINE: key messages.',
    expect: { result: 'failure' },
    tokenKind: 'project',
    services: [web()],
    files: {
      '.github/railway-checklist.yml': ['extends: [djnago]', 'variables:', '  SECRET_KEY:', '    min_length: 64', '  DEBUG: { severity: warning }', ''].join('\n')
    }
  },
  'checklist-leak': {
    name: 'checklist-leak',
    description: 'Every variable holds a recognisable secret and most break a rule: the report names them all and shows no value anywhere.',
    expect: { result: 'failure' },
    tokenKind: 'project',
    services: [
      web({
        variables: {
          ...LEAK_SECRETS,
          DEBUG: 'True',
          ALLOWED_HOSTS: '.up.railway.app',
          AWS_ACCESS_KEY_ID: 'AKIALEAKFIXTURE00001',
          AWS_STORAGE_BUCKET_NAME: 'leak-bucket-7f6e5d',
          AWS_S3_REGION_NAME: 'eu-west-1',
          database_url: 'postgresql://lower:Lk-Lower-Pass-2b3c4d@db.internal:5432/x'
        },
        unrendered: { REDIS_URL: 'redis://default:${{Redis.REDISPASSWORD}}@redis.railway.internal:6379' }
      })
    ],
    inputs: { stack: 'django,celery,redis,stripe,openai,anthropic,aws-s3,smtp' }
  }
}

