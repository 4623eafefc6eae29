"""What a backup holds: every row of the roadmap's data, its history, and the accounts and their roles."""

# Rebuilt by migrate on any database, or runtime state not worth keeping.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
]
