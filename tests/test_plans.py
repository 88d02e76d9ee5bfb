"""bench/plans.py on the demo data: a harness check (every page answers and is explained);
whether the plans are index-driven is judged at national or large scale."""

import pytest

from bench.plans import explain_pages, page_urls, pick_targets, table
from tests.conftest import needs_postgresql

pytestmark = [needs_postgresql, pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def test_every_page_is_explained(tmp_path):
    pages = page_urls(pick_targets())
    assert {"bill", "vote", "deputy", "deputy-disagree", "committee", "faction"} <= set(pages)
    assert {"bills-list-q-ru-rare", "bills-list-q-kk-common", "api-deputy-ballots"} <= set(pages)

    rows = explain_pages(tmp_path, pages=pages)

    assert [row["page"] for row in rows] == list(pages)
    for row in rows:
        assert row["status"] == 200, row
        assert row["queries"] > 0, row
        assert 0 < row["explained"] <= row["queries"], row
        assert row["total_ms"] >= row["slowest_ms"] > 0, row
        assert row["index_driven"] == (not row["seq_scans"]), row
        assert "Execution Time" in (tmp_path / f"{row['page']}.txt").read_text(encoding="utf-8")
    assert "index-driven" in table(rows)
