output "namespace" {
  description = "Namespace of the services and data stores."
  value       = kubernetes_namespace_v1.app.metadata[0].name
}

output "images" {
  description = "Images the Deployments run; build them into minikube first (`make build-<svc>`)."
  value       = [for svc in ["customer", "product", "cart", "order", "payment"] : "micro-ecommerce/${svc}:${var.image_tag}"]
}

output "manifests" {
  description = "Keys (<kind>/<namespace>/<name>) of every object applied from manifests/."
  value       = sort(concat(keys(kubernetes_manifest.all), keys(kubernetes_manifest.ingress_auth)))
}

output "next_steps" {
  description = "How to reach what was deployed."
  value       = <<-EOT
    make ingress                         # in another terminal: the ingress gateway on 127.0.0.1:80
    curl 127.0.0.1/api/v1/product
    make kiali                           # http://localhost:20001 (service graph, mTLS)
    make jaeger                          # http://localhost:16686/jaeger (traces)
  EOT
}
