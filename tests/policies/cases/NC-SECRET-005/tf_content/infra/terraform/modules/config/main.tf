variable "tags" {
  type = map(string)
}

resource "aws_s3_object" "templated" {
  bucket = "notes-prod-config"
  key    = "app.env"
  # ruleid: NC-SECRET-005
  content = templatefile("${path.module}/templates/app.env.tpl", { table = "notes-prod", signing_key = "Hn3Kd8Wq5Ls2Vx7Pz4Tb" })
  tags    = var.tags
}

resource "aws_s3_object" "from_template_file" {
  bucket = "notes-prod-config"
  key    = "mail.env"
  # ruleid: NC-SECRET-005
  content = templatefile("${path.module}/templates/mail.env.tpl", {})
  tags    = var.tags
}
