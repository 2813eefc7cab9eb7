"""Documents packed for shuffles come back equal, and smaller than plainly pickled."""

from __future__ import annotations

import datetime as dt
import pickle
import threading

from transforms.document import Document, pack, unpack


def _document(index: int) -> Document:
    body = "\n".join(f"فقرة رقم {n} من الخبر {index} عن الاقتصاد والأسواق في المنطقة." for n in range(40))
    return Document(
        doc_id=f"id-{index}", input_path=f"/in/{index}.txt", raw_text="", title=f"خبر {index}", body=body,
        published_at=dt.datetime(2024, 1, 25, 10, 29, tzinfo=dt.timezone.utc), topic_candidates=[("medtop:04000000", 0.9)],
        duplicate_of_paths=["/in/copy.txt"],
    )


def test_a_packed_document_unpacks_equal_and_is_smaller_than_its_pickle():
    doc = _document(1)
    packed = pack(doc)
    assert unpack(packed) == doc
    assert len(packed) < len(pickle.dumps(doc, pickle.HIGHEST_PROTOCOL)) / 2


def test_packing_from_several_threads_at_once_round_trips():
    failures = []

    def work(offset: int):
        for index in range(offset, offset + 200):
            doc = _document(index)
            if unpack(pack(doc)) != doc:
                failures.append(index)

    threads = [threading.Thread(target=work, args=(n * 1000,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
