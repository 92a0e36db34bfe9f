"""Auth helpers every service may use: verifying the suite's RS256 access tokens (jwt.py)."""
