-- BigQuery: newsbeam's output in Cloud Storage as an external table with Hive partitioning.
-- Replace my-project.newsbeam and gs://news-lake/articles with yours (the folder given to
-- `newsbeam run --output`). Run with: bq query --use_legacy_sql=false < deploy/warehouse/bigquery.sql
-- The columns are transforms/schema.py's OUTPUT_SCHEMA, in order (tests/test_deploy.py checks them).
-- New partitions are seen at query time: nothing to register after a run.

CREATE SCHEMA IF NOT EXISTS `my-project.newsbeam`;

CREATE OR REPLACE EXTERNAL TABLE `my-project.newsbeam.articles` (
  doc_id STRING,
  url STRING,
  source_name STRING,
  title STRING,
  body STRING,
  language STRING,
  topic STRING,
  topic_label STRING,
  topic_score FLOAT64,
  topic_candidates ARRAY<STRUCT<topic STRING, score FLOAT64>>,
  published_at TIMESTAMP,
  date_source STRING,
  duplicate_count INT64,
  duplicate_of_paths ARRAY<STRING>,
  duplicate_sources ARRAY<STRING>,
  boilerplate_lines_removed INT64,
  removed_lines ARRAY<STRING>,
  input_path STRING,
  run_id STRING,
  ingested_at TIMESTAMP
)
WITH PARTITION COLUMNS (
  source STRING,
  date DATE
)
OPTIONS (
  format = 'PARQUET',
  -- Only the partition folders: newsbeam's _runs/, _errors/ ... hold JSON, not Parquet.
  uris = ['gs://news-lake/articles/source=*'],
  hive_partition_uri_prefix = 'gs://news-lake/articles',
  require_hive_partition_filter = false,
  -- Parquet LIST columns as ARRAY<STRING> rather than a nested record.
  enable_list_inference = true
);
