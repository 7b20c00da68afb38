"""The HTML body score: the article-extraction benchmark's shingle measure, on pages written
here in the benchmark's layout."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from app.eval.__main__ import main
from app.eval.html import PageScore, match, summarise
from tests.web_pages import BRIDGE_PARAGRAPHS, bridge_page, render

BODY = "\n".join(BRIDGE_PARAGRAPHS)


@pytest.mark.parametrize(
    ("true", "predicted", "expected"),
    [
        ("a b c d e", "a b c d e", (1.0, 0.0, 0.0)),
        ("a b c d e", "", (0.0, 0.0, 1.0)),
        ("", "a b c d e", (0.0, 1.0, 0.0)),
        # Two true shingles (a b c d, b c d e), one predicted and right, one predicted wrong.
        ("a b c d e", "a b c d x", (1 / 3, 1 / 3, 1 / 3)),
        # Short texts are one shingle of what they have.
        ("a b", "a b", (1.0, 0.0, 0.0)),
        ("", "", (0.0, 0.0, 0.0)),
    ],
)
def test_match_counts_shingles_normalised(
    true: str, predicted: str, expected: tuple[float, float, float]
) -> None:
    assert match(true, predicted) == pytest.approx(expected)


def test_summarise_refused_page_lowers_recall_not_precision() -> None:
    scores = [
        PageScore("a", 1.0, 0.0, 0.0, None),
        PageScore("b", 0.0, 0.0, 1.0, "no body"),
    ]
    result = summarise(scores)
    assert result["precision"] == 1.0
    assert result["recall"] == 0.5
    assert result["f1"] == pytest.approx(2 / 3)
    assert result["refused"] == 1
    assert result["refused_pages"] == {"b": "no body"}


def write_benchmark(folder: Path) -> None:
    (folder / "pages").mkdir(parents=True)
    truth = {}
    for n in range(2):
        page = bridge_page(n)
        (folder / "pages" / f"k{n}.html.gz").write_bytes(gzip.compress(render(page).encode()))
        truth[f"k{n}"] = {"articleBody": "\n".join(page.paragraphs), "url": page.url}
    (folder / "pages" / "k2.html.gz").write_bytes(gzip.compress(b"<html><nav>Home</nav></html>"))
    truth["k2"] = {"articleBody": BODY, "url": "https://news.example.org/k2"}
    (folder / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")


def test_eval_html_reports_scores_and_refused_pages(tmp_path: Path) -> None:
    write_benchmark(tmp_path / "bench")
    out = io.StringIO()

    code = main(["--html", str(tmp_path / "bench"), "--json", str(tmp_path / "r.json")], out)

    assert code == 0
    assert "refused 1" in out.getvalue()
    assert "refused k2" in out.getvalue()
    result = json.loads((tmp_path / "r.json").read_text())["html"]
    assert result["pages"] == 3
    assert result["precision"] == pytest.approx(1.0)
    assert result["recall"] == pytest.approx(2 / 3)


def test_eval_html_floors_fail_with_exit_1(tmp_path: Path) -> None:
    write_benchmark(tmp_path / "bench")
    out = io.StringIO()
    code = main(
        ["--html", str(tmp_path / "bench"), "--min-html-f1", "0.9", "--max-html-refused", "0"],
        out,
    )
    assert code == 1
    assert "FAIL --min-html-f1" in out.getvalue()
    assert "FAIL --max-html-refused: 1 pages refused, more than 0" in out.getvalue()


def test_eval_html_missing_layout_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--html", str(tmp_path)], io.StringIO()) == 2
    assert "needs ground-truth.json and pages/" in capsys.readouterr().err
