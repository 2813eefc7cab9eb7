"""Airflow DAG: the newsbeam Flex Template on Dataflow, once a day, over that day's raw files.

Airflow fills in the day ({{ ds }}), which a Cloud Scheduler job cannot do in a launch request.
Build the template first (deploy/dataflow/launch.sh build) and set the constants below. Needs
apache-airflow-providers-google on the Airflow workers; the job itself runs on Dataflow.
"""

from __future__ import annotations

import pendulum
from airflow import DAG
from airflow.providers.google.cloud.operators.dataflow import DataflowStartFlexTemplateOperator

PROJECT = "my-project"
REGION = "europe-west1"
BUCKET = "my-bucket"
IMAGE = f"{REGION}-docker.pkg.dev/{PROJECT}/newsbeam/newsbeam:0.1.0"

with DAG(
    dag_id="newsbeam_dataflow_daily",
    schedule="@daily",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,  # runs share the dedup state: one at a time
    tags=["newsbeam", "dataflow"],
) as dag:
    DataflowStartFlexTemplateOperator(
        task_id="newsbeam_run",
        project_id=PROJECT,
        location=REGION,
        wait_until_finished=True,
        body={
            "launchParameter": {
                "jobName": "newsbeam-{{ ds_nodash }}",
                "containerSpecGcsPath": f"gs://{BUCKET}/templates/newsbeam.json",
                # The parameters of deploy/dataflow/metadata.json, by name.
                "parameters": {
                    "input": f"gs://{BUCKET}/raw/{{{{ ds }}}}/",
                    "output": f"gs://{BUCKET}/news/",
                    "dedup_state": f"gs://{BUCKET}/dedup-state/",
                    "sdk_container_image": IMAGE,
                },
                "environment": {"tempLocation": f"gs://{BUCKET}/tmp"},
            }
        },
    )
