"""Every page's feedback link is mailto:<the address>: an e-mail address that carries parameters
of its own (?bcc=…&cc=…) would copy every reader's mail to a third party. Such an address is
refused by the check, wherever it is written, and links are made by the URL encoder."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import DISCLOSURE_ID, ROOT, copy_project

from disclosure_site.model.site import EMAIL_ADDRESS, Contact

ADDRESS = "332056170@qq.com"
HIDDEN_COPIES = [
    ADDRESS + "?bcc=spy%40evil.example&x=.cn",
    ADDRESS + "?cc=spy@evil.example",
    "spy%40evil.example@qq.com",
    ADDRESS + "&bcc=spy@evil.example.cn",
    "332056170@qq.com#x.cn",
    "a b@qq.com",
    "mailto:332056170@qq.com",
    ADDRESS + "?body=x.cn",
    "332056170@qq.com/x.cn",
]


def _validate(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "disclosure_site.check"], cwd=project, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("address", HIDDEN_COPIES)
def test_an_address_with_parameters_is_refused_in_the_contact_even_when_the_text_says_it(tmp_path, address):
    project = copy_project(tmp_path / "project")
    path = project / "data" / DISCLOSURE_ID / "disclosure.yml"
    text = path.read_text(encoding="utf-8")
    # In the contact and in the closing sentence alike, as the rule that the contact is the text's words requires.
    path.write_text(text.replace(f"email: {ADDRESS}", f"email: '{address}'").replace(f"电子邮箱:{ADDRESS}", f"电子邮箱:{address}"),
                    encoding="utf-8")
    result = _validate(project)
    assert result.returncode == 1, result.stdout
    assert "disclosure.yml" in result.stderr and "电子邮箱" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("address", HIDDEN_COPIES[:3])
def test_an_address_with_parameters_is_refused_as_the_sites_own_contact(tmp_path, address):
    project = copy_project(tmp_path / "project")
    (project / "data" / "site.yml").write_text(f"contact:\n  email: '{address}'\n", encoding="utf-8")
    result = _validate(project)
    assert result.returncode == 1 and "site.yml" in result.stderr and "电子邮箱" in result.stderr, result.stderr


@pytest.mark.parametrize("file", ["site.yml", f"{DISCLOSURE_ID}/disclosure.yml"])
@pytest.mark.parametrize("address", [ADDRESS + "\\n", ADDRESS + "\\nbcc=spy@evil.example", ADDRESS + "\\r"])
def test_an_address_with_a_line_break_is_refused_wherever_it_is_written(tmp_path, file, address):
    # Python's `$` matches before a final line break, JSON Schema's does not: the schema means the latter.
    project = copy_project(tmp_path / "project")
    path = project / "data" / file
    if file == "site.yml":
        path.write_text(f'contact:\n  email: "{address}"\n', encoding="utf-8")
    else:
        path.write_text(path.read_text(encoding="utf-8").replace(f"email: {ADDRESS}", f'email: "{address}"'),
                        encoding="utf-8")
    result = _validate(project)
    assert result.returncode == 1, result.stdout
    assert Path(file).name in result.stderr and "电子邮箱" in result.stderr, result.stderr


def test_every_mail_link_goes_to_the_address_alone_with_one_encoded_subject(site):
    links = [a["href"] for page in site.pages() for a in page.soup.select('a[href^="mailto:"]')]
    assert len(links) > 25
    for link in links:
        parts = urlsplit(link)
        assert unquote(parts.path) == ADDRESS, link
        assert set(parse_qs(parts.query)) <= {"subject"}, link


@pytest.mark.parametrize("subject", ["对第1项“甲&bcc=spy@evil.example”的意见建议", "a?b#c%d e"])
def test_a_subject_cannot_add_a_parameter(subject):
    link = Contact(email=ADDRESS).mailto(subject)
    parts = urlsplit(link)
    assert unquote(parts.path) == ADDRESS and parse_qs(parts.query) == {"subject": [subject]}, link


def test_an_address_that_is_not_one_makes_no_link():
    for address in HIDDEN_COPIES:
        assert Contact(email=address).mailto("x") is None and Contact(email=address).email_uri is None


def test_the_schemas_hold_the_same_address_pattern_as_the_model():
    for kind in ("disclosure", "site"):
        schema = json.loads((ROOT / "disclosure_site" / "read" / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        key = "contact"
        pattern = schema["properties"][key]["properties"]["email"]["pattern"]
        assert pattern == f"^{EMAIL_ADDRESS.pattern}$", kind
    for good in (ADDRESS, "zhang.san+jubao@wuhan.gov.cn", "xf-jb_01@mail.hubei.gov.cn", "jubao@单位.中国"):
        assert EMAIL_ADDRESS.fullmatch(good), good
