# RocketMQ ACL 2.0 users (the broker's authentication and authorization: manifests/platform/rocketmq.yaml):
#   rocketmq_passwords  the super user `admin` (the broker creates it on its first start; the proxy and the
#                       rocketmq-topics Job sign in as it) and one user per service
#   rocketmq_user_lines "USER PASSWORD" lines, which the rocketmq-topics Job creates; what each may publish and
#                       consume is in that Job's ConfigMap (acls)
# Passwords are derived from postgres_password as the PostgreSQL roles' are (secrets.tf says why).
# No resources here: scripts/infra/rocketmq-acl.int.test.ts evaluates this file with variables.tf alone and signs
# the services' producers and consumers in with these passwords against a broker with ACL 2.0 on.
locals {
  rocketmq_services = ["customer", "product", "cart", "order", "payment"]
  rocketmq_passwords = {
    for user in concat(["admin"], local.rocketmq_services) : user => sha256("${var.postgres_password}/rocketmq/${user}")
  }
  rocketmq_user_lines = join("", [for user in local.rocketmq_services : "${user} ${local.rocketmq_passwords[user]}\n"])
}
