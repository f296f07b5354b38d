"""The Dask adapter on a real LocalCluster (2 worker processes) gives what the CLI gives."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cleaner.cli import clean_cmd

from . import corpus

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def shard(tmp_path_factory):
    path = tmp_path_factory.mktemp("dask") / "c.jsonl"
    corpus.write(path, corpus.records(300, seed=21))
    cli = CliRunner().invoke(clean_cmd, [str(path), "--keep-removed"])
    assert cli.exit_code == 0
    return path, [json.loads(x) for x in cli.stdout.splitlines()]


def test_bag_of_records_equals_cli(client, shard):
    import dask.bag as db

    from cleaner.dask import clean_bag

    path, expected = shard
    bag = db.read_text(str(path), blocksize=20_000).map(json.loads)
    assert bag.npartitions > 1
    got = clean_bag(bag, keep_removed=True).compute()
    assert got == expected


def test_bag_of_strings_equals_cli_texts(client, shard):
    import dask.bag as db

    from cleaner.dask import clean_bag

    path, expected = shard
    recs = [json.loads(x) for x in path.read_text().splitlines()]
    texts = [r["text"] for r in recs if isinstance(r.get("text"), str) and "lang" not in r]
    want = [r["text"] for r in expected if isinstance(r.get("text"), str) and "lang" not in r]
    got = clean_bag(db.from_sequence(texts, npartitions=4)).compute()
    assert got == want


def test_dataframe_column_equals_cli(client, shard):
    import dask.dataframe as dd
    import pandas as pd

    from cleaner.dask import clean_dataframe

    path, expected = shard
    recs = [json.loads(x) for x in path.read_text().splitlines()]
    rows = [(r["id"], r["text"], r.get("lang")) for r in recs if isinstance(r.get("text"), str)]
    pdf = pd.DataFrame(rows, columns=["id", "text", "lang"])
    ddf = dd.from_pandas(pdf, npartitions=3)
    out = clean_dataframe(ddf, "text", output_column="clean").compute()
    want = {r["id"]: r["text"] for r in expected if isinstance(r.get("text"), str)}
    assert dict(zip(out["id"], out["clean"])) == want
    assert list(out["text"]) == list(pdf["text"])


def test_bad_rules_fail_before_any_task(tmp_path):
    import dask.bag as db

    from cleaner import CleanerError
    from cleaner.dask import clean_bag

    with pytest.raises(CleanerError):
        clean_bag(db.from_sequence(["x"]), skip=["no-such-rule"])
