"""The notes API: one Lambda function serving create, read, update, delete and list."""
