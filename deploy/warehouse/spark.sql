-- Spark SQL (with a Hive metastore or Spark's own catalog): newsbeam's output as a table.
-- Replace s3a://news-lake/articles with the folder given to `newsbeam run --output`.
-- The columns are transforms/schema.py's OUTPUT_SCHEMA, in order, then the partition columns
-- (tests/test_deploy.py checks them). Spark skips newsbeam's _runs/, _errors/ ... folders
-- (names starting with '_'), and reads date=__HIVE_DEFAULT_PARTITION__ as a NULL date.

CREATE DATABASE IF NOT EXISTS newsbeam;

CREATE TABLE IF NOT EXISTS newsbeam.articles (
  doc_id STRING,
  url STRING,
  source_name STRING,
  title STRING,
  body STRING,
  language STRING,
  topic STRING,
  topic_label STRING,
  topic_score FLOAT,
  topic_candidates ARRAY<STRUCT<topic: STRING, score: FLOAT>>,
  published_at TIMESTAMP,
  date_source STRING,
  duplicate_count INT,
  duplicate_of_paths ARRAY<STRING>,
  duplicate_sources ARRAY<STRING>,
  boilerplate_lines_removed INT,
  removed_lines ARRAY<STRING>,
  input_path STRING,
  run_id STRING,
  ingested_at TIMESTAMP,
  source STRING,
  `date` DATE
)
USING PARQUET
PARTITIONED BY (source, `date`)
LOCATION 's3a://news-lake/articles';

-- Register the partitions written since the last call (after each run).
MSCK REPAIR TABLE newsbeam.articles;
