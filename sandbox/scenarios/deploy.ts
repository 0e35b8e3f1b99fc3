import { BUILD_LOG, DJANGO_VARIABLES, HAPPY_STEPS, web, type DeployStep, type Scenario, type ScenarioService } from './base.ts'

/**
 * Deploy and wait: every Railway status the gate must read right, the WebSocket on and off, 429 and
 * 5xx while polling, a superseding push, the "Wait for CI" deadlock, workers and their stability
 * window, several services at once, rollback, and the cli and watch modes.
 */

/** The sandbox's pull-request head (sandbox/index.ts HEAD_SHA; kept literal to avoid an import cycle). */
const SANDBOX_HEAD_SHA = '3f2a9c1e7b4d5f60812a3b4c5d6e7f8091a2b3c4'

const WORKER_DEPLOY_LOG = ['Starting Container', '[celery] celery@worker ready.', '[celery] Connected to redis://redis.railway.internal:6379']

/** A Celery worker: no public domain, so its gate is the stability window. */
export function worker(overrides: Partial<ScenarioService> = {}): ScenarioService {
  return {
    id: 'svc-3c4d-worker',
    name: 'worker',
    variables: { ...DJANGO_VARIABLES },
    unrendered: { DATABASE_URL: '${{Postgres.DATABASE_URL}}', REDIS_URL: '${{Redis.REDIS_URL}}' },
    publicDomain: false,
    healthcheckPath: null,
    steps: [
      { status: 'INITIALIZING', at: 0 },
      { status: 'BUILDING', at: 80 },
      { status: 'DEPLOYING', at: 300 },
      { status: 'SUCCESS', at: 500 }
    ],
    buildLogs: BUILD_LOG,
    deployLogs: WORKER_DEPLOY_LOG,
    ...overrides
  }
}

const CRASH_AFTER_SUCCESS: DeployStep[] = [
  { status: 'INITIALIZING', at: 0 },
  { status: 'BUILDING', at: 80 },
  { status: 'DEPLOYING', at: 300 },
  { status: 'SUCCESS', at: 500 },
  { status: 'CRASHED', at: 650 }
]

const CRASH_LOG = [...WORKER_DEPLOY_LOG, 'Traceback (most recent call last):', 'KeyError: CELERY_BROKER_URL', 'Worker exited with code 1']

const one = (name: string, description: string, result: Scenario['expect']['result'], services: ScenarioService[], extra: Partial<Scenario> = {}): Scenario => ({
  name,
  description,
  expect: { result },
  tokenKind: 'project',
  services,
  inputs: { stack: 'django', ...(extra.inputs ?? {}) },
  ...Object.fromEntries(Object.entries(extra).filter(([key]) => key !== 'inputs'))
})

export const DEPLOY_SCENARIOS: Record<string, Scenario> = {
  'no-websocket': one('no-websocket', 'Railway refuses the WebSocket upgrade: the wait falls back to polling and still ends right.', 'success', [web()], {
    faults: { noWebSocket: true }
  }),
  'rate-limited': one(
    'rate-limited',
    'Polling (no WebSocket) meets two 429s with Retry-After: 1 on the deployment reads; the action waits as told and succeeds.',
    'success',
    [web()],
    { faults: { noWebSocket: true, rateLimited: { count: 2, retryAfterSeconds: 1, operation: 'Deployment' } } }
  ),
  'server-errors': one('server-errors', 'A burst of four 502s on the deployment reads: retried with backoff and jitter, then success.', 'success', [web()], {
    faults: { noWebSocket: true, serverErrors: { count: 4, operation: 'Deployment' } }
  }),
  superseded: one(
    'superseded',
    'A newer push starts a deployment while ours builds; Railway removes ours. Reported as superseded, naming the newer one.',
    'failure',
    [web({ supersedeAfterMs: 300 })]
  ),
  'wait-for-ci': one(
    'wait-for-ci',
    'The deployment sits in WAITING ("Wait for CI" waits on this very workflow): detected as a deadlock long before the timeout.',
    'failure',
    [web({ steps: [{ status: 'WAITING', at: 0 }] })]
  ),
  'needs-approval': one('needs-approval', 'The deployment waits for approval in the dashboard: bounded by timeout and named.', 'failure', [web({ steps: [{ status: 'NEEDS_APPROVAL', at: 0 }] })], {
    inputs: { timeout: '1s' }
  }),
  skipped: one('skipped', 'Railway skips the deployment (Wait for CI saw a failed check).', 'failure', [
    web({ steps: [{ status: 'WAITING', at: 0 }, { status: 'SKIPPED', at: 200 }] })
  ]),
  crashed: one('crashed', 'The app starts and exits: CRASHED, with the deploy log tail.', 'failure', [
    web({
      steps: [{ status: 'INITIALIZING', at: 0 }, { status: 'BUILDING', at: 80 }, { status: 'DEPLOYING', at: 300 }, { status: 'CRASHED', at: 450 }],
      deployLogs: ['Starting Container', 'django.core.exceptions.ImproperlyConfigured: SECRET_KEY must not be empty', 'Container exited with code 1']
    })
  ]),
  worker: one('worker', 'A worker with no URL stays SUCCESS through the stability window: passed.', 'success', [worker()]),
  'worker-crash': one('worker-crash', 'A worker reaches SUCCESS and crashes 150ms later, inside the stability window: failed, with the deploy log tail.', 'failure', [
    worker({ steps: CRASH_AFTER_SUCCESS, deployLogs: CRASH_LOG })
  ]),
  'multi-service': one('multi-service', 'web and worker deploy at once; each has its own verdict.', 'success', [web(), worker()]),
  'multi-service-one-fails': one('multi-service-one-fails', 'web passes, the worker crashes after SUCCESS: the run fails, web stays passed.', 'failure', [
    web(),
    worker({ steps: CRASH_AFTER_SUCCESS, deployLogs: CRASH_LOG })
  ]),
  watch: one('watch', "deploy: watch — Railway's autodeploy of the head commit appears 600ms after the push; the action finds and follows it.", 'success', [web()], {
    inputs: { deploy: 'watch' },
    autodeploy: { afterMs: 600, commit: SANDBOX_HEAD_SHA }
  }),
  'ambiguous-deploy': one(
    'ambiguous-deploy',
    'The deploy call goes through but the connection resets before the answer: the action finds the deployment instead of deploying twice.',
    'success',
    [web()],
    { faults: { deployReset: { count: 1 } } }
  ),
  'slow-build': one('slow-build', 'A build that takes a minute: for cancellation tests.', 'cancelled', [
    web({ steps: [{ status: 'INITIALIZING', at: 0 }, { status: 'BUILDING', at: 50 }, { status: 'SUCCESS', at: 60_000 }] })
  ]),
  'happy-slow': one('happy-slow', 'The healthy path with a build of a few seconds, to measure how fast the end is noticed.', 'success', [
    web({ steps: HAPPY_STEPS.map((s) => ({ ...s, at: s.at * 4 })) })
  ])
}
