# The k8s stage config, mounted into every service container at /app/config/k8s.yaml. It holds no secrets:
# those are overlaid from the Secrets as CONFIG__* environment variables.
resource "kubernetes_config_map_v1" "config" {
  metadata {
    name      = "micro-ecommerce-config"
    namespace = kubernetes_namespace_v1.app.metadata[0].name
  }
  data = {
    "k8s.yaml" = file("${path.module}/../config/k8s.yaml")
  }
}

# The SQL the postgres-roles Job (manifests/platform/postgres.yaml) runs once per service: its role, owning its
# database. One file, also run by scripts/infra/postgres-service-role.int.test.ts against a real PostgreSQL.
resource "kubernetes_config_map_v1" "postgres_roles" {
  metadata {
    name      = "postgres-roles"
    namespace = kubernetes_namespace_v1.app.metadata[0].name
  }
  data = {
    "service-role.sql" = file("${path.module}/postgres/service-role.sql")
  }
}
