-- DuckDB: newsbeam's output (a local folder, or s3://... with the httpfs extension) as a view.
-- In the duckdb shell (the variable lives for the session, so set it in every session):
--   SET VARIABLE newsbeam_output = 'out/sample';
--   .read deploy/warehouse/duckdb.sql
--   SELECT source, date, title FROM articles WHERE date >= DATE '2024-03-01';
-- From Python: con.execute("SET VARIABLE newsbeam_output = 'out/sample'"); con.execute(open(...).read())
-- The columns are transforms/schema.py's OUTPUT_SCHEMA, in order, then the partition columns
-- (tests/test_deploy.py runs this file on the sample's output). hive_types keeps `date` a DATE even
-- when every row is undated (all in date=__HIVE_DEFAULT_PARTITION__, read as NULL).

CREATE OR REPLACE VIEW articles AS
SELECT
  doc_id,
  url,
  source_name,
  title,
  body,
  language,
  topic,
  topic_label,
  topic_score,
  topic_candidates,
  published_at,
  date_source,
  duplicate_count,
  duplicate_of_paths,
  duplicate_sources,
  boilerplate_lines_removed,
  removed_lines,
  input_path,
  run_id,
  ingested_at,
  source,
  date
FROM read_parquet(
  getvariable('newsbeam_output') || '/source=*/date=*/*.parquet',
  hive_partitioning = true,
  hive_types = {'source': VARCHAR, 'date': DATE}
);
