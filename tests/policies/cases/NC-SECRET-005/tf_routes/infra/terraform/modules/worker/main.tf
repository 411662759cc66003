variable "tags" {
  type = map(string)
}

variable "boot_script" {
  type = string
  # ruleid: NC-SECRET-005
  default = <<-EOT
    #!/bin/bash
    aws configure set region us-east-1
    echo "client_secret = 'Bd6Hn1Qw8Xz3Ry7Mt'" > /etc/notes/worker.ini
  EOT
}

variable "safe_script" {
  type = string
  # ok: NC-SECRET-005
  default = <<-EOT
    #!/bin/bash
    export DB_PASSWORD="$(aws secretsmanager get-secret-value --secret-id notes/prod/db --query SecretString --output text)"
    export API_TOKEN=$TOKEN_FROM_ENV
  EOT
}

resource "aws_instance" "worker" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  user_data     = var.boot_script
  tags          = var.tags
}

resource "aws_instance" "safe" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  user_data     = var.safe_script
  tags          = var.tags
}
