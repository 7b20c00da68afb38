"""``python -m app.eval``: exit codes, outputs and floors, on tiny gold files written here."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from app.eval.__main__ import main

ARTICLE_1 = (
    "Flood waters rose overnight in the valley.\n\n"
    '"We have never seen the river this high," Marta Kohl, the mayor, said on Monday.\n\n'
    "Officials said that the bridge would stay closed until Friday."
)
ARTICLE_2 = 'The festival opened in Lyon.\n\n"It was a wonderful night," said Paul Girard.'


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def quote_gold() -> list[dict[str, Any]]:
    s1, e1 = span(ARTICLE_1, "We have never seen the river this high,")
    i1, j1 = span(ARTICLE_1, "the bridge would stay closed until Friday")
    s2, e2 = span(ARTICLE_2, "It was a wonderful night,")
    return [
        {
            "id": "a1",
            "text": ARTICLE_1,
            "quotes": [
                {
                    "kind": "direct",
                    "text": ARTICLE_1[s1:e1],
                    "start": s1,
                    "end": e1,
                    "speaker": "Marta Kohl",
                    "speaker_is_pronoun": False,
                    "speaker_resolved_auto": "Marta Kohl",
                },
                {
                    "kind": "indirect",
                    "text": ARTICLE_1[i1:j1],
                    "start": i1,
                    "end": j1,
                    "speaker": "Officials",
                },
            ],
        },
        {
            "id": "a2",
            "text": ARTICLE_2,
            "quotes": [
                {
                    "kind": "direct",
                    "text": ARTICLE_2[s2:e2],
                    "start": s2,
                    "end": e2,
                    "speaker": "Paul Girard",
                    "speaker_is_pronoun": False,
                    "speaker_resolved_auto": None,
                }
            ],
        },
    ]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_missing_gold_exits_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run("--quotes", str(tmp_path / "nope.jsonl"))
    assert code == 2
    assert "gold file not found" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content",
    ["not json\n", '["a list"]\n', '{"id": 1}\n', '{"id": 1, "text": "x", "quotes": 3}\n', ""],
)
def test_malformed_gold_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    code, _ = run("--quotes", str(path))
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "Traceback" not in err


def test_full_run_writes_figures_predictions_and_errors(tmp_path: Path) -> None:
    quotes = write_jsonl(tmp_path / "quotes.jsonl", quote_gold())
    out_json = tmp_path / "figures.json"
    out_pred = tmp_path / "pred.jsonl"
    code, printed = run(
        "--quotes",
        str(quotes),
        "--json",
        str(out_json),
        "--predictions",
        str(out_pred),
        "--show-errors",
        "a1",
        "--min-quote-f1",
        "0.9",
    )
    assert code == 0, printed
    figures = json.loads(out_json.read_text(encoding="utf-8"))
    assert figures["quotes"]["all"]["f1"] == 1.0
    assert figures["quotes"]["all"]["speaker_accuracy"] == 1.0
    assert figures["quotes"]["indirect"]["recall"] == 1.0
    speed = figures["speed"]
    assert speed["articles"] == 2
    assert speed["ratio"] > 0
    assert "Quotes" in printed
    assert "Speed" in printed
    assert "Errors in a1" in printed
    lines = [json.loads(line) for line in out_pred.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a1", "a2"]
    first = lines[0]["quotes"][0]
    assert set(first) == {"start", "end", "text", "kind", "speaker"}
    assert first["speaker"] == "Marta Kohl"
    assert ARTICLE_1[first["start"] : first["end"]] == first["text"]
    assert lines[0]["places"] == [] or set(lines[0]["places"][0]) == {
        "start",
        "end",
        "text",
        "lat",
        "lon",
        "geonames_id",
    }


def test_floor_not_met_exits_1(tmp_path: Path) -> None:
    quotes = write_jsonl(tmp_path / "quotes.jsonl", quote_gold())
    seed_gold = tmp_path / "seed.gold.json"
    seed_gold.write_text(
        json.dumps(
            {
                "quotes": [
                    {
                        "text": "It was a wonderful night,",
                        "speaker": "Paul Girard",
                        "required": True,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    seed_text = tmp_path / "seed.txt"
    seed_text.write_text(ARTICLE_2, encoding="utf-8")
    code, printed = run(
        "--quotes",
        str(quotes),
        "--seed",
        str(seed_gold),
        "--seed-text",
        str(seed_text),
        "--min-quote-f1",
        "1.01",
        "--min-seed-share",
        "1.0",
    )
    assert code == 1
    assert "FAIL --min-quote-f1" in printed
    assert "--min-seed-share" not in printed
    assert "required quotes found with the right speaker: 1/1" in printed


def test_corpus_alone_describes_the_directory(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", quote_gold())
    out_json = tmp_path / "figures.json"
    code, printed = run("--corpus", str(corpus), "--json", str(out_json))
    assert code == 0, printed
    directory = json.loads(out_json.read_text(encoding="utf-8"))["corpus"]["directory"]
    assert directory["rows_by_kind"] == {"person": 2}
    assert sorted(directory["top"]) == ["Marta Kohl (person, 1)", "Paul Girard (person, 1)"]
