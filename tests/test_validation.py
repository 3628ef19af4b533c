"""Bad data is stopped with a clear Chinese message naming file, line and field, and no traceback.

Each file in tests/bad_data/ is one case: a header says where it goes in a copy of the fixture
data, what the editor must be told, the field (path) and the line the message must name ("none"
where a mistake has no field or no line); the rest of the file is what a hurried editor wrote.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DISCLOSURE_ID, FIXTURE_DATA, ROOT

from disclosure_site.read.errors import DataErrors
from disclosure_site.check.run import load_site

CASES = sorted((Path(__file__).parent / "bad_data").glob("*.yml"))


def _header(raw: bytes) -> dict[str, str]:
    header = {}
    for line in raw.splitlines():
        if not line.startswith(b"# ") or b":" not in line:
            break
        key, _, value = line[2:].decode("utf-8").partition(":")
        header[key.strip()] = value.strip()
    return header


def _data_with_case(tmp_path: Path, case: Path) -> tuple[Path, dict]:
    raw = case.read_bytes()
    header = _header(raw)
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    # The header is the test's, not the editor's: blank lines in its place keep the lines where they were
    # (a data file may hold no comment, read/yaml_silent.py).
    lines = raw.split(b"\n")
    lines[: len(header)] = [b""] * len(header)
    (data / DISCLOSURE_ID / header["target"]).write_bytes(b"\n".join(lines))
    return data, header


def test_there_is_a_case_for_every_kind_of_mistake():
    names = {case.stem for case in CASES}
    assert {
        "yaml_syntax_error", "duplicate_key", "unknown_field", "wrong_type", "missing_required_field",
        "duplicate_item_number", "number_not_matching_file_name", "impossible_date", "end_before_start",
        "not_utf8", "empty_file", "figure_not_in_text", "full_width_colon", "missing_space_after_colon",
        "unclosed_quote", "postcode_leading_zero", "chinese_date", "english_colon_in_text",
        "yaml_alias_bomb", "yaml_python_tag", "deep_nesting",
    } <= names
    for case in CASES:  # every case names the field and the line it expects (or says there is none)
        assert {"target", "expect", "field", "line"} <= _header(case.read_bytes()).keys(), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_data_is_rejected_with_file_line_and_field(tmp_path, case):
    data, header = _data_with_case(tmp_path, case)
    with pytest.raises(DataErrors) as raised:
        load_site(data)
    matching = [e for e in raised.value.errors if header["expect"] in str(e)]
    assert matching, f"expected “{header['expect']}” in:\n{raised.value.report()}"
    error = matching[0]
    assert error.file.name == Path(header["target"]).name
    assert error.field == (None if header["field"] == "none" else header["field"]), str(error)
    assert error.line == (None if header["line"] == "none" else int(header["line"])), str(error)
    assert str(error).startswith(f"data/{DISCLOSURE_ID}/") or str(error).startswith(str(data))
    if error.field and "不认识的字段" not in error.message:  # editors read the field's Chinese name
        assert error.label and error.label != error.field and f"“{error.label}”" in str(error)


@pytest.mark.parametrize("case", CASES[:3] + [c for c in CASES if c.stem == "not_utf8"], ids=lambda c: c.stem)
def test_the_command_line_check_prints_chinese_and_no_traceback(tmp_path, case):
    data, header = _data_with_case(tmp_path, case)
    result = subprocess.run(
        [sys.executable, "-m", "disclosure_site.check", str(data)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert header["expect"] in result.stderr
    assert "数据检查未通过" in result.stderr


def test_github_annotations_point_at_the_line(tmp_path):
    data, header = _data_with_case(tmp_path, Path(__file__).parent / "bad_data" / "unknown_field.yml")
    result = subprocess.run(
        [sys.executable, "-m", "disclosure_site.check", "--github", str(data)], cwd=ROOT, capture_output=True, text=True
    )
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 1
    assert ",line=10," in annotations[0] and "items/03.yml" in annotations[0]
    assert "不认识的字段“colour”" in annotations[0]


def test_every_error_is_reported_at_once(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    items = data / DISCLOSURE_ID / "items"
    for name in ("unknown_field", "figure_not_in_text"):
        case = (Path(__file__).parent / "bad_data" / f"{name}.yml").read_bytes()
        (items / _header(case)["target"].removeprefix("items/")).write_bytes(case)
    with pytest.raises(DataErrors) as raised:
        load_site(data)
    assert {e.file.name for e in raised.value.errors} == {"03.yml", "05.yml"}
