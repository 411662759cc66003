"""Helpers shared by several rules (IAM statements, tags, S3 buckets, names...); one concern per module.

A helper that only one rule uses lives in that rule's own module, not here.
"""
