#!/usr/bin/env bash
# Sets up newsbeam and runs it on the bundled sample corpus, then queries the result with DuckDB.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
rm -rf out/sample
.venv/bin/newsbeam run --input sample/news --output out/sample
.venv/bin/python - <<'PY'
import duckdb

query = """
    SELECT source, date, language, topic_label, duplicate_count, left(title, 60) AS title
    FROM read_parquet('out/sample/**/*.parquet', hive_partitioning = true)
    ORDER BY source, date NULLS LAST
"""
for row in duckdb.connect().execute(query).fetchall():
    print(" | ".join("" if value is None else str(value) for value in row))
PY
