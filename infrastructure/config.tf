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
