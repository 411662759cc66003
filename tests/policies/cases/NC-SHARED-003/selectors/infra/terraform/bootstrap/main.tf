# Which management events each trail records: reads (GetSecretValue, GetParameter) and writes must both be
# in the audit trail.
provider "aws" {
  default_tags {
    tags = {
      Environment = "shared"
      Project     = "notes"
    }
  }
}

data "aws_ssm_parameter" "trail_mode" {
  name = "/notes/shared/trail-mode"
}

locals {
  bucket = "notes-shared-audit"
  # the selector settings of a trail, kept beside the others
  writes_only = { read_write_type = "WriteOnly", include_management_events = true }
}

# ok: NC-SHARED-003
resource "aws_cloudtrail" "defaults" {
  name                       = "notes-shared-defaults"
  s3_bucket_name             = local.bucket
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "all_and_state" {
  name                       = "notes-shared-all"
  s3_bucket_name             = local.bucket
  enable_log_file_validation = true

  # ok: NC-SHARED-003
  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::notes-terraform-state/"]
    }
  }
}

resource "aws_cloudtrail" "writes" {
  name                       = "notes-shared-writes"
  s3_bucket_name             = local.bucket
  enable_log_file_validation = true

  # ruleid: NC-SHARED-003
  event_selector {
    read_write_type = local.writes_only.read_write_type
  }
}

resource "aws_cloudtrail" "data_only" {
  name                       = "notes-shared-data"
  s3_bucket_name             = local.bucket
  enable_log_file_validation = true

  # ruleid: NC-SHARED-003
  event_selector {
    include_management_events = false

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::notes-terraform-state/"]
    }
  }
}

# Two selectors, one for each kind, through a dynamic block.
resource "aws_cloudtrail" "split" {
  name                       = "notes-shared-split"
  s3_bucket_name             = local.bucket
  enable_log_file_validation = true

  # ok: NC-SHARED-003
  dynamic "event_selector" {
    for_each = ["ReadOnly", "WriteOnly"]
    content {
      read_write_type = event_selector.value
    }
  }
}

resource "aws_cloudtrail" "advanced_writes" {
  name                       = "notes-shared-advanced-writes"
  s3_bucket_name             = local.bucket
  enable_log_file_validation = true

  # ruleid: NC-SHARED-003
  advanced_event_selector {
    name = "management writes"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
    field_selector {
      field  = "readOnly"
      equals = ["false"]
    }
  }
}

resource "aws_cloudtrail" "advanced_all" {
  name                       = "notes-shared-advanced-all"
  s3_bucket_name             = local.bucket
  enable_log_file_validation = true

  # ok: NC-SHARED-003
  advanced_event_selector {
    name = "management"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }
  advanced_event_selector {
    name = "state objects"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
  }
}

resource "aws_cloudtrail" "unknown_mode" {
  name                       = "notes-shared-unknown"
  s3_bucket_name             = local.bucket
  enable_log_file_validation = true

  event_selector {
    # ruleid: NC-SHARED-003
    read_write_type = data.aws_ssm_parameter.trail_mode.value
  }
}
