"""Running the suite in production: process heartbeats, deployment checks, backups (issue 13)."""
