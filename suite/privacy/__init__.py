"""Personal-data safeguards shared by every channel (issue 9): NIK redaction first."""
