# Nothing of the SAM case lives in Terraform; an empty root module is valid.
