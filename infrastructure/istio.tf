# Istio from its helm charts: CRDs (base), the control plane (istiod) and the ingress gateway.

locals {
  istio_repository = "https://istio-release.storage.googleapis.com/charts"
}

resource "helm_release" "istio_base" {
  name             = "istio-base"
  repository       = local.istio_repository
  chart            = "base"
  version          = var.istio_version
  namespace        = "istio-system"
  create_namespace = true
}

resource "helm_release" "istiod" {
  name       = "istiod"
  repository = local.istio_repository
  chart      = "istiod"
  version    = var.istio_version
  namespace  = "istio-system"
  wait       = true

  values = [yamlencode({
    pilot = {
      # minikube: one small replica is plenty.
      autoscaleEnabled = false
      resources        = { requests = { cpu = "100m", memory = "256Mi" } }
    }
    meshConfig = {
      # Sidecars and the gateway report spans to Jaeger over OTLP/gRPC, so a trace starts at the ingress.
      # The Telemetry object in manifests/platform/jaeger.yaml turns this provider on for the whole mesh.
      enableTracing = true
      extensionProviders = [{
        name = "jaeger-otlp"
        opentelemetry = {
          service = "jaeger-collector.istio-system.svc.cluster.local"
          port    = 4317
        }
      }]
    }
  })]

  depends_on = [helm_release.istio_base]
}

# Released as istio-ingressgateway: the chart labels its pods istio=ingressgateway and names the
# ServiceAccount after the release, which the Gateway selector and the AuthorizationPolicies rely on.
resource "helm_release" "istio_ingressgateway" {
  name       = "istio-ingressgateway"
  repository = local.istio_repository
  chart      = "gateway"
  version    = var.istio_version
  namespace  = "istio-system"

  values = [yamlencode({
    # LoadBalancer: `minikube tunnel` gives it 127.0.0.1, so the API answers on http://127.0.0.1/.
    service = { type = "LoadBalancer" }
  })]

  depends_on = [helm_release.istiod]
}
