"""deploy/: every artifact checked as far as this machine allows (no Docker engine, no cloud).

The image is pinned to the Beam we test with, the Flex Template's parameters are exactly
`newsbeam run`'s options and reach them, the compose files and DAGs are well-formed and name
what exists, and every table definition has OUTPUT_SCHEMA's columns (DuckDB's is run for real).
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import apache_beam
import duckdb
import pyarrow as pa
import pytest
import yaml

from tests.conftest import REPO, read_manifest, read_rows
from transforms.schema import OUTPUT_SCHEMA, PARTITION_SCHEMA

DEPLOY = REPO / "deploy"
DATAFLOW = DEPLOY / "dataflow"
WAREHOUSE = DEPLOY / "warehouse"
COMPOSE_FILES = [DEPLOY / "flink" / "docker-compose.yml", DEPLOY / "spark" / "docker-compose.yml"]

sys.path.insert(0, str(DATAFLOW))
from main import news_option_actions, to_run_args  # noqa: E402  (deploy/dataflow/main.py)
from make_metadata import metadata  # noqa: E402

from pipeline.cli import build_parser  # noqa: E402

# --- docker ------------------------------------------------------------------------------------


def dockerfile_args() -> dict[str, str]:
    text = (DEPLOY / "docker" / "Dockerfile").read_text(encoding="utf-8")
    return dict(re.findall(r"^ARG (\w+)=(\S+)$", text, re.MULTILINE))


def dockerfile_instructions(keyword: str) -> list[str]:
    text = (DEPLOY / "docker" / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    return [line.split(None, 1)[1] for line in text.splitlines() if line.split(None, 1)[:1] == [keyword]]


def test_the_image_is_built_from_the_beam_sdk_image_of_the_installed_beam_and_keeps_its_entrypoint():
    args = dockerfile_args()
    assert args["BEAM_VERSION"] == apache_beam.__version__
    assert args["PYTHON_VERSION"] == f"{sys.version_info.major}.{sys.version_info.minor}"
    final_stage = dockerfile_instructions("FROM")[-1]
    resolved = re.sub(r"\$\{(\w+)\}", lambda match: args[match.group(1)], final_stage)
    assert resolved == f"apache/beam_python{sys.version_info.major}.{sys.version_info.minor}_sdk:{apache_beam.__version__}"
    assert dockerfile_instructions("ENTRYPOINT") == ['["/opt/apache/beam/boot"]']
    assert any('"apache-beam[gcp,aws]==${BEAM_VERSION}"' in run for run in dockerfile_instructions("RUN"))


def test_every_file_the_image_copies_exists_and_is_not_docker_ignored():
    ignore = (DEPLOY / "docker" / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    included = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    sources = [
        part
        for copy in dockerfile_instructions("COPY")
        if not copy.startswith("--from")
        for part in copy.split()[:-1]
    ]
    assert sources
    for source in sources:
        assert (REPO / source).exists(), source
        assert source in included, f"{source} is copied but excluded by Dockerfile.dockerignore"


# --- dataflow ----------------------------------------------------------------------------------


def template_parameters() -> dict[str, dict]:
    spec = json.loads((DATAFLOW / "metadata.json").read_text(encoding="utf-8"))
    return {parameter["name"]: parameter for parameter in spec["parameters"]}


def test_the_flex_template_has_one_parameter_per_newsbeam_option():
    options = {action.dest for action in news_option_actions()}
    parameters = set(template_parameters())
    assert options - parameters == set(), "options missing from metadata.json: run deploy/dataflow/make_metadata.py"
    assert parameters - options == set(), "parameters newsbeam no longer has: run deploy/dataflow/make_metadata.py"
    required = {name for name, parameter in template_parameters().items() if not parameter["isOptional"]}
    assert required == {"input", "output"}


def test_metadata_json_is_what_make_metadata_writes():
    assert json.loads((DATAFLOW / "metadata.json").read_text(encoding="utf-8")) == metadata(), (
        "run: .venv/bin/python deploy/dataflow/make_metadata.py"
    )


def example_value(action, source_map: Path) -> str:
    if action.nargs == 0:
        return "true"
    if action.choices:
        return list(action.choices)[-1]
    if action.default is not None:
        return str(action.default)
    return {"source_from_path": "{source}/*", "source_map": str(source_map)}.get(action.dest, f"/data/{action.dest}")


def test_every_template_parameter_reaches_its_newsbeam_option(tmp_path):
    source_map = tmp_path / "map.csv"
    source_map.write_text("alias,canonical\n", encoding="utf-8")
    for action in news_option_actions():
        value = example_value(action, source_map)
        assert re.fullmatch(template_parameters()[action.dest].get("regexes", [".*"])[0], value), action.dest
        run_args = to_run_args([f"--{action.dest}={value}", "--runner=DataflowRunner"])
        parsed, beam_args = build_parser().parse_known_args(run_args)
        expected = action.type(value) if action.type else (True if action.nargs == 0 else value)
        got = getattr(parsed, action.dest)
        assert (got == [expected] if action.dest == "input" else got == expected), (action.dest, got)
        assert beam_args == ["--runner=DataflowRunner"]


def test_a_false_flag_parameter_leaves_the_flag_off():
    parsed, _ = build_parser().parse_known_args(to_run_args(["--keep_removed=false", "--input=x", "--output=y"]))
    assert parsed.keep_removed is False


def test_the_launch_script_is_valid_bash():
    subprocess.run(["bash", "-n", str(DATAFLOW / "launch.sh")], check=True)


# --- airflow -----------------------------------------------------------------------------------


def operator_calls(path: Path, operator: str) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == operator
    ]


def keyword(call: ast.Call, name: str):
    (value,) = [kw.value for kw in call.keywords if kw.arg == name]
    return value


def literal_keys(node: ast.Dict) -> set[str]:
    return {key.value for key in node.keys if isinstance(key, ast.Constant)}


DAGS = [DEPLOY / "airflow" / "newsbeam_daily.py", DATAFLOW / "schedule_dag.py"]


@pytest.mark.parametrize("dag_file", DAGS, ids=lambda path: path.name)
def test_the_dag_files_compile_and_are_scheduled(dag_file):
    compile(dag_file.read_text(encoding="utf-8"), str(dag_file), "exec")
    (dag,) = operator_calls(dag_file, "DAG")
    assert ast.literal_eval(keyword(dag, "schedule")) in ("@daily", "@hourly")


def test_the_beam_dag_runs_the_template_entry_point_on_the_scheduled_day():
    dag_file = DEPLOY / "airflow" / "newsbeam_daily.py"
    (operator,) = operator_calls(dag_file, "BeamRunPythonPipelineOperator")
    options = keyword(operator, "pipeline_options")
    assert literal_keys(options) <= set(template_parameters())
    values = dict(zip((key.value for key in options.keys if key is not None), options.values))
    assert "{{ ds }}" in ast.literal_eval(values["input"])
    assert "dedup_state" in values
    entrypoint = re.search(r'ENTRYPOINT = "(.+)"', dag_file.read_text(encoding="utf-8")).group(1)
    assert entrypoint == "/opt/newsbeam/" + str((DATAFLOW / "main.py").relative_to(REPO))
    assert "./deploy/dataflow/main.py" in " ".join(dockerfile_instructions("COPY"))  # it is there in the image


def test_the_dataflow_dag_launches_the_template_with_its_parameters_for_the_scheduled_day():
    (operator,) = operator_calls(DATAFLOW / "schedule_dag.py", "DataflowStartFlexTemplateOperator")
    launch = keyword(operator, "body").values[0]
    parameters = [value for key, value in zip(launch.keys, launch.values) if key.value == "parameters"][0]
    assert literal_keys(parameters) - {"sdk_container_image"} <= set(template_parameters())
    assert {"input", "output"} <= literal_keys(parameters)
    assert "{{ ds }}" in ast.unparse(parameters)


# --- flink and spark ---------------------------------------------------------------------------


@pytest.mark.parametrize("compose_file", COMPOSE_FILES, ids=lambda path: path.parent.name)
def test_the_compose_files_parse_and_use_this_beam_and_the_newsbeam_image(compose_file):
    services = yaml.safe_load(compose_file.read_text(encoding="utf-8"))["services"]
    job_server = services["beam-job-server"]["image"]
    assert job_server.endswith(f"_job_server:{apache_beam.__version__}")
    for name in ("beam-worker-pool", "launcher"):
        build = services[name]["build"]
        assert (compose_file.parent / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "docker" / "Dockerfile"
    assert services["beam-worker-pool"]["command"] == ["--worker_pool"]
    worker = services["beam-worker-pool"]["network_mode"].removeprefix("service:")
    assert "data:/data" in services[worker]["volumes"] and "data:/data" in services["launcher"]["volumes"]


# --- warehouse ---------------------------------------------------------------------------------

PRIMITIVE_TYPES = {
    "athena": {"string": "string", "float": "float", "int32": "int", "timestamp": "timestamp", "date32[day]": "date"},
    "bigquery": {"string": "STRING", "float": "FLOAT64", "int32": "INT64", "timestamp": "TIMESTAMP", "date32[day]": "DATE"},
    "spark": {"string": "STRING", "float": "FLOAT", "int32": "INT", "timestamp": "TIMESTAMP", "date32[day]": "DATE"},
    "duckdb": {"string": "VARCHAR", "float": "FLOAT", "int32": "INTEGER", "timestamp": "TIMESTAMP WITH TIME ZONE", "date32[day]": "DATE"},
}
LIST_TYPE = {"athena": "array<{}>", "bigquery": "ARRAY<{}>", "spark": "ARRAY<{}>", "duckdb": "{}[]"}
STRUCT_TYPE = {"athena": "struct<{}>", "bigquery": "STRUCT<{}>", "spark": "STRUCT<{}>", "duckdb": "STRUCT({})"}
STRUCT_FIELD = {"athena": "{}:{}", "bigquery": "{} {}", "spark": "{}: {}", "duckdb": "{} {}"}


def sql_type(arrow_type: pa.DataType, dialect: str) -> str:
    """How `dialect` spells an OUTPUT_SCHEMA type in its DDL (DuckDB: as DESCRIBE prints it)."""
    if pa.types.is_list(arrow_type):
        return LIST_TYPE[dialect].format(sql_type(arrow_type.value_type, dialect))
    if pa.types.is_struct(arrow_type):
        fields = [STRUCT_FIELD[dialect].format(field.name, sql_type(field.type, dialect)) for field in arrow_type]
        return STRUCT_TYPE[dialect].format(", ".join(fields))
    key = "timestamp" if pa.types.is_timestamp(arrow_type) else str(arrow_type)
    assert key in PRIMITIVE_TYPES[dialect], f"map {arrow_type} to a {dialect} type here and in its DDL"
    return PRIMITIVE_TYPES[dialect][key]


def expected_columns(dialect: str, schema: pa.Schema) -> list[tuple[str, str]]:
    return [(field.name, sql_type(field.type, dialect)) for field in schema]


def column_list(sql: str, opening: str) -> list[tuple[str, str]]:
    """The `name type` entries of the parenthesised list that follows the regex `opening`."""
    sql = re.sub(r"--[^\n]*", "", sql)
    start = re.search(opening + r"\s*\(", sql, re.IGNORECASE | re.DOTALL).end()
    depth, end = 1, start
    while depth:
        depth += {"(": 1, ")": -1}.get(sql[end], 0)
        end += 1
    entries, current, angle = [], "", 0
    for char in sql[start : end - 1]:
        angle += {"<": 1, ">": -1}.get(char, 0)
        if char == "," and not angle:
            entries.append(current)
            current = ""
        else:
            current += char
    entries.append(current)
    return [(entry.split(None, 1)[0].strip("`"), " ".join(entry.split()[1:])) for entry in entries if entry.strip()]


def test_athena_table_has_the_output_columns_and_partitions():
    sql = (WAREHOUSE / "athena.sql").read_text(encoding="utf-8")
    assert column_list(sql, r"CREATE EXTERNAL TABLE IF NOT EXISTS \S+") == expected_columns("athena", OUTPUT_SCHEMA)
    assert column_list(sql, r"PARTITIONED BY") == expected_columns("athena", PARTITION_SCHEMA)
    assert "STORED AS PARQUET" in sql and "MSCK REPAIR TABLE" in sql


def test_bigquery_table_has_the_output_columns_and_hive_partitions():
    sql = (WAREHOUSE / "bigquery.sql").read_text(encoding="utf-8")
    assert column_list(sql, r"CREATE OR REPLACE EXTERNAL TABLE \S+") == expected_columns("bigquery", OUTPUT_SCHEMA)
    assert column_list(sql, r"WITH PARTITION COLUMNS") == expected_columns("bigquery", PARTITION_SCHEMA)
    assert "format = 'PARQUET'" in sql and "hive_partition_uri_prefix" in sql


def test_spark_table_has_the_output_columns_then_the_partitions():
    sql = (WAREHOUSE / "spark.sql").read_text(encoding="utf-8")
    dataset_schema = pa.schema(list(OUTPUT_SCHEMA) + list(PARTITION_SCHEMA))
    assert column_list(sql, r"CREATE TABLE IF NOT EXISTS \S+") == expected_columns("spark", dataset_schema)
    assert [name for name, _ in column_list(sql, r"PARTITIONED BY")] == PARTITION_SCHEMA.names


def test_the_duckdb_view_reads_the_sample_output_with_the_output_columns(sample_run):
    con = duckdb.connect()
    con.execute("SET VARIABLE newsbeam_output = ?", [str(sample_run)])
    con.execute((WAREHOUSE / "duckdb.sql").read_text(encoding="utf-8"))

    described = [(name, column_type) for name, column_type, *_ in con.sql("DESCRIBE articles").fetchall()]
    dataset_schema = pa.schema(list(OUTPUT_SCHEMA) + list(PARTITION_SCHEMA))
    assert described == expected_columns("duckdb", dataset_schema)
    rows = read_rows(sample_run)
    assert con.sql("SELECT count(*) FROM articles").fetchall()[0][0] == read_manifest(sample_run)["counts"]["written"]
    undated = {row["doc_id"] for row in rows if row["date"] is None}
    assert undated and {doc_id for (doc_id,) in con.sql("SELECT doc_id FROM articles WHERE date IS NULL").fetchall()} == undated
