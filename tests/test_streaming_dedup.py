"""Streaming dedup with TestStream: copies arriving over time, out of order, late, and after expiry."""

from __future__ import annotations

import datetime as dt
import os

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.testing.test_stream import TestStream as EventStream
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import TimestampedValue

from tests.test_dedup import article_body
from transforms.document import Document, stable_doc_id
from transforms.streaming_dedup import StreamingDedup

HOUR = 3600
DAY = 24 * HOUR


def doc(name: str, title: str, seed: int) -> Document:
    body = "\n".join(article_body(seed))
    text = f"{name}\n{title}\n{body}"
    return Document(doc_id=stable_doc_id(text), input_path=f"/in/{name}", raw_text=text, title=title, body=body)


def check(stream: EventStream, written, folded, ttl=dt.timedelta(days=7)):
    options = PipelineOptions(runner="BundleBasedDirectRunner")
    options.view_as(StandardOptions).streaming = True
    with beam.Pipeline(options=options) as p:
        out = p | stream | StreamingDedup(ttl=ttl)
        assert_that(out.documents | "Names" >> beam.Map(lambda d: os.path.basename(d.input_path)),
                    equal_to(written), label="written")
        assert_that(out.folded | "Folds" >> beam.Map(lambda f: (os.path.basename(f.input_path), os.path.basename(f.folded_into_path), f.reason)),
                    equal_to(folded), label="folded")


def test_copies_arriving_over_time_are_folded_into_the_first():
    stream = (
        EventStream()
        .advance_watermark_to(0)
        .add_elements([TimestampedValue(doc("a.txt", "Storm closes the harbour", 1), 0)])
        .advance_watermark_to(2 * HOUR)
        .add_elements([TimestampedValue(doc("b.txt", "Storm closes the harbour", 1), 2 * HOUR)])
        .add_elements([TimestampedValue(doc("c.txt", "Harbour shut by storm", 1), 3 * HOUR)])
        .advance_watermark_to_infinity()
    )
    check(stream, ["a.txt"], [("b.txt", "a.txt", "same headline and body"), ("c.txt", "a.txt", "near-duplicate body")])


def test_same_headline_over_different_stories_is_kept():
    stream = (
        EventStream()
        .add_elements([TimestampedValue(doc("mon.txt", "طقس اليوم", 10), 0)])
        .advance_watermark_to(DAY)
        .add_elements([TimestampedValue(doc("tue.txt", "طقس اليوم", 11), DAY)])
        .advance_watermark_to_infinity()
    )
    check(stream, ["mon.txt", "tue.txt"], [])


def test_late_and_out_of_order_copies_still_fold():
    stream = (
        EventStream()
        .add_elements([TimestampedValue(doc("original.txt", "Museum reopens", 20), 5 * DAY)])
        .advance_watermark_to(6 * DAY)
        # Behind the watermark and earlier than the original in event time: late, out of order.
        .add_elements([TimestampedValue(doc("late-copy.txt", "Museum reopens", 20), 4 * DAY)])
        .advance_watermark_to_infinity()
    )
    check(stream, ["original.txt"], [("late-copy.txt", "original.txt", "same headline and body")])


def test_after_the_ttl_a_key_forgets_and_the_story_is_written_again():
    stream = (
        EventStream()
        .add_elements([TimestampedValue(doc("first.txt", "Rail strike ends", 30), 0)])
        .advance_watermark_to(HOUR)
        .add_elements([TimestampedValue(doc("soon.txt", "Rail strike ends", 30), HOUR)])
        .advance_watermark_to(10 * DAY)
        .add_elements([TimestampedValue(doc("much-later.txt", "Rail strike ends", 30), 10 * DAY)])
        .advance_watermark_to_infinity()
    )
    check(stream, ["first.txt", "much-later.txt"], [("soon.txt", "first.txt", "same headline and body")],
          ttl=dt.timedelta(days=7))
