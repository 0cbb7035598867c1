# The customer service's SMTP relay as the data of the Secret customer-smtp (secrets.tf): one key per setting
# that is given, none for a variable left at its default. The Deployment reads each key as an optional
# CONFIG__SERVICES__CUSTOMER__MAIL__SMTP__<KEY>, so a missing key keeps the value of config/k8s.yaml, whose empty
# host selects the .eml file sender (the pod's /tmp/mail). An empty value would not do: an empty port is no number.
# No resources here: scripts/deploy/terraform-console.test.ts evaluates this file with variables.tf alone.
locals {
  customer_smtp = {
    for key, value in {
      host     = var.smtp_host
      port     = var.smtp_port == null ? "" : tostring(var.smtp_port)
      secure   = var.smtp_secure == null ? "" : tostring(var.smtp_secure)
      user     = var.smtp_user
      password = var.smtp_password
    } : key => value if value != ""
  }
}
