/** Deterministic run records for the golden files and the GFM rendering tests. */
import type { ChecklistResult, DeploymentRecord, HealthRecord, RunRecord, ServiceRecord } from '../../src/report/model.js'

const SHA = '3f2a9c1e7b4d5f60812a3b4c5d6e7f8091a2b3c4'
const DASHBOARD = 'https://railway.com/project/prj-1/service/svc-web?environmentId=env-prod&id=dep-7f3a'

function base(result: RunRecord['result'], service: ServiceRecord): RunRecord {
  return {
    result,
    key: 'production:web',
    commitSha: SHA,
    project: { id: 'prj-1', name: 'photo-shop' },
    environment: { id: 'env-prod', name: 'production' },
    deployMode: 'api',
    startedAt: '2026-11-24T12:00:00.000Z',
    finishedAt: '2026-11-24T12:02:10.000Z',
    services: [service],
    notes: [],
    runUrl: 'https://github.com/acme/shop/actions/runs/1234567890'
  }
}

const okChecklist: ChecklistResult = {
  mode: 'error',
  presets: ['django', 'postgres'],
  detected: ['django: manage.py found'],
  failed: false,
  items: ['SECRET_KEY', 'DEBUG', 'ALLOWED_HOSTS', 'DATABASE_URL', 'DJANGO_SETTINGS_MODULE'].map((name) => ({
    name,
    state: 'ok' as const,
    source: 'preset django',
    severity: 'error' as const
  }))
}

function deployment(status: string, timeline: Array<[string, number?]>): DeploymentRecord {
  return {
    id: 'dep-7f3a',
    status,
    commitSha: SHA,
    dashboardUrl: DASHBOARD,
    mode: 'api',
    followedBy: 'subscription',
    timeline: timeline.map(([s, durationMs], i) => ({ status: s, at: `2026-11-24T12:00:${String(i * 10).padStart(2, '0')}.000Z`, durationMs }))
  }
}

const passedHealth: HealthRecord = {
  verdict: 'passed',
  url: 'https://web-production.up.railway.app/health',
  reason: '2 consecutive passing probes',
  totalProbes: 3,
  timeToHealthyMs: 4200,
  lastChecks: { status: true, version: true },
  probes: [
    { at: '2026-11-24T12:01:50.000Z', status: 502, latencyMs: 40, ok: false, detail: '502, cold start' },
    { at: '2026-11-24T12:01:52.000Z', status: 200, latencyMs: 35, ok: true, detail: '200, version matched' },
    { at: '2026-11-24T12:01:54.000Z', status: 200, latencyMs: 31, ok: true, detail: '200, version matched' }
  ]
}

const BUILD = ['[Railpack] detected Python 3.12 (Django)', 'Successfully installed django gunicorn psycopg', 'Build time: 48.21 seconds']
const DEPLOY = ['Starting Container', '[gunicorn] Listening at: http://0.0.0.0:8080', '[gunicorn] Booting worker with pid: 7']

export function passingRun(): RunRecord {
  return base('success', {
    name: 'web',
    id: 'svc-web',
    verdict: 'passed',
    message: 'Deployed and healthy: https://web-production.up.railway.app/health passed 2 consecutive passing probes 4.2s after SUCCESS.',
    url: 'https://web-production.up.railway.app',
    checklist: okChecklist,
    deployment: deployment('SUCCESS', [['INITIALIZING', 2000], ['BUILDING', 48_000], ['DEPLOYING', 11_000], ['SUCCESS']]),
    health: passedHealth,
    logs: [
      { kind: 'build', lines: BUILD, truncated: true },
      { kind: 'deploy', lines: DEPLOY, truncated: false }
    ]
  })
}

export function checklistFailure(): RunRecord {
  return base('failure', {
    name: 'web',
    id: 'svc-web',
    verdict: 'failed',
    failedStage: 'check',
    message: '3 variables failed the checklist (SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS); nothing was deployed. Fix them in Railway (service → Variables) and re-run.',
    checklist: {
      ...okChecklist,
      failed: true,
      items: [
        { name: 'SECRET_KEY', foundAs: 'DJANGO_SECRET_KEY', state: 'placeholder', rule: 'still a placeholder value', hint: "python -c 'import secrets; print(secrets.token_urlsafe(50))'", source: 'preset django', severity: 'error' },
        { name: 'DATABASE_URL', state: 'empty', rule: '${{Postgres.DATABASE_URL}} renders empty', hint: 'Add a Postgres service, or fix the reference name.', source: 'preset postgres', severity: 'error' },
        { name: 'ALLOWED_HOSTS', state: 'missing', rule: 'required', hint: 'Set it to .up.railway.app plus your domains.', source: 'preset django', severity: 'error' },
        { name: 'DEBUG', state: 'ok', source: 'preset django', severity: 'error' },
        { name: 'SENTRY_DSN', state: 'warning', rule: 'missing (warn only)', source: '.github/railway-checklist.yml', severity: 'warn' }
      ]
    },
    logs: []
  })
}

export function buildFailure(): RunRecord {
  return base('failure', {
    name: 'web',
    id: 'svc-web',
    verdict: 'failed',
    failedStage: 'wait',
    message: 'Railway deployment dep-7f3a FAILED during the build. Read the build log below, fix it, and push again.',
    url: 'https://web-production.up.railway.app',
    checklist: okChecklist,
    deployment: deployment('FAILED', [['INITIALIZING', 2000], ['BUILDING', 31_500], ['FAILED']]),
    logs: [
      {
        kind: 'build',
        lines: [...BUILD.slice(0, 1), 'ERROR: Could not find a version that satisfies the requirement djangoo==5.1', 'ERROR: No matching distribution found for djangoo==5.1', 'Build failed with exit code 1'],
        truncated: false
      }
    ]
  })
}

export function healthFailure(): RunRecord {
  return base('failure', {
    name: 'web',
    id: 'svc-web',
    verdict: 'failed',
    failedStage: 'health',
    message: 'The health gate failed at https://web-production.up.railway.app/health: the old version 0ld0ld0ld0ld kept answering for 5m.',
    url: 'https://web-production.up.railway.app',
    checklist: okChecklist,
    deployment: deployment('SUCCESS', [['INITIALIZING', 2000], ['BUILDING', 48_000], ['DEPLOYING', 11_000], ['SUCCESS']]),
    health: {
      verdict: 'failed',
      url: 'https://web-production.up.railway.app/health',
      reason: 'the old version 0ld0ld0ld0ld kept answering for 5m',
      totalProbes: 61,
      lastChecks: { status: true, version: false },
      probes: [
        { at: '2026-11-24T12:06:50.000Z', status: 200, latencyMs: 30, ok: false, detail: '200, version 0ld0ld0ld0ld answered' },
        { at: '2026-11-24T12:06:55.000Z', status: 200, latencyMs: 29, ok: false, detail: '200, version 0ld0ld0ld0ld answered' }
      ]
    },
    logs: [
      { kind: 'deploy', lines: [...DEPLOY, 'django.db.utils.OperationalError: could not connect to server'], truncated: false },
      { kind: 'build', lines: BUILD, truncated: false }
    ]
  })
}

export const GOLDEN_RECORDS: Record<string, () => RunRecord> = {
  'passing-run': passingRun,
  'checklist-failure': checklistFailure,
  'build-failure': buildFailure,
  'health-failure': healthFailure
}
