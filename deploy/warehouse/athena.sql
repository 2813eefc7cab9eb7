-- Athena (and the Glue Data Catalog): newsbeam's output as an external table.
-- Replace s3://news-lake/articles/ with the folder given to `newsbeam run --output`.
-- The columns are transforms/schema.py's OUTPUT_SCHEMA, in order (tests/test_deploy.py checks them).

CREATE DATABASE IF NOT EXISTS newsbeam;

CREATE EXTERNAL TABLE IF NOT EXISTS newsbeam.articles (
  doc_id string,
  url string,
  source_name string,
  title string,
  body string,
  language string,
  topic string,
  topic_label string,
  topic_score float,
  topic_candidates array<struct<topic:string, score:float>>,
  published_at timestamp,
  date_source string,
  duplicate_count int,
  duplicate_of_paths array<string>,
  duplicate_sources array<string>,
  boilerplate_lines_removed int,
  removed_lines array<string>,
  input_path string,
  run_id string,
  ingested_at timestamp
)
PARTITIONED BY (source string, `date` date)
STORED AS PARQUET
LOCATION 's3://news-lake/articles/';

-- Register the partitions (source=<slug>/date=<YYYY-MM-DD>/) after each run. Undated rows are in
-- date=__HIVE_DEFAULT_PARTITION__, which Athena reads as a NULL date. newsbeam's own folders
-- (_runs/, _errors/, ...) do not match the layout and are not registered.
MSCK REPAIR TABLE newsbeam.articles;

-- Partition projection instead of MSCK REPAIR (no catalog updates after runs): the dates are a
-- range, but sources are open-ended, so `source` must then be "injected", i.e. every query must
-- say WHERE source = '...'; and undated rows (the Hive null partition) are not projected.
-- ALTER TABLE newsbeam.articles SET TBLPROPERTIES (
--   'projection.enabled' = 'true',
--   'projection.source.type' = 'injected',
--   'projection.date.type' = 'date',
--   'projection.date.format' = 'yyyy-MM-dd',
--   'projection.date.range' = '2000-01-01,NOW',
--   'storage.location.template' = 's3://news-lake/articles/source=${source}/date=${date}/'
-- );
