"""What a backup holds: every row of the roadmap's data, its history, and the accounts and their roles."""

# Rebuilt by migrate on any database, or runtime state not worth keeping.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    # Runtime state: a restore must take a new version, or an old cached page could match it.
    "missions.dataversion",
    # Rebuilt from the data on the next change or request.
    "commitments.publishedexport",
]
