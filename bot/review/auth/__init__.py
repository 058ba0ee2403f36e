"""Staff logins: password hashes, users and sessions, the failed-login throttle."""
