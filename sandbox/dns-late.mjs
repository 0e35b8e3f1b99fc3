/**
 * A resolver that does not know `localhost` yet: loaded into the action's process by the sandbox
 * (`node --import`), the way a runner's own DNS would be, for the scenario of a new domain whose name
 * resolves only after a while. The first SANDBOX_DNS_FAIL_LOOKUPS lookups of SANDBOX_DNS_NAME fail
 * with ENOTFOUND, as getaddrinfo does; later ones resolve as usual. Counted, not timed, so the test
 * does not depend on how fast a busy machine runs the action. Nothing else is touched.
 */
import dns from 'node:dns'

const name = process.env.SANDBOX_DNS_NAME ?? 'localhost'
let failuresLeft = Number(process.env.SANDBOX_DNS_FAIL_LOOKUPS ?? 0)
const lookup = dns.lookup

dns.lookup = function lateLookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback
  if (hostname === name && failuresLeft > 0) {
    failuresLeft--
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname })
    process.nextTick(done, error)
    return {}
  }
  return lookup.call(this, hostname, options, callback)
}
