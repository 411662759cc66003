#!/bin/sh
export QUEUE=notes-prod-jobs
# ruleid: NC-SECRET-005
export SIGNING_KEY="Pq7Lm2Xc9Vb4RtYw3Kd8"
