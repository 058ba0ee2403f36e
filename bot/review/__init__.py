"""The staff review inbox: questions the bot routed to the office, captured
redacted, clustered, reviewed by staff and exported as training data.

Parts: capture/ (the action-server hook, redaction, message counters),
storage/ (the review database, the store, retention), triage/ (grouping,
topics, staff decisions), stats/ (dashboard numbers, CSV downloads),
auth/ (staff logins); export (training data), settings (environment),
models (dataclasses shared with the web UI), clock, cli.
"""
