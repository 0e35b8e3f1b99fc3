import { rule, type Rule } from './types.js'

/**
 * Built-in checklists as typed data (no runtime file reads, so the bundle needs no assets).
 * Each rule says why it exists and how to fix it.
 */
export type Preset = Record<string, Rule>

const databaseUrl = rule({
  url: ['postgres', 'postgresql'],
  reason: 'the app connects to PostgreSQL through it',
  hint: 'Add a reference to the database: DATABASE_URL=${{Postgres.DATABASE_URL}}.'
})

export const PRESETS: Record<string, Preset> = {
  django: {
    SECRET_KEY: rule({
      aliases: ['DJANGO_SECRET_KEY'],
      minLength: 50,
      not: ['django-insecure-*'],
      reason: 'Django signs sessions and tokens with it',
      hint: "Generate one: python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    }),
    DEBUG: rule({
      required: false,
      aliases: ['DJANGO_DEBUG'],
      oneOf: ['false', 'False', 'FALSE', '0', 'no', 'off'],
      secret: false,
      reason: 'DEBUG on in production leaks settings and stack traces',
      hint: 'Set DEBUG=False.'
    }),
    ALLOWED_HOSTS: rule({
      aliases: ['DJANGO_ALLOWED_HOSTS'],
      secret: false,
      reason: 'Django answers 400 to every host not listed',
      hint: 'Set ALLOWED_HOSTS to your domains, e.g. .up.railway.app,example.com.'
    }),
    DATABASE_URL: databaseUrl
  },
  postgres: { DATABASE_URL: databaseUrl },
  node: {
    NODE_ENV: rule({
      required: false,
      equals: 'production',
      secret: false,
      severity: 'warn',
      reason: 'frameworks run slower and more verbosely outside production mode',
      hint: 'Set NODE_ENV=production.'
    })
  }
}

export const PRESET_NAMES = Object.keys(PRESETS)
