# Prometheus (metrics for Kiali's graph) and Kiali from helm; Jaeger is a plain manifest
# (manifests/platform/jaeger.yaml). All three live in istio-system under the Service names Kiali expects.

resource "helm_release" "prometheus" {
  name       = "prometheus"
  repository = "https://prometheus-community.github.io/helm-charts"
  chart      = "prometheus"
  version    = "27.3.0"
  namespace  = "istio-system"

  values = [yamlencode({
    # Only the server: its default kubernetes-pods job scrapes the Envoy metrics that Istio's sidecar
    # injection advertises with prometheus.io/* annotations.
    alertmanager               = { enabled = false }
    "kube-state-metrics"       = { enabled = false }
    "prometheus-node-exporter" = { enabled = false }
    "prometheus-pushgateway"   = { enabled = false }
    configmapReload            = { prometheus = { enabled = false } }
    server = {
      fullnameOverride = "prometheus"
      service          = { servicePort = 9090 }
      persistentVolume = { enabled = false }
      retention        = "1d"
      global           = { scrape_interval = "15s" }
      resources        = { requests = { cpu = "100m", memory = "256Mi" } }
    }
  })]

  depends_on = [helm_release.istio_base]
}

resource "helm_release" "kiali" {
  name       = "kiali"
  repository = "https://kiali.org/helm-charts"
  chart      = "kiali-server"
  version    = "2.4.0"
  namespace  = "istio-system"

  values = [yamlencode({
    # A local cluster reached through `make kiali` (port-forward): no login.
    auth = { strategy = "anonymous" }
    # The chart's defaults give the Service kiali:20001, which `make kiali` forwards.
    external_services = {
      prometheus = { url = "http://prometheus.istio-system:9090" }
      tracing = {
        enabled      = true
        provider     = "jaeger"
        use_grpc     = false
        internal_url = "http://tracing.istio-system:16686/jaeger"
        # What the browser opens for "View in Tracing": the `make jaeger` port-forward.
        external_url = "http://localhost:16686/jaeger"
      }
      grafana = { enabled = false }
    }
  })]

  depends_on = [helm_release.istiod, helm_release.prometheus]
}
