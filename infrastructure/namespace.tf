# The namespace of the services and data stores. istio-injection gives every pod an Envoy sidecar, which is
# what puts them under mTLS, AuthorizationPolicy and tracing.
resource "kubernetes_namespace_v1" "app" {
  metadata {
    name = var.namespace
    labels = {
      "istio-injection" = "enabled"
    }
  }
}
