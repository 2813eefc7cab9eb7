"""Airflow DAG: one `newsbeam run` a day over that day's raw files, on any Beam runner.

Each run reads RAW/<ds>/ (the day Airflow schedules, e.g. 2024-05-01), writes into the one
dataset at OUTPUT and shares the dedup state folder across runs, so a story crawled again on a
later day is folded into the row written the first time instead of written twice. A run's files
appear only when it commits, so a retried or failed day never leaves half a day behind.

Airflow Variables (Admin -> Variables) say where:
  newsbeam_raw        e.g. s3://news-raw            (a folder per day: s3://news-raw/2024-05-01/...)
  newsbeam_output     e.g. s3://news-lake/articles
  newsbeam_state      e.g. s3://news-lake/dedup-state
  newsbeam_runner     FlinkRunner (default), SparkRunner, DataflowRunner, PortableRunner or FnApiRunner
and BEAM_OPTIONS below how: the runner's own options (deploy/flink/, deploy/spark/, deploy/dataflow/).
ENTRYPOINT is deploy/dataflow/main.py where the Airflow worker can run it.

The Airflow worker needs newsbeam installed (pip install the repository) and the Beam provider
(apache-airflow-providers-apache-beam). For hourly runs, set schedule="@hourly" and read
RAW/{{ data_interval_start.strftime('%Y-%m-%d/%H') }}/ instead.
"""

from __future__ import annotations

import pendulum
from airflow import DAG
from airflow.providers.apache.beam.operators.beam import BeamRunPythonPipelineOperator

ENTRYPOINT = "/opt/newsbeam/deploy/dataflow/main.py"
BEAM_OPTIONS = {
    "flink_master": "flink-jobmanager:8081",
    "environment_type": "EXTERNAL",
    "environment_config": "localhost:50000",  # the worker pool beside each task manager (deploy/flink/)
}

with DAG(
    dag_id="newsbeam_daily",
    schedule="@daily",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,  # runs share the dedup state: one at a time
    default_args={"retries": 2, "retry_delay": pendulum.duration(minutes=10)},
    tags=["newsbeam"],
) as dag:
    BeamRunPythonPipelineOperator(
        task_id="newsbeam_run",
        py_file=ENTRYPOINT,
        runner="{{ var.value.get('newsbeam_runner', 'FlinkRunner') }}",
        pipeline_options={
            # The template parameters of deploy/dataflow/metadata.json, by name.
            "input": "{{ var.value.newsbeam_raw }}/{{ ds }}/",
            "output": "{{ var.value.newsbeam_output }}",
            "dedup_state": "{{ var.value.newsbeam_state }}",
            "run_id": "daily-{{ ds_nodash }}-try{{ ti.try_number }}",
            **BEAM_OPTIONS,
        },
    )
