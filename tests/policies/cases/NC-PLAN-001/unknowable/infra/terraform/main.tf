resource "aws_kms_key" "main" {
  description = "k"
}

module "names" {
  source = "./modules/names"
  # ruleid: NC-PLAN-001
  key_arn = aws_kms_key.main.arn
}
