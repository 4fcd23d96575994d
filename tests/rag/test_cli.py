"""The `rag` command line, in-process through Typer's runner with real settings from the
environment: happy paths print the contracts, bad input exits non-zero without a traceback."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rag.cli import app
from tests.conftest import free_port
from tests.documents import folder_with_backup_table

runner = CliRunner()


@pytest.fixture
def env(base_settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {"RAG_INDEX_PATH": str(tmp_path / "index"), "RAG_DATA_DIR": str(base_settings.models.data_dir),
              "RAG_GENERATOR": "extractive", "RAG_CORPUS_PATH": str(base_settings.index.corpus_path)}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("RAG_CHROMA_URL", raising=False)
    monkeypatch.setenv("RAG_ASK_VIA", "local")  # a `rag serve` left running here must not answer
    return values


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def test_index_then_search_json_follows_the_passage_contract(env, corpus_dir: Path) -> None:
    first = run("index", str(corpus_dir))
    assert first.exit_code == 0 and "4 added" in first.output
    again = run("index", str(corpus_dir))
    assert again.exit_code == 0 and "4 unchanged" in again.output and "0 texts embedded" in again.output
    result = run("search", "Kadrey v. Meta hak cipta", "-k", "3", "--json")
    assert result.exit_code == 0
    results = json.loads(result.stdout)["results"]
    assert len(results) == 3 and results[0]["file"].startswith("003")
    for p in results:
        text = (corpus_dir / p["file"]).read_text(encoding="utf-8")
        assert text[p["start_char"]:p["end_char"]] == p["text"]


def test_human_search_output_shows_file_lines_and_text(env) -> None:
    result = run("search", "Scale AI")
    assert result.exit_code == 0
    assert "002_852ae002a154c28a.txt:25-25" in result.output and "Scale AI" in result.output


def test_ask_json_is_the_answer_contract(env) -> None:
    result = run("ask", "How much did Meta invest in Scale AI?", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert set(answer) == {"answer", "abstained", "language", "citations", "generator",
                           "timings_ms", "note"}
    assert answer["citations"] and answer["citations"][0]["ref"] == 1


def test_ask_prints_answer_and_sources(env) -> None:
    result = run("ask", "Combien Meta réserve-t-il pour l'infrastructure IA ?")
    assert result.exit_code == 0
    assert "600 milliards" in result.output and "001_52f91c2df59d381d.txt:" in result.output


@pytest.mark.parametrize("args", [("search", "  "), ("ask", "")])
def test_empty_query_is_refused(env, args) -> None:
    result = run(*args)
    assert result.exit_code == 2 and "empty" in result.output


def test_missing_corpus_path(env, tmp_path: Path) -> None:
    result = run("index", str(tmp_path / "missing"))
    assert result.exit_code == 1 and "does not exist" in result.output


def test_empty_corpus(env, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("index", str(tmp_path / "empty"))
    assert result.exit_code == 1 and "no readable" in result.output


def test_unreadable_file_is_skipped_with_its_name(env, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text("Meta membuka laboratorium baru di Bali pada 2030.\n")
    (folder / "broken.txt").write_bytes(b"\xff\xfe\xfd not utf-8")
    result = run("index", str(folder))
    assert result.exit_code == 0
    assert "skipped broken.txt" in result.output and "1 added" in result.output


def test_chroma_server_that_does_not_answer(env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_CHROMA_URL", f"http://127.0.0.1:{free_port()}")
    result = run("search", "Avocado")
    assert result.exit_code == 1 and "cannot open the Chroma store" in result.output


def test_unknown_generator_is_a_clear_error(env) -> None:
    result = run("ask", "Who leads Meta?", "--generator", "gpt-9")
    assert result.exit_code == 1 and "unknown generator" in result.output


@pytest.mark.parametrize(("variable", "value", "named"), [
    ("RAG_QUERY_TRANSLATION", "bogus", "RAG_QUERY_TRANSLATION"),
    ("RAG_TOP_K", "five", "RAG_TOP_K"),
    ("RAG_QUERY_TRANSLATION_LANGUAGES", "zh,fr", "query_translation_languages"),
])
def test_a_malformed_setting_is_a_clear_error(env, monkeypatch: pytest.MonkeyPatch, variable: str,
                                              value: str, named: str) -> None:
    monkeypatch.setenv(variable, value)
    result = run("search", "Scale AI")
    assert result.exit_code == 2
    assert "invalid configuration" in result.output and named in result.output


def test_text_prints_a_documents_stored_text_and_spans(env, corpus_dir: Path) -> None:
    name = "002_852ae002a154c28a.txt"
    whole = corpus_dir.joinpath(name).read_text(encoding="utf-8")
    assert run("index", str(corpus_dir)).exit_code == 0
    listed = run("documents", "--json")
    assert name in [d["path"] for d in json.loads(listed.output)["documents"]]
    span = run("text", name, "--start", "10", "--end", "60", "--json")
    assert span.exit_code == 0
    got = json.loads(span.output)
    assert got["text"] == whole[10:60] and got["length"] == len(whole) and got["start_line"] == 1
    missing = run("text", "no/such.txt")
    assert missing.exit_code == 1 and "no indexed document" in missing.output
    outside = run("text", name, "--start", "5", "--end", str(len(whole) + 1))
    assert outside.exit_code == 1 and "not within the text" in outside.output


def test_ask_uses_a_running_server_on_the_same_index_and_says_so(
        env, assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new shell's `rag ask` gets the server's answer, the same one this process would give; a
    server reading another index is not one `auto` mode would ask."""
    from api.app import create_app
    from rag.cli.remote import serves_same_index
    from tests.api.servers import serving

    question = "How much did Meta invest in Scale AI?"
    monkeypatch.setenv("RAG_INDEX_PATH", str(assistant.settings.index.index_path))
    local = run("ask", question, "--json")
    assert local.exit_code == 0 and "answered in this process" in local.stderr
    with serving(create_app(assistant.settings, assistant)) as url:
        monkeypatch.setenv("RAG_ASK_VIA", url)
        remote = run("ask", question, "--json")
        assert remote.exit_code == 0, remote.output
        assert f"answered by the server at {url}" in remote.stderr
        mine, theirs = json.loads(local.stdout), json.loads(remote.stdout)
        assert {k: v for k, v in mine.items() if k != "timings_ms"} == \
            {k: v for k, v in theirs.items() if k != "timings_ms"}
        assert serves_same_index(url, assistant.settings)
        assert not serves_same_index(url, assistant.settings.replace(index_path=env["RAG_INDEX_PATH"]))
    assert not serves_same_index(url, assistant.settings)  # stopped


def test_ask_via_a_server_that_is_not_there_fails_clearly(env, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("RAG_ASK_VIA", url)
    result = run("ask", "How much did Meta invest in Scale AI?")
    assert result.exit_code == 1
    assert f"cannot reach the server at {url}" in result.output and "RAG_ASK_VIA=local" in result.output


def test_collection_scopes_search_ask_documents_and_text(env, tmp_path: Path, corpus_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    corpus = tmp_path / "scoped"
    shutil.copytree(corpus_dir, corpus / "news")
    (corpus / "hr").mkdir()
    (corpus / "hr" / "leave.md").write_text(
        "# Leave\n\nEvery Orbisoft employee receives 27 days of paid annual leave a year.\n",
        encoding="utf-8")
    monkeypatch.setenv("RAG_CORPUS_PATH", str(corpus))
    assert run("index").exit_code == 0
    question = "How many days of paid annual leave does an Orbisoft employee receive?"
    news = json.loads(run("search", question, "--json", "-c", "news").stdout)["results"]
    assert news and all(p["file"].startswith("news/") for p in news)
    hr = json.loads(run("search", question, "--json", "--collection", "hr").stdout)["results"]
    assert hr and hr[0]["file"] == "hr/leave.md"
    answer = json.loads(run("ask", question, "--json", "-c", "news").stdout)
    assert all(not c["file"].startswith("hr/") for c in answer["citations"])
    assert "27" not in answer["answer"]
    assert "27" in json.loads(run("ask", question, "--json", "-c", "hr").stdout)["answer"]
    listed = json.loads(run("documents", "--json", "-c", "hr").stdout)["documents"]
    assert [(d["path"], d["collection"]) for d in listed] == [("hr/leave.md", "hr")]
    hidden = run("text", "hr/leave.md", "-c", "news")
    assert hidden.exit_code != 0 and "no indexed document" in hidden.output
    assert "27 days" in run("text", "hr/leave.md", "-c", "hr").stdout


def test_ask_answers_here_when_the_server_it_found_refuses_its_key(
        env, assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    """`auto` found a server on the same index, but it wants a key this shell does not have: the
    question is answered in this process, and why is said; a server named in RAG_ASK_VIA fails."""
    from api.app import create_app
    from rag.cli import remote
    from tests.api.servers import serving

    question = "How much did Meta invest in Scale AI?"
    monkeypatch.setenv("RAG_INDEX_PATH", str(assistant.settings.index.index_path))
    monkeypatch.delenv("RAG_API_KEY", raising=False)
    with serving(create_app(assistant.settings.replace(api_key="server-only"), assistant)) as url:
        monkeypatch.setattr(remote, "DEFAULT_SERVER_URL", url)
        monkeypatch.setenv("RAG_ASK_VIA", "auto")
        found = run("ask", question, "--json")
        assert found.exit_code == 0, found.output
        assert f"the server at {url} refused the API key" in found.stderr
        assert "answered in this process" in found.stderr
        assert not json.loads(found.stdout)["abstained"]
        monkeypatch.setenv("RAG_ASK_VIA", url)
        named = run("ask", question)
        assert named.exit_code == 1 and "refused the API key" in named.output


def test_a_cited_table_row_is_printed_with_its_column_names(env, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_CORPUS_PATH", str(folder_with_backup_table(tmp_path)))
    assert run("index").exit_code == 0
    result = run("ask", "How long is the [full] dump kept for?")
    assert result.exit_code == 0, result.output
    # the answer and the quote as written (a bracket is text, not terminal markup), then the names
    assert "Job: [full] dump; Runs at: 02:30; Kept for: 14 days [1]" in result.output
    lines = result.output.splitlines()
    quote = next(n for n, line in enumerate(lines) if "«| [full] dump | 02:30 | 14 days |»" in line)
    assert lines[quote + 1].strip() == "| Job | Runs at | Kept for |"
