"""The knowledge index with the real model and a real Chroma in a temporary folder."""
from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from bot.retrieval.chroma_store import open_client, open_collection
from bot.retrieval.chunking import passages_from_file, split_paragraphs
from bot.retrieval.index import KnowledgeIndex
from bot.retrieval.ingest import ingest
from bot.settings import ROOT


SMALL = ("retrieval.md", "tokenization.md", "faq.md")


@pytest.fixture
def corpus(tmp_path):
    """A few guides in a temporary folder: enough to test indexing without embedding the whole pack."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in SMALL:
        shutil.copy(ROOT / "knowledge" / "guides" / name, folder / name)
    return folder


@pytest.fixture
def index(services, tmp_path):
    client = open_client(tmp_path / "data")
    return KnowledgeIndex(open_collection(client, "test", services.settings.embedding_model))


@pytest.fixture(scope="module")
def full_index(services):
    """The whole default pack, indexed once per module (the session's Services built it)."""
    return services.index


def test_chunks_are_paragraph_sized_keep_their_section_and_stable_ids(corpus):
    path = corpus / "retrieval.md"
    text = path.read_text()
    first = passages_from_file(text, "retrieval.md", path)
    again = passages_from_file(text, "retrieval.md", path)
    assert [p.id for p in first] == [p.id for p in again]
    assert all(len(p.text.split()) <= 200 for p in first)
    bm25 = [p for p in first if p.section_id == "bm25-formula"]
    assert bm25 and bm25[0].heading_path[-1].startswith("The") or bm25[0].title
    assert all(p.file == "retrieval.md" for p in first)


def test_long_paragraphs_are_cut_at_sentence_ends():
    text = " ".join(f"Sentence number {i} says something." for i in range(120))
    pieces = split_paragraphs(text, max_words=50)
    assert len(pieces) > 1 and all(len(p.split()) <= 50 for p in pieces)
    assert all(p.endswith(".") for p in pieces)


def test_index_search_incremental_reindex_and_deletion(index, corpus, tmp_path):
    report = ingest(index, [corpus], tmp_path)
    assert len(report.added) == len(list(corpus.glob("*.md"))) and not report.skipped
    total = index.count()
    hits = index.search("k1 and b parameters of the BM25 ranking function", k=5)
    assert hits and any(h.section_id.startswith("bm25") for h in hits[:3])
    assert all(h.source == f"{h.file}#{h.section_id}" and h.text for h in hits)

    again = ingest(index, [corpus], tmp_path)
    assert again.added == [] and again.updated == [] and len(again.unchanged) == len(report.added)
    assert index.count() == total

    path = corpus / "tokenization.md"
    path.write_text(path.read_text() + "\n\n## Byte fallback {#byte-fallback}\n\nUnknown characters fall back "
                    "to raw bytes, so a zebra emoji never becomes an unknown token.\n")
    changed = ingest(index, [corpus], tmp_path)
    assert changed.updated == ["docs/tokenization.md"] and len(changed.unchanged) == len(report.added) - 1
    assert index.search("zebra emoji raw bytes", k=1)[0].section_id == "byte-fallback"

    (corpus / "faq.md").unlink()  # noqa: the file was indexed above
    removed = ingest(index, [corpus], tmp_path)
    assert removed.removed == ["docs/faq.md"]
    assert all(h.file != "docs/faq.md" for h in index.search("which tools should I know", k=20))


def test_filters_by_topic_and_level(full_index, services):
    hits = full_index.search("how do you evaluate", k=10, topic="generation-eval")
    assert hits and all(h.topic == "generation-eval" for h in hits)
    senior = full_index.search("design", k=10, level="senior")
    levels = services.section_levels()
    assert senior and all("senior" in levels.get(h.section_id, {"senior"}) for h in senior)
    junior_only = full_index.search("design", k=10, level="junior")
    assert {h.section_id for h in senior} != {h.section_id for h in junior_only}
    assert full_index.search("   ", k=5) == []


def test_bad_files_are_named_and_skipped_and_nothing_is_lost(index, corpus, tmp_path):
    ingest(index, [corpus], tmp_path)
    before = index.count()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.md").write_text("   \n")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (bad / "latin1.txt").write_bytes("caf\xe9 cr\xe8me".encode("latin-1"))
    (bad / "notes.html").write_text("<html><body><h2>Serving</h2><p>We batch requests on the GPU.</p></body></html>")
    report = ingest(index, [corpus, bad, tmp_path / "missing.md"], tmp_path)
    assert set(report.skipped) == {"bad/empty.md", "bad/binary.txt", "bad/latin1.txt", str(tmp_path / "missing.md")}
    assert report.skipped["bad/binary.txt"] == "looks binary"
    assert report.added == ["bad/notes.html"]
    assert index.count() > before
    assert index.search("batch requests on the GPU", k=1)[0].file == "bad/notes.html"


def test_hybrid_finds_exact_terms_and_paraphrases(full_index):
    exact = full_index.search("ERR-4029", k=5)
    assert exact[0].section_id == "bm25"
    para = full_index.search("the model makes up facts that are not in the documents", k=5)
    assert any(h.section_id in {"hallucination", "rag-grounded-generation", "rag-debugging"} for h in para)


def test_search_cli_single_json_and_batch(services, monkeypatch):
    import bot.cli as cli

    monkeypatch.setattr(cli, "_services", services)
    runner = CliRunner()
    out = runner.invoke(cli.app, ["search", "reciprocal rank fusion", "--k", "3", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["query"] == "reciprocal rank fusion" and len(data["results"]) == 3
    lines = '{"query": "what is nDCG"}\nnot json\n{"query": 5}\n\n{"query": "BPE merges"}\n'
    out = runner.invoke(cli.app, ["search", "--batch", "-", "--k", "2"], input=lines)
    assert out.exit_code == 0, out.output
    rows = [json.loads(x) for x in out.output.strip().splitlines()]
    assert [r["query"] for r in rows] == ["what is nDCG", None, None, "BPE merges"]
    assert len(rows[0]["results"]) == 2 and set(rows[0]["results"][0]) == {"text", "source", "score"}
    assert "error" in rows[1] and "error" in rows[2]
    empty = runner.invoke(cli.app, ["search"])
    assert empty.exit_code == 2
