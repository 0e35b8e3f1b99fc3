import { rule, type Rule } from './types.js'

/**
 * Built-in checklists as typed data (no runtime file reads, so the bundle needs no assets). Each rule
 * says why it exists and how to fix it. Presets hold what any app of a framework or integration needs;
 * names one app invented (ETSY_API_KEY, MASTER_API_KEY...) belong in that app's checklist file
 * (see examples/). The five guides in shared/seeds are the user research behind every rule here.
 */
export type Preset = Record<string, Rule>

const FALSE_VALUES = ['false', 'False', 'FALSE', '0', 'no', 'off']
const POSTGRES_SCHEMES = ['postgres', 'postgresql']
const REDIS_SCHEMES = ['redis', 'rediss']

const databaseUrl = rule({
  url: POSTGRES_SCHEMES,
  reason: 'the app connects to PostgreSQL through it',
  hint: 'Add a reference to the database service: DATABASE_URL=${{Postgres.DATABASE_URL}}.'
})

const redisUrl = rule({
  aliases: ['REDIS_TLS_URL'],
  url: REDIS_SCHEMES,
  reason: 'the app reaches Redis through it; every service that talks to Redis needs its own reference',
  hint: 'Add a reference to the Redis service: REDIS_URL=${{Redis.REDIS_URL}} (on the web service and on every worker).'
})

/** The Django settings that differ between a laptop and production. */
const django: Preset = {
  SECRET_KEY: rule({
    aliases: ['DJANGO_SECRET_KEY'],
    minLength: 50,
    not: ['django-insecure-*'],
    reason: 'Django signs sessions, password-reset links and CSRF tokens with it',
    hint: "Generate one: python -c 'import secrets; print(secrets.token_urlsafe(50))'."
  }),
  DEBUG: rule({
    aliases: ['DJANGO_DEBUG'],
    oneOf: FALSE_VALUES,
    secret: false,
    reason: 'DEBUG on in production shows settings and stack traces to anyone, and many settings files default it to on',
    hint: 'Set DEBUG=False.'
  }),
  ALLOWED_HOSTS: rule({
    aliases: ['DJANGO_ALLOWED_HOSTS'],
    secret: false,
    reason: 'Django answers 400 Bad Request to every host not listed, Railway\'s healthcheck included',
    hint: 'Set ALLOWED_HOSTS to your domains, e.g. .up.railway.app,example.com (Railway\'s healthcheck comes from healthcheck.railway.app).'
  }),
  DATABASE_URL: databaseUrl,
  DJANGO_SETTINGS_MODULE: rule({
    required: false,
    not: ['*.dev', '*.development', '*.local', '*.test', '*.testing'],
    secret: false,
    reason: 'a development settings module turns debugging on and uses local services',
    hint: 'Point it at the production settings, e.g. DJANGO_SETTINGS_MODULE=config.settings.production.'
  }),
  CSRF_TRUSTED_ORIGINS: rule({
    required: false,
    pattern: '^https?://[^,\\s]+(\\s*,\\s*https?://[^,\\s]+)*$',
    secret: false,
    reason: 'since Django 4.0 each trusted origin needs its scheme, or every form POST fails with 403',
    hint: 'List full origins: CSRF_TRUSTED_ORIGINS=https://example.com,https://www.example.com.'
  })
}

const celery: Preset = {
  CELERY_BROKER_URL: rule({
    aliases: ['REDIS_URL', 'BROKER_URL', 'CELERY_BROKER', 'RABBITMQ_URL', 'CLOUDAMQP_URL', 'AMQP_URL'],
    url: [...REDIS_SCHEMES, 'amqp', 'amqps', 'sqs'],
    reason: 'the web service queues tasks and the worker consumes them through the broker: both need the URL',
    hint: 'Give the web service and every worker service a reference to the broker, e.g. CELERY_BROKER_URL=${{Redis.REDIS_URL}}.'
  }),
  CELERY_RESULT_BACKEND: rule({
    required: false,
    url: [...REDIS_SCHEMES, 'db+postgresql', 'db+postgres', 'rpc', 'amqp', 'amqps'],
    reason: 'results written to a backend the other services cannot reach are lost',
    hint: 'Point it at the same Redis: CELERY_RESULT_BACKEND=${{Redis.REDIS_URL}}.'
  })
}

const channels: Preset = {
  MEDIA_ROOT: rule({
    required: false,
    onVolume: true,
    secret: false,
    reason: 'uploads written outside the volume are lost on every deploy',
    hint: 'Set MEDIA_ROOT to the volume\'s mount path (service → Settings → Volumes), e.g. MEDIA_ROOT=/app/data/uploads.'
  }),
  REDIS_URL: rule({
    required: false,
    aliases: ['CHANNEL_LAYERS_REDIS_URL', 'REDIS_TLS_URL'],
    url: REDIS_SCHEMES,
    reason: 'with more than one replica, WebSocket groups only reach each other through a Redis channel layer',
    hint: 'Add a Redis service and REDIS_URL=${{Redis.REDIS_URL}}, and use channels_redis as the channel layer.'
  })
}

const flask: Preset = {
  FLASK_ENV: rule({
    required: false,
    equals: 'production',
    secret: false,
    reason: 'the development environment turns the debugger and reloader on',
    hint: 'Set FLASK_ENV=production (Flask 2.3+ reads FLASK_DEBUG instead; keep that off too).'
  }),
  FLASK_DEBUG: rule({
    required: false,
    oneOf: FALSE_VALUES,
    secret: false,
    reason: 'the Werkzeug debugger lets anyone who reaches an error page run code on the server',
    hint: 'Set FLASK_DEBUG=0, or remove it.'
  }),
  SECRET_KEY: rule({
    required: false,
    aliases: ['FLASK_SECRET_KEY'],
    minLength: 32,
    reason: 'Flask signs session cookies with it; a short key can be brute-forced',
    hint: "Generate one: python -c 'import secrets; print(secrets.token_hex(32))'."
  })
}

const fastapi: Preset = {
  DEBUG: rule({
    required: false,
    oneOf: FALSE_VALUES,
    secret: false,
    reason: 'debug mode returns tracebacks to clients',
    hint: 'Set DEBUG=false, or remove it.'
  }),
  JWT_SECRET: rule({
    required: false,
    aliases: ['JWT_SECRET_KEY'],
    minLength: 32,
    reason: 'a short or guessable signing key lets anyone mint valid tokens',
    hint: "Generate one: python -c 'import secrets; print(secrets.token_urlsafe(48))'."
  }),
  CORS_ORIGINS: rule({
    required: false,
    aliases: ['CORS_ALLOWED_ORIGINS', 'ALLOWED_ORIGINS'],
    not: ['\\*', '*,\\*', '\\*,*', '*,\\*,*'],
    severity: 'warn',
    secret: false,
    reason: 'a wildcard lets any site call the API from a visitor\'s browser',
    hint: 'List the front end\'s origins, e.g. CORS_ORIGINS=https://app.example.com.'
  })
}

const phoenix: Preset = {
  SECRET_KEY_BASE: rule({
    minLength: 64,
    reason: 'Phoenix signs and encrypts cookies with it and refuses to start with fewer than 64 bytes',
    hint: 'Generate one with `mix phx.gen.secret` and paste it as SECRET_KEY_BASE.'
  }),
  MIX_ENV: rule({
    equals: 'prod',
    secret: false,
    reason: 'releases built in another environment load dev or test config',
    hint: 'Set MIX_ENV=prod (the Dockerfile\'s build stage should use it too).'
  }),
  DATABASE_URL: rule({
    url: ['ecto', ...POSTGRES_SCHEMES],
    reason: 'Ecto connects to PostgreSQL through it (config/runtime.exs raises when it is missing)',
    hint: 'Add a reference to the database service: DATABASE_URL=${{Postgres.DATABASE_URL}}.'
  }),
  PHX_HOST: rule({
    required: false,
    pattern: '^[A-Za-z0-9.-]+$',
    secret: false,
    reason: 'Phoenix builds URLs and checks WebSocket origins against it: a scheme or path here breaks both',
    hint: 'Set the bare host name, e.g. PHX_HOST=app.example.com or ${{RAILWAY_PUBLIC_DOMAIN}}.'
  }),
  PHX_SERVER: rule({
    required: false,
    oneOf: ['true', '1'],
    secret: false,
    reason: 'a release starts its endpoint only when PHX_SERVER is set (unless bin/server sets it)',
    hint: 'Set PHX_SERVER=true, or start the release with bin/server.'
  })
}

const node: Preset = {
  NODE_ENV: rule({
    required: false,
    equals: 'production',
    secret: false,
    severity: 'warn',
    reason: 'frameworks run slower and more verbosely outside production mode',
    hint: 'Set NODE_ENV=production.'
  })
}

const stripe: Preset = {
  STRIPE_SECRET_KEY: rule({
    pattern: '^(sk|rk)_(live|test)_',
    reason: 'payments fail without a Stripe secret (or restricted) key',
    hint: 'Copy the secret key from the Stripe dashboard (Developers → API keys); it starts with sk_live_ or sk_test_.'
  }),
  STRIPE_PUBLISHABLE_KEY: rule({
    required: false,
    pattern: '^pk_(live|test)_',
    reason: 'Stripe.js needs the publishable key of the same account as the secret key',
    hint: 'Copy the publishable key from the Stripe dashboard; it starts with pk_live_ or pk_test_.'
  }),
  STRIPE_WEBHOOK_SECRET: rule({
    required: false,
    pattern: '^whsec_',
    reason: 'webhook signatures cannot be verified without the endpoint\'s signing secret',
    hint: 'Copy the signing secret of the webhook endpoint (Developers → Webhooks); it starts with whsec_.'
  })
}

const openai: Preset = {
  OPENAI_API_KEY: rule({
    pattern: '^sk-',
    reason: 'every OpenAI call (chat, embeddings) fails with 401 without it',
    hint: 'Create a key at platform.openai.com/api-keys; it starts with sk-.'
  })
}

const anthropic: Preset = {
  ANTHROPIC_API_KEY: rule({
    pattern: '^sk-ant-',
    reason: 'every Claude API call fails with 401 without it',
    hint: 'Create a key in the Anthropic console (Settings → API keys); it starts with sk-ant-.'
  })
}

const awsS3: Preset = {
  AWS_ACCESS_KEY_ID: rule({
    minLength: 16,
    reason: 'uploads and signed URLs to S3 fail without credentials',
    hint: 'Create an access key for an IAM user limited to the bucket.'
  }),
  AWS_SECRET_ACCESS_KEY: rule({
    minLength: 30,
    reason: 'uploads and signed URLs to S3 fail without credentials',
    hint: 'Use the secret that was shown once when the access key was created.'
  }),
  AWS_STORAGE_BUCKET_NAME: rule({
    aliases: ['AWS_S3_BUCKET', 'AWS_S3_BUCKET_NAME', 'AWS_BUCKET_NAME', 'S3_BUCKET', 'S3_BUCKET_NAME'],
    pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
    secret: false,
    reason: 'the storage backend needs to know which bucket to write to',
    hint: 'Set the bucket\'s name (lower-case letters, digits, dots and hyphens).'
  }),
  AWS_S3_REGION_NAME: rule({
    aliases: ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_S3_REGION'],
    pattern: '^([a-z]{2}(-gov)?-[a-z]+-\\d+|auto)$',
    secret: false,
    reason: 'signed URLs for a bucket in another region are rejected',
    hint: 'Set the bucket\'s region, e.g. AWS_S3_REGION_NAME=eu-west-1.'
  })
}

const smtp: Preset = {
  EMAIL_HOST_PASSWORD: rule({
    aliases: ['SMTP_PASSWORD', 'EMAIL_PASSWORD', 'MAIL_PASSWORD'],
    reason: 'the mail server refuses to send without it (password reset, receipts)',
    hint: 'Set the SMTP password or API key from your mail provider.'
  }),
  EMAIL_HOST: rule({
    required: false,
    aliases: ['SMTP_HOST', 'MAIL_SERVER', 'MAIL_HOST'],
    pattern: '^[A-Za-z0-9.-]+$',
    secret: false,
    reason: 'mail goes to this host; a URL or a typo here fails every send',
    hint: 'Set the bare host name, e.g. EMAIL_HOST=smtp.resend.com.'
  }),
  EMAIL_PORT: rule({
    required: false,
    aliases: ['SMTP_PORT', 'MAIL_PORT'],
    oneOf: ['25', '465', '587', '2465', '2587'],
    secret: false,
    reason: 'Railway blocks nothing, but providers only listen on the standard submission ports',
    hint: 'Use 587 (STARTTLS) or 465 (TLS).'
  }),
  DEFAULT_FROM_EMAIL: rule({
    required: false,
    aliases: ['SMTP_FROM', 'MAIL_FROM', 'EMAIL_FROM', 'MAIL_DEFAULT_SENDER'],
    pattern: '@',
    secret: false,
    reason: 'providers reject mail from an address that is not on a verified domain',
    hint: 'Use an address on a domain verified with your mail provider, e.g. noreply@yourdomain.com.'
  })
}

/** Frameworks, in the order detection reports them. */
export const STACK_PRESETS = ['django', 'celery', 'channels', 'flask', 'fastapi', 'phoenix', 'node'] as const
/** Services the app talks to. */
export const INTEGRATION_PACKS = ['postgres', 'redis', 'stripe', 'openai', 'anthropic', 'aws-s3', 'smtp'] as const

export const PRESETS: Record<string, Preset> = {
  django,
  celery,
  channels,
  flask,
  fastapi,
  phoenix,
  node,
  postgres: { DATABASE_URL: databaseUrl },
  redis: { REDIS_URL: redisUrl },
  stripe,
  openai,
  anthropic,
  'aws-s3': awsS3,
  smtp
}

export const PRESET_NAMES = Object.keys(PRESETS)

/** Canonical order (frameworks first, then integrations), so merges and reports do not depend on input order. */
export function sortPresets(names: Iterable<string>): string[] {
  const order = (name: string) => {
    const index = PRESET_NAMES.indexOf(name)
    return index === -1 ? PRESET_NAMES.length : index
  }
  return [...new Set(names)].sort((a, b) => order(a) - order(b))
}
