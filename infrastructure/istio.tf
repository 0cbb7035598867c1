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

  values = [file("${path.module}/istio/istiod-values.yaml")]

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

  # A LoadBalancer gets its address only from `minikube tunnel`, which runs after `make terraform`: waiting
  # for it would time out. `make ingress` (port-forward) or the tunnel then serve it (README, "Deploy").
  wait = false

  values = [yamlencode({
    service = { type = "LoadBalancer" }
  })]

  depends_on = [helm_release.istiod]
}
