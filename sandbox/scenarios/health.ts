import { web, type AppBehaviour, type Scenario } from './base.ts'

/**
 * The health gate's worlds: the deployment succeeds every time, and the sample app behind the service's
 * domain misbehaves in one way. Failure scenarios use a short health-timeout so a run stays around a
 * second; the setup-like faults (404, TLS, redirects, endless body) end sooner by failing fast.
 */

function healthScenario(
  name: string,
  description: string,
  result: 'success' | 'failure',
  app: AppBehaviour,
  inputs: Record<string, string> = {}
): Scenario {
  return { name, description, expect: { result }, tokenKind: 'project', services: [web({ app })], inputs: { stack: 'django', ...inputs } }
}

const SHORT = { 'health-timeout': '1500ms' }

export const HEALTH_SCENARIOS: Record<string, Scenario> = Object.fromEntries(
  [
    healthScenario(
      'health-old-version-then-new',
      'After SUCCESS the edge keeps answering with the old commit for 500ms: with health-version the gate passes only once the new commit answers.',
      'success',
      { mode: 'old-version-then-new', failForMs: 500 }
    ),
    healthScenario('health-slow-start', 'The new version answers 503 for 400ms after SUCCESS, then 200 with its commit.', 'success', {
      mode: 'slow-start',
      failForMs: 400
    }),
    healthScenario('health-cold-start', "Railway's edge answers 502 for 400ms while the app wakes, then 200.", 'success', { mode: 'cold-start', failForMs: 400 }),
    healthScenario('health-redirect-same-host', '/health redirects to /ready on the same host, which is healthy: the probe follows it.', 'success', {
      mode: 'redirect-same-host'
    }),
    healthScenario('health-flapping', 'The endpoint alternates 200 and 503: never two passes in a row, so the gate fails as flapping.', 'failure', { mode: 'flapping' }, SHORT),
    healthScenario('health-not-found', '/health answers 404 forever: the gate fails fast, naming the path and health-path.', 'failure', { mode: 'status', status: 404 }),
    healthScenario(
      'health-wrong-version',
      'The old commit keeps answering 200: the gate fails and says which version answered instead.',
      'failure',
      { mode: 'old-version-forever' },
      SHORT
    ),
    healthScenario('health-redirect-other-host', '/health redirects to example.com: not followed, the gate fails naming the host.', 'failure', {
      mode: 'redirect-other-host'
    }),
    healthScenario('health-redirect-loop', '/health redirects to itself: the probe stops after 5 hops and points at the loop.', 'failure', { mode: 'redirect-loop' }),
    healthScenario('health-endless-body', '/health answers 200 with a body that never ends: the read stops at 64 KiB and the gate fails.', 'failure', {
      mode: 'endless-body'
    }),
    healthScenario('health-untrusted-cert', 'The app serves a self-signed certificate: TLS is verified, the gate fails naming the certificate.', 'failure', {
      mode: 'healthy',
      untrusted: true
    }),
    {
      ...healthScenario(
        'health-dns-late',
        "The service's domain does not resolve for the first three probes (a new domain's DNS), then does: ENOTFOUND is retried, and the gate passes.",
        'success',
        { mode: 'healthy' }
      ),
      services: [web({ app: { mode: 'healthy' }, domainHost: 'localhost' })],
      dnsFailedLookups: 3
    },
    {
      ...healthScenario('health-dns-never', "The service's domain never resolves: the gate fails at health-timeout naming DNS.", 'failure', { mode: 'healthy' }, SHORT),
      services: [web({ app: { mode: 'healthy' }, domainHost: 'localhost' })],
      dnsFailedLookups: 1_000_000
    },
    healthScenario('health-hang', '/health never answers: each probe ends at its timeout and the gate fails at health-timeout.', 'failure', { mode: 'hang' }, {
      'health-timeout': '1s'
    })
  ].map((s) => [s.name, s])
)
