/**
 * Scripted Railway worlds for the demo, the e2e tests and the benchmark. A scenario says what Railway
 * holds (project, services, variables, domains), how a deployment moves through its statuses over
 * time, what the logs say, how the sample app answers, and what the action should conclude.
 */

export type DeploymentStatus =
  | 'BUILDING'
  | 'CRASHED'
  | 'DEPLOYING'
  | 'FAILED'
  | 'INITIALIZING'
  | 'NEEDS_APPROVAL'
  | 'QUEUED'
  | 'REMOVED'
  | 'REMOVING'
  | 'SKIPPED'
  | 'SLEEPING'
  | 'SUCCESS'
  | 'WAITING'

/** A status the deployment takes `at` milliseconds (scenario time) after it was created. */
export interface DeployStep {
  status: DeploymentStatus
  at: number
}

/**
 * How the sample app answers /health. `healthy`: the active deployment's commit, 200. Fault modes:
 * `status` (a fixed status), `old-version-forever` (the previous commit, always), `old-version-then-new`
 * (the previous commit for `failForMs` after the switch, as an edge still routing to the old
 * deployment would), `slow-start` (503) and `cold-start` (502) for `failForMs`, `flapping` (200/503
 * alternately), `redirect-other-host`, `redirect-same-host` (to /ready, which is healthy),
 * `redirect-loop`, `endless-body` (200 and a body that never ends), `hang` (never answers).
 */
export interface AppBehaviour {
  mode:
    | 'healthy'
    | 'status'
    | 'old-version-forever'
    | 'old-version-then-new'
    | 'slow-start'
    | 'flapping'
    | 'cold-start'
    | 'redirect-other-host'
    | 'redirect-same-host'
    | 'redirect-loop'
    | 'endless-body'
    | 'hang'
  /** For `status`: the status to answer with. */
  status?: number
  /** For `slow-start`/`cold-start`/`old-version-then-new`: how long after the switch the fault lasts (scenario ms). */
  failForMs?: number
  /** Serve a self-signed certificate the runner does not trust (TLS failure). */
  untrusted?: boolean
}

export interface ScenarioService {
  id: string
  name: string
  /** Rendered values, as the deployment sees them (null: a value Railway did not return). */
  variables: Record<string, string | null>
  /** The public domain's host name: the sample app's loopback address, or `localhost` (DNS scenarios). */
  domainHost?: 'localhost'
  /** Unrendered values where they differ (references such as `${{Postgres.DATABASE_URL}}`). */
  unrendered?: Record<string, string>
  /** Whether the service has a public domain (the sample app's loopback address). */
  publicDomain: boolean
  healthcheckPath?: string | null
  /** The statuses a new deployment goes through. */
  steps: DeployStep[]
  buildLogs?: string[]
  deployLogs?: string[]
  app?: AppBehaviour
  /** This long (scenario ms) after a deployment of this service starts, a newer one replaces it (REMOVED). */
  supersedeAfterMs?: number
  /** A volume attached to the service in this environment (Railway then also sets RAILWAY_VOLUME_*). */
  volume?: { name: string; mountPath: string }
}

export interface Scenario {
  name: string
  description: string
  /** What the action must conclude, for the demo's exit code and the tests. */
  expect: { result: 'success' | 'failure' | 'skipped' | 'cancelled' }
  tokenKind: 'project' | 'account'
  services: ScenarioService[]
  /** Inputs this scenario needs besides the defaults the sandbox passes. */
  inputs?: Record<string, string>
  /** The action's resolver fails to find `localhost` this many times before it does (a new domain's DNS). */
  dnsFailedLookups?: number
  /** Files of the checked-out repository (path → text), written to the workspace of a run. */
  files?: Record<string, string>
  faults?: {
    /** Answer this many GraphQL requests (of `operation` only, when given) with 429 and Retry-After before serving normally. */
    rateLimited?: { count: number; retryAfterSeconds: number; operation?: string }
    /** Answer this many GraphQL requests (of `operation` only, when given) with 502. */
    serverErrors?: { count: number; operation?: string }
    /** serviceInstanceDeployV2 answers "Commit not found". */
    commitNotFound?: boolean
    /** Refuse WebSocket upgrades (subscriptions unavailable). */
    noWebSocket?: boolean
    /** serviceInstanceDeployV2 deploys, then the connection is reset before the answer (ambiguous outcome). */
    deployReset?: { count: number }
    /** The environment's volume list answers "Not Authorized" (a token that may not read it). */
    volumesUnavailable?: boolean
  }
  /** Railway's GitHub autodeploy: a deployment of `commit` appears this long after the sandbox starts. */
  autodeploy?: { afterMs: number; commit: string }
}

export const PROJECT = { id: 'prj-5a4d-sandbox', name: 'photo-shop' }
export const ENVIRONMENT = { id: 'env-9c1e-production', name: 'production' }
export const PROJECT_TOKEN = 'rw-proj-7f3c9a2e-4b1d-4e8f-9a6c-2d5e8f1b3c7a'
export const ACCOUNT_TOKEN = 'rw-acct-1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6'
export const PREVIOUS_COMMIT = '0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0ld0'
/** The commit of a newer push that supersedes ours (scenario `supersedeAfterMs`). */
export const NEWER_COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'

/** Recognisable secret values: the leak tests look for each of them in every artifact. */
export const FIXTURE_SECRETS = {
  SECRET_KEY: 'sbx-9f8e7d6c5b4a39281706f5e4d3c2b1a0-django-secret-key-value-1234567890',
  DATABASE_URL: 'postgresql://postgres:Pg-Pass-4f9a8b7c6d5e@postgres.railway.internal:5432/railway',
  STRIPE_SECRET_KEY: 'sk_live_51SandboxFixtureKey9a8b7c6d5e4f3a2b1c0d',
  REDIS_URL: 'redis://default:Rd-Pass-7e6d5c4b3a29@redis.railway.internal:6379'
}

export const HAPPY_STEPS: DeployStep[] = [
  { status: 'INITIALIZING', at: 0 },
  { status: 'BUILDING', at: 120 },
  { status: 'DEPLOYING', at: 420 },
  { status: 'SUCCESS', at: 700 }
]

/** A build that fails a few hundred milliseconds in. */
export const BUILD_FAILURE_STEPS: DeployStep[] = [
  { status: 'INITIALIZING', at: 0 },
  { status: 'BUILDING', at: 100 },
  { status: 'FAILED', at: 400 }
]

export const DJANGO_VARIABLES = {
  SECRET_KEY: FIXTURE_SECRETS.SECRET_KEY,
  DEBUG: 'False',
  ALLOWED_HOSTS: '.up.railway.app',
  DATABASE_URL: FIXTURE_SECRETS.DATABASE_URL,
  REDIS_URL: FIXTURE_SECRETS.REDIS_URL,
  STRIPE_SECRET_KEY: FIXTURE_SECRETS.STRIPE_SECRET_KEY
}

export const BUILD_LOG = [
  '[Railpack] detected Python 3.12 (Django)',
  'Collecting django==5.1.4',
  'Successfully installed django gunicorn psycopg',
  'python manage.py collectstatic --noinput',
  '161 static files copied to /app/staticfiles.',
  'Build time: 48.21 seconds'
]

export const DEPLOY_LOG = [
  'Starting Container',
  '[gunicorn] Starting gunicorn 23.0.0',
  '[gunicorn] Listening at: http://0.0.0.0:8080',
  '[gunicorn] Booting worker with pid: 7'
]

/** The sandbox's standard Django web service; scenarios override what they test. */
export function web(overrides: Partial<ScenarioService> = {}): ScenarioService {
  return {
    id: 'svc-1a2b-web',
    name: 'web',
    variables: { ...DJANGO_VARIABLES },
    unrendered: { DATABASE_URL: '${{Postgres.DATABASE_URL}}', REDIS_URL: '${{Redis.REDIS_URL}}' },
    publicDomain: true,
    healthcheckPath: '/health',
    steps: HAPPY_STEPS,
    buildLogs: BUILD_LOG,
    deployLogs: DEPLOY_LOG,
    app: { mode: 'healthy' },
    ...overrides
  }
}

