variable "kubeconfig_path" {
  description = "kubeconfig holding the minikube context."
  type        = string
  default     = "~/.kube/config"
}

variable "postgres_password" {
  description = "Password of the postgres user: the PostgreSQL StatefulSet sets it, the services connect with it."
  type        = string
  sensitive   = true
}

variable "jwt_private_key_path" {
  description = "PEM (PKCS#8) private key the customer service signs access tokens with. `make dev` generates it."
  type        = string
  default     = "../.run/keys/jwt-private.pem"
}

variable "jwt_public_key_path" {
  description = "PEM (SPKI) public key matching jwt_private_key_path, published as the JWKS."
  type        = string
  default     = "../.run/keys/jwt-public.pem"
}

variable "admin_accounts" {
  description = "JSON array of {email, password}: admin accounts the customer service upserts at start."
  type        = string
  sensitive   = true

  validation {
    condition     = can(tolist(jsondecode(var.admin_accounts)))
    error_message = "admin_accounts must be a JSON array of {\"email\": ..., \"password\": ...} objects."
  }
}

variable "istio_version" {
  description = "Version of the Istio helm charts (base, istiod, gateway). Supports the Kubernetes that `make minikube-start` pins."
  type        = string
  default     = "1.31.4"
}

variable "image_tag" {
  description = "Tag of the micro-ecommerce/<svc> images the Deployments run (`make images` builds :dev)."
  type        = string
  default     = "dev"
}
