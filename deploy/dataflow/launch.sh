#!/usr/bin/env bash
# Build the newsbeam image and Flex Template on Google Cloud, or launch one run of it.
#
#   PROJECT=my-project REGION=europe-west1 BUCKET=my-bucket deploy/dataflow/launch.sh build
#   PROJECT=... REGION=... BUCKET=... deploy/dataflow/launch.sh run gs://my-bucket/raw/2024-05-01/ gs://my-bucket/news/ [name=value ...]
#
# `build` pushes deploy/docker/Dockerfile's image to Artifact Registry and writes the template spec
# (image + deploy/dataflow/metadata.json) to gs://$BUCKET/templates/newsbeam.json. `run` starts a job:
# the input and output, then any other parameter of metadata.json as name=value (for example
# dedup_state=gs://my-bucket/state/ keep_removed=true). The same image runs the launcher and the workers.
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${BUCKET:?set BUCKET (no gs://)}"
IMAGE="${IMAGE:-$REGION-docker.pkg.dev/$PROJECT/newsbeam/newsbeam:$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("newsbeam"))' 2>/dev/null || echo latest)}"
TEMPLATE="${TEMPLATE:-gs://$BUCKET/templates/newsbeam.json}"

case "${1:-}" in
  build)
    docker build -f deploy/docker/Dockerfile -t "$IMAGE" .
    docker push "$IMAGE"
    gcloud dataflow flex-template build "$TEMPLATE" \
      --image "$IMAGE" \
      --sdk-language PYTHON \
      --metadata-file deploy/dataflow/metadata.json \
      --project "$PROJECT"
    ;;
  run)
    input="${2:?input path or glob}"
    output="${3:?output folder}"
    shift 3
    # '^~^' makes '~' the separator between parameters, so that globs and lists may hold commas.
    parameters="^~^input=$input~output=$output~sdk_container_image=$IMAGE"
    for extra in "$@"; do parameters="$parameters~$extra"; done
    gcloud dataflow flex-template run "newsbeam-$(date -u +%Y%m%d-%H%M%S)" \
      --template-file-gcs-location "$TEMPLATE" \
      --project "$PROJECT" \
      --region "$REGION" \
      --temp-location "gs://$BUCKET/tmp" \
      --staging-location "gs://$BUCKET/staging" \
      --parameters "$parameters"
    ;;
  *)
    sed -n '2,11p' "$0"
    exit 2
    ;;
esac
