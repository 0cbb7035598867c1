# Secrets come from variables (terraform.tfvars, TF_VAR_* or -var): never from a committed file.

resource "kubernetes_secret_v1" "postgres_credentials" {
  metadata {
    name      = "postgres-credentials"
    namespace = kubernetes_namespace_v1.app.metadata[0].name
  }
  data = {
    password = var.postgres_password
  }
}

# One PostgreSQL role per service that owns a database (the postgres-roles Job creates them), each password in a
# Secret only that service's Deployment reads. Derived from postgres_password rather than drawn at random: the
# only providers are kubernetes and helm (no `random`), and a new variable would break every .run/k8s.tfvars
# written before it. SHA-256 is one-way: a service's password gives away neither the superuser's nor another
# service's; changing postgres_password changes them all (then replace the postgres-roles Job).
resource "kubernetes_secret_v1" "postgres_role" {
  for_each = toset(["customer", "product", "order", "payment"])
  metadata {
    name      = "postgres-${each.key}"
    namespace = kubernetes_namespace_v1.app.metadata[0].name
  }
  data = {
    password = sha256("${var.postgres_password}/role/${each.key}")
  }
}

# Redis ACL users (redis-users.tf): the ACL file the Redis StatefulSet loads, and each service's redis.url.
resource "kubernetes_secret_v1" "redis_users" {
  metadata {
    name      = "redis-users"
    namespace = kubernetes_namespace_v1.app.metadata[0].name
  }
  data = {
    "users.acl" = local.redis_acl
  }
}

resource "kubernetes_secret_v1" "redis_user" {
  for_each = local.redis_urls
  metadata {
    name      = "redis-${each.key}"
    namespace = kubernetes_namespace_v1.app.metadata[0].name
  }
  data = {
    url = each.value
  }
}

resource "kubernetes_secret_v1" "jwt_keys" {
  metadata {
    name      = "jwt-keys"
    namespace = kubernetes_namespace_v1.app.metadata[0].name
  }
  data = {
    "jwt-private.pem" = file(var.jwt_private_key_path)
    "jwt-public.pem"  = file(var.jwt_public_key_path)
  }
}

resource "kubernetes_secret_v1" "customer_admins" {
  metadata {
    name      = "customer-admins"
    namespace = kubernetes_namespace_v1.app.metadata[0].name
  }
  data = {
    admins = var.admin_accounts
  }
}

resource "kubernetes_secret_v1" "customer_staff" {
  metadata {
    name      = "customer-staff"
    namespace = kubernetes_namespace_v1.app.metadata[0].name
  }
  data = {
    staff = var.staff_accounts
  }
}

# Only the SMTP settings that are given (mail.tf): the Deployment reads every key as optional.
resource "kubernetes_secret_v1" "customer_smtp" {
  metadata {
    name      = "customer-smtp"
    namespace = kubernetes_namespace_v1.app.metadata[0].name
  }
  data = local.customer_smtp
}
