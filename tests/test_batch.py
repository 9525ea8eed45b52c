"""policydoc.batch: many pairs and histories, locally or on Dask, resumable, never stopped by one bad file."""

from __future__ import annotations

import json
import shutil

import pytest

from policydoc import batch
from policydoc.cli import main
from tests.conftest import SHARED

BASE = """# Privacy Policy

## Sharing

We do not share your personal information with advertisers.

## Retention

We delete your data 30 days after you close your account.
"""
EDITS = [
    ("We do not share your", "We share your"),
    ("30 days", "90 days"),
    ("advertisers.", "advertisers and analytics partners."),
    ("We delete your", "We delete all your"),
]


def _histories(root, count: int = 2) -> None:
    """Generated histories (each edit applied in turn), one pair folder and one broken file."""
    for h in range(count):
        folder = root / f"service{h}"
        folder.mkdir(parents=True)
        text = BASE
        (folder / "0001.md").write_text(text)
        for k, (a, b) in enumerate(EDITS[h:] + EDITS[:h], start=2):
            text = text.replace(a, b)
            (folder / f"{k:04d}.md").write_text(text)
    pair = root / "pairs" / "001"
    pair.mkdir(parents=True)
    (pair / "old.md").write_text(BASE)
    (pair / "new.md").write_text(BASE.replace("30 days", "1 year"))
    broken = root / "broken"
    broken.mkdir()
    (broken / "0001.md").write_text(BASE)
    (broken / "0002.md").write_bytes(b"# Policy\n\nBad \xff byte.\n")


def test_tasks_cover_pairs_and_consecutive_versions(tmp_path) -> None:
    _histories(tmp_path)
    ids = [t.id for t in batch.find_tasks(tmp_path)]
    assert ids == ["broken:0002", "pairs/001"] + [
        f"service{h}:{k:04d}" for h in range(2) for k in range(2, 6)
    ]


def test_a_bad_file_is_recorded_and_the_rest_assessed(tmp_path) -> None:
    _histories(tmp_path)
    records = batch.assess_histories([tmp_path], workers=1)
    by_id = {r.id: r for r in records}
    assert (
        "not valid UTF-8" in by_id["broken:0002"].error and "0002.md" in by_id["broken:0002"].error
    )
    assert by_id["service0:0002"].level == "material" and by_id["service0:0002"].requires_notice
    assert all(r.error is None for r in records if r.id != "broken:0002")


def test_process_pool_gives_the_single_process_results(tmp_path) -> None:
    _histories(tmp_path)
    one = batch.assess_histories([tmp_path], workers=1)
    two = batch.assess_histories([tmp_path], workers=2)
    assert one == two and len(one) == 10


def test_run_resumes_after_an_interruption(tmp_path) -> None:
    root = tmp_path / "corpus"
    _histories(root)
    out = tmp_path / "results.jsonl"
    batch.run(root, out, workers=1)
    full = out.read_text().splitlines()
    # Interrupted after three records, the fourth cut short mid-line.
    out.write_text("\n".join(full[:3]) + "\n" + full[3][:20])
    seen = []
    assessed, failed = batch.run(root, out, workers=1, progress=lambda d, t: seen.append((d, t)))
    assert assessed == len(full) - 3 and failed == 0  # the broken file was recorded before
    lines = out.read_text().splitlines()
    assert sorted(lines) == sorted(full)
    assert seen[0] == (3, len(full)) and seen[-1] == (len(full), len(full))
    assert batch.run(root, out, workers=1) == (0, 0)  # nothing left to do
    # A last record without its newline (edited by hand) is kept, and the next starts a line.
    out.write_text("\n".join(full[:2]))
    batch.run(root, out, workers=1)
    assert sorted(out.read_text().splitlines()) == sorted(full)


def test_cli_batch(tmp_path, capsys) -> None:
    root = tmp_path / "corpus"
    _histories(root, count=1)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(root), "--out", str(out), "--workers", "1"]) == 0
    assert "assessed 6 changes (1 failed)" in capsys.readouterr().out
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["id"] for r in records} >= {"pairs/001", "service0:0005"}
    assert main(["batch", str(tmp_path / "missing"), "--out", str(out)]) == 2
    assert "is not a folder" in capsys.readouterr().err


def _corpus_or_generated(tmp_path):
    """The first versions of each corpus history, or generated histories when the corpus is absent."""
    histories = SHARED / "corpus" / "histories"
    root = tmp_path / "histories"
    if histories.is_dir():
        for folder in sorted(p for p in histories.iterdir() if p.is_dir()):
            (root / folder.name).mkdir(parents=True)
            for f in sorted(folder.glob("*.md"))[:4]:  # 3 steps each: CI time stays small
                shutil.copy(f, root / folder.name / f.name)
    else:
        _histories(root, count=3)
    return root


@pytest.mark.slow
def test_dask_local_cluster_gives_the_single_process_results(tmp_path) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="Dask is not installed (policydoc[dask])"
    )
    root = _corpus_or_generated(tmp_path)
    local = batch.assess_histories([root], workers=1)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
    ):
        with distributed.Client(cluster) as client:
            on_dask = batch.assess_histories([root], client=client)
        out = tmp_path / "dask.jsonl"
        # The command line on the same cluster, through its scheduler address.
        address = cluster.scheduler_address
        assert main(["batch", str(root), "--out", str(out), "--scheduler", address]) == 0
    assert on_dask == local and len(local) >= 9
    from_cli = [batch.Record.from_dict(json.loads(line)) for line in out.read_text().splitlines()]
    assert from_cli == local
