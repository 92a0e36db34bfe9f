"""Peak memory of an import worker staging one large file (target: under 256 MiB for 1,000,000 rows).

A job with a generated customers CSV (ROWS rows, a hierarchy five levels deep, shuffled) is put in a
scratch import database; a fresh process stages it as `b2b-service worker import` would
(services/staging.py) and reports its peak resident memory and how long staging took.

    .venv/bin/python bench/import_worker_memory.py [ROWS]
"""
from __future__ import annotations

import multiprocessing
import random
import sys
import time
import uuid
from functools import partial

from benchkit import scratch_database

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
TARGET_MIB = 256


def a_file(rows: int) -> bytes:
    per_level = rows // 5
    lines = ["external_id,name,parent_external_id,tags"]
    order = list(range(rows))
    random.shuffle(order)
    for n in order:
        level = min(n // per_level, 4)
        parent = f"m-{random.randrange(per_level * (level - 1), per_level * level)}" if level else ""
        lines.append(f"m-{n},Customer {n},{parent},bench")
    return ("\r\n".join(lines) + "\r\n").encode()


def submit(url: str, content: bytes) -> uuid.UUID:
    from b2b_shared.db.engine import make_engine, make_session_factory
    from importer.adapters.unit_of_work import ImportUnitOfWork
    from importer.config import load_config
    from importer.domain.model import ImportJob
    from importer.messaging.published import SERIALIZERS

    engine = make_engine(url, 1)
    with ImportUnitOfWork(make_session_factory(engine), load_config().with_(database_url=url), SERIALIZERS) as uow:
        job = ImportJob.submit(uuid.uuid4(), "customers", "import", "bench.csv")
        uow.jobs.add(job, content)
        uow.commit()
    engine.dispose()
    return job.id


def stage(url: str, answers) -> None:
    """In a fresh process: its peak memory is the worker's."""
    from b2b_shared.db.engine import make_engine, make_session_factory
    from importer.adapters.unit_of_work import ImportUnitOfWork
    from importer.config import load_config
    from importer.messaging.published import SERIALIZERS
    from importer.services.staging import stage_next

    config = load_config().with_(database_url=url)
    uow = partial(ImportUnitOfWork, make_session_factory(make_engine(url, 1)), config, SERIALIZERS)
    before = peak_mib()
    started = time.perf_counter()
    stage_next(uow(), config.batch_rows, config.max_rows)
    answers.put((time.perf_counter() - started, before, peak_mib()))


def peak_mib() -> float:
    """This process's peak resident memory (VmHWM: unlike getrusage's ru_maxrss, which Linux carries
    over from the parent that started the process, it is this program's own)."""
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> None:
    content = a_file(ROWS)
    print(f"file: {ROWS:,} rows, {len(content) / 2**20:.1f} MiB")
    with scratch_database("services/import", "import_memory") as url:
        submit(url, content)
        del content
        answers = multiprocessing.get_context("spawn").Queue()
        worker = multiprocessing.get_context("spawn").Process(target=stage, args=(url, answers))
        worker.start()
        seconds, idle_mib, peak_mib = answers.get(timeout=1800)
        worker.join()
    print(f"staging took {seconds:.1f} s ({ROWS / seconds:,.0f} rows/s); worker memory {idle_mib:.0f} MiB idle, "
          f"peak {peak_mib:.0f} MiB (target < {TARGET_MIB})  {'OK' if peak_mib < TARGET_MIB else 'MISSED'}")


if __name__ == "__main__":
    main()
