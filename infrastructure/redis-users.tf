# Redis ACL users: one per service that keeps state in Redis, each limited to its own key prefixes, so a stolen
# cart password cannot read or reset the customer service's login counters, nor the other way round.
#   redis_acl       the ACL file the Redis StatefulSet loads (--aclfile, Secret redis-users): passwords only as
#                   SHA-256 (`#<hex>`), and the `default` user may only PING (the readiness probe's redis-cli ping)
#   redis_urls      per service, the redis.url its Deployment reads from its Secret redis-<service>
# Passwords are derived from postgres_password as the PostgreSQL roles' are (secrets.tf says why).
# No resources here: scripts/infra/redis-users.int.test.ts evaluates this file with variables.tf alone, loads the
# ACL into a real redis-server and runs the services' Redis adapters as these users.
locals {
  # The key prefixes each service's adapters use (service.cart/src/adapters/out/redis, service.customer/...).
  redis_users = {
    cart     = ["cart:*", "cart-removal:*"]
    customer = ["customer:*"]
    order    = ["order:*"]
  }
  # Data commands, Lua scripts (EVALSHA, with the keys a script touches checked too) and the connection's own
  # (PING, HELLO, CLIENT SETNAME); nothing dangerous (KEYS, FLUSHALL, CONFIG, DEBUG, ACL, ...) but INFO, which
  # ioredis's ready check sends on every connect, and TIME, which order's stream leases read in their scripts so
  # that replicas agree on one clock.
  redis_commands = "-@all +@read +@write +@scripting +@connection +@transaction -@dangerous +info +time"
  redis_passwords = {
    for user in keys(local.redis_users) : user => sha256("${var.postgres_password}/redis/${user}")
  }
  redis_acl = join("\n", concat(
    ["user default on nopass resetchannels -@all +ping"],
    [
      for user, patterns in local.redis_users :
      "user ${user} on #${sha256(local.redis_passwords[user])} resetchannels resetkeys ${join(" ", [for p in patterns : "~${p}"])} ${local.redis_commands}"
    ],
    [""],
  ))
  # Host, port and database as config/k8s.yaml's redis.url (the test compares them).
  redis_urls = {
    for user in keys(local.redis_users) : user => "redis://${user}:${local.redis_passwords[user]}@redis:6379/0"
  }
}
