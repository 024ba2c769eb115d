"""Where stored files live: a local directory (the default) or an S3-compatible bucket."""
