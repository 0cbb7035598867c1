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
