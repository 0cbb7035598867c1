# Reads every YAML file under var.directory into Kubernetes objects for kubernetes_manifest, keyed
# "<kind>/<namespace>/<name>", in two sets: `workloads`, and `last` (the documents of var.last_file, which
# the root applies once the workloads are ready). No providers: scripts/deploy/terraform-manifests.int.test.ts
# evaluates it with `terraform console`, so the objects Terraform applies are the ones the checks validated.

variable "directory" {
  description = "Folder of the manifest files (multi-document YAML)."
  type        = string
}

variable "last_file" {
  description = "Path, relative to directory, of the file whose documents go into the `last` set."
  type        = string
}

variable "image_tag" {
  description = "Tag that replaces :dev in the images micro-ecommerce/<svc>:dev."
  type        = string
}

locals {
  files = sort(fileset(var.directory, "**/*.yaml"))

  # Split on the `---` separator lines, giving each document back the line end the split took (a block
  # scalar that ends a document keeps its last newline); comment-only or empty documents decode to null.
  documents = {
    for file in local.files : file => [
      for document in split("\n---\n", "\n${file("${var.directory}/${file}")}\n") :
      yamldecode(replace("${document}\n", "/(image: micro-ecommerce/[a-z]+):dev\\b/", "$1:${var.image_tag}"))
      if trimspace(document) != ""
    ]
  }

  sets = {
    for set in ["workloads", "last"] : set => {
      for manifest in flatten([for file, documents in local.documents : documents if(file == var.last_file) == (set == "last")]) :
      "${manifest.kind}/${try(manifest.metadata.namespace, "")}/${manifest.metadata.name}" => manifest
      if manifest != null
    }
  }
}

output "workloads" {
  description = "Every object outside last_file."
  value       = local.sets.workloads
}

output "last" {
  description = "The objects of last_file."
  value       = local.sets.last
}
