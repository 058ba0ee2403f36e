"""Storage: the review database (tables, migrations, the store, row queries, retention purge)."""
