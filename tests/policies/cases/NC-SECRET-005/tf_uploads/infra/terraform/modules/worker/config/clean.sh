#!/bin/sh
# ok: NC-SECRET-005
export SIGNING_KEY_ARN="arn:aws:secretsmanager:us-east-1:123456789012:secret:notes/prod/signing"
exec python3 -m worker
