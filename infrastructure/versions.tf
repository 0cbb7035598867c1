# Only the kubernetes and helm providers: everything else (keys, passwords) comes in through variables.
terraform {
  required_version = ">= 1.5"

  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.35"
    }
    helm = {
      source = "hashicorp/helm"
      # 3.x changed the provider block syntax (kubernetes = {...}); stay on 2.x.
      version = "~> 2.17"
    }
  }
}

provider "kubernetes" {
  config_path    = var.kubeconfig_path
  config_context = "minikube"
}

provider "helm" {
  kubernetes {
    config_path    = var.kubeconfig_path
    config_context = "minikube"
  }
}
