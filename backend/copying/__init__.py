"""`smallbatch db copy`: move a SQLite data directory into PostgreSQL (and S3), then verify.

`plan.py` orders the tables and formats the report (pure), `repository.py` holds every
statement, `rows.py` copies the rows in one transaction, `files.py` the stored files.
"""
