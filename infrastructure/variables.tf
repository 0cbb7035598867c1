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
  description = "PEM (PKCS#8) private key the customer service signs access tokens with in the cluster. `make terraform` generates it; never the key of a local stage."
  type        = string
  default     = "../.run/k8s/jwt-private.pem"
}

variable "jwt_public_key_path" {
  description = "PEM (SPKI) public key matching jwt_private_key_path, published as the JWKS."
  type        = string
  default     = "../.run/k8s/jwt-public.pem"
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

variable "staff_accounts" {
  description = "JSON array of {email, password}: staff accounts the customer service upserts at start (they get the paid-order notifications)."
  type        = string
  sensitive   = true
  # None unless given: a .run/k8s.tfvars written before staff accounts existed still applies.
  default = "[]"

  validation {
    condition     = can(tolist(jsondecode(var.staff_accounts)))
    error_message = "staff_accounts must be a JSON array of {\"email\": ..., \"password\": ...} objects."
  }
}

# The SMTP relay of the customer service's notification e-mails (mail.tf). Each one left at its default keeps
# the value of config/k8s.yaml; with no host the e-mails are written as .eml files into the pod's /tmp/mail.
variable "smtp_host" {
  description = "Host of the SMTP relay the customer service sends its notification e-mails through; empty: .eml files under /tmp/mail in the pod."
  type        = string
  default     = ""
}

variable "smtp_port" {
  description = "Port of the SMTP relay; null keeps config/k8s.yaml's (587)."
  type        = number
  default     = null

  validation {
    condition     = var.smtp_port == null ? true : var.smtp_port >= 1 && var.smtp_port <= 65535 && floor(var.smtp_port) == var.smtp_port
    error_message = "smtp_port must be a port number (1-65535)."
  }
}

variable "smtp_secure" {
  description = "TLS from the first byte (port 465); false upgrades with STARTTLS when the relay offers it. null keeps config/k8s.yaml's (false)."
  type        = bool
  default     = null
}

variable "smtp_user" {
  description = "User the customer service logs in to the SMTP relay as; empty: no login."
  type        = string
  sensitive   = true
  default     = ""
}

variable "smtp_password" {
  description = "Password of smtp_user."
  type        = string
  sensitive   = true
  default     = ""
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
