# The namespace of the services and data stores. istio-injection gives every pod an Envoy sidecar, which is
# what puts them under mTLS, AuthorizationPolicy and tracing.
#
# Not a variable: the namespace is part of every workload identity in the generated policies
# (cluster.local/ns/<namespace>/sa/<svc>) and of the in-cluster host names, so it is set where those are
# generated (NAMESPACE in scripts/deploy/deploy-contract.ts; a test keeps the two equal).
locals {
  namespace = "micro-ecommerce"
}

resource "kubernetes_namespace_v1" "app" {
  metadata {
    name = local.namespace
    labels = {
      "istio-injection" = "enabled"
    }
  }
}
