"""`make release` and `make rollback` on the body's own server (tools/release.py): numbered releases,
an atomic switch, readable modes whatever the umask, and refusal of anything unsafe with a Chinese
message and the running site untouched."""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

RELEASE = ROOT / "tools" / "release.py"


def make(*args: str, umask: int = 0o077, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """make as a maintainer types it, under a strict umask (as many servers have)."""
    return subprocess.run(["make", "-s", "--no-print-directory", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, preexec_fn=lambda: os.umask(umask))


def a_site(folder: Path, marker: str) -> Path:
    """A small built site, its files made private (as a 0700 temporary folder or umask 077 leaves them)."""
    (folder / "wuhan" / "05").mkdir(parents=True)
    (folder / "index.html").write_text(f"<h1>{marker}</h1>", encoding="utf-8")
    (folder / "wuhan" / "05" / "index.html").write_text("第5项", encoding="utf-8")
    (folder / "open-data").mkdir()
    (folder / "open-data" / "原文 全文.txt").write_text("原文", encoding="utf-8")
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)
    return folder


def pack(site: Path, tarball: Path, epoch: str = "1733018400") -> None:
    packed = subprocess.run([sys.executable, str(RELEASE), "pack", str(site), str(tarball)], capture_output=True,
                            text=True, env={**os.environ, "SOURCE_DATE_EPOCH": epoch})
    assert packed.returncode == 0, packed.stderr


def releases(dest: Path) -> list[str]:
    return sorted(p.name for p in (dest / "releases").iterdir() if not p.name.startswith("."))


def current(dest: Path) -> str:
    assert (dest / "current").is_symlink()
    return Path(os.readlink(dest / "current")).name


def modes(root: Path) -> set[tuple[str, str]]:
    return {("d" if p.is_dir() else "f", oct(stat.S_IMODE(p.stat().st_mode))) for p in [root, *root.rglob("*")]}


@pytest.fixture
def dest(tmp_path) -> Path:
    folder = tmp_path / "srv" / "整改 公开"
    folder.mkdir(parents=True)
    return folder


def test_release_twice_then_roll_back(tmp_path, dest):
    first = make("release", f"DEST={dest}", f"SITE={a_site(tmp_path / 'first', '第一版')}")
    assert first.returncode == 0, first.stderr
    assert f"已发布:{dest}/current → releases/" in first.stdout
    assert (dest / "current" / "index.html").read_text(encoding="utf-8") == "<h1>第一版</h1>"

    tarball = tmp_path / "download" / "site.tar.gz"
    tarball.parent.mkdir()
    pack(a_site(tmp_path / "second", "第二版"), tarball)
    second = make("release", f"DEST={dest}", f"TARBALL={tarball}")
    assert second.returncode == 0, second.stderr
    older, newer = releases(dest)
    assert current(dest) == newer and (dest / "current" / "index.html").read_text(encoding="utf-8") == "<h1>第二版</h1>"
    # Readable by the web server's own user whatever the umask and the modes the files came with.
    for release in (older, newer):
        assert modes(dest / "releases" / release) == {("d", "0o755"), ("f", "0o644")}
    assert oct(stat.S_IMODE((dest / "releases").stat().st_mode)) == "0o755"

    back = make("rollback", f"DEST={dest}")
    assert back.returncode == 0, back.stderr
    assert current(dest) == older and (dest / "current" / "index.html").read_text(encoding="utf-8") == "<h1>第一版</h1>"
    assert "已回退" in back.stdout and releases(dest) == [older, newer]  # the newer one is kept, not lost
    again = make("rollback", f"DEST={dest}")
    assert again.returncode != 0 and "没有更早的版本可以回退" in again.stderr and "Traceback" not in again.stderr
    assert current(dest) == older


def test_only_the_last_releases_are_kept(tmp_path, dest):
    site = a_site(tmp_path / "site", "网站")
    for _ in range(4):
        assert make("release", f"DEST={dest}", f"SITE={site}", "KEEP=2").returncode == 0
    kept = releases(dest)
    assert len(kept) == 2 and current(dest) == max(kept, key=lambda n: (n.split("-")[0], int(n.partition("-")[2] or 1)))
    # A rolled-back-to release is never the one removed.
    assert make("rollback", f"DEST={dest}").returncode == 0
    assert make("release", f"DEST={dest}", f"SITE={site}", "KEEP=1").returncode == 0
    assert len(releases(dest)) == 1


def test_the_switch_is_one_rename_of_a_relative_link(tmp_path, dest):
    site = a_site(tmp_path / "site", "网站")
    assert make("release", f"DEST={dest}", f"SITE={site}").returncode == 0
    moved = tmp_path / "moved"
    shutil.move(str(dest), moved)  # a relative link keeps working when DEST is moved or mounted elsewhere
    assert (moved / "current" / "index.html").is_file()
    assert not [p for p in moved.iterdir() if p.name.startswith(".current")]  # no link left half-made


def test_paths_reach_the_tool_as_typed_with_no_shell_reading_them(tmp_path):
    dest = tmp_path / "目录 $(touch injected) `touch injected2` \"q\" 'a'; $HOME"
    dest.mkdir()
    result = make("release", f"DEST={dest}", f"SITE={a_site(tmp_path / 'site', '网站')}", "KEEP=3", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert (dest / "current" / "index.html").is_file()
    assert not list(ROOT.glob("injected*")) and not list(tmp_path.glob("injected*"))


def _tar(path: Path, *members: tuple[tarfile.TarInfo, bytes | None]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for info, content in members:
            if content is not None:
                info.size = len(content)
            archive.addfile(info, io.BytesIO(content) if content is not None else None)
    path.with_name(path.name + ".sha256").write_text(
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n", encoding="utf-8")
    return path


def _file(name: str, content: bytes = b"<h1>x</h1>") -> tuple[tarfile.TarInfo, bytes]:
    return tarfile.TarInfo(name), content


def _link(name: str, target: str, kind=tarfile.SYMTYPE) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info, None


def _device(name: str) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = tarfile.CHRTYPE
    return info, None


UNSAFE = {
    "absolute path": ([_file("site/index.html"), _file("/tmp/evil.html")], "会被解压到网站目录之外"),
    "parent folder": ([_file("site/index.html"), _file("site/../../evil.html")], "会被解压到网站目录之外"),
    "absolute link": ([_file("site/index.html"), _link("site/passwd", "/etc/passwd")], "指向网站目录之外"),
    "relative link out": ([_file("site/index.html"), _link("site/up", "../../..")], "指向网站目录之外"),
    "links that lead out together": ([_file("site/index.html"), _link("site/here", "."), _link("site/out", "here/..")],
                                     "指向网站目录之外"),
    "writing through a link": ([_file("site/index.html"), _link("site/d", "."), _file("site/d/x.html")], "要经过链接写入"),
    "hard link out": ([_file("site/index.html"), _link("site/h", "/etc/passwd", tarfile.LNKTYPE)], "会被解压到网站目录之外"),
    "device": ([_file("site/index.html"), _device("site/tty")], "不是普通文件或文件夹"),
    "the same name twice": ([_file("site/index.html"), _file("site/index.html")], "出现了不止一次"),
    "not a site": ([_file("site/readme.txt")], "没有 index.html"),
}


@pytest.mark.parametrize("case", sorted(UNSAFE))
def test_an_unsafe_tarball_is_refused_and_the_running_site_stays(case, tmp_path, dest):
    assert make("release", f"DEST={dest}", f"SITE={a_site(tmp_path / 'site', '在用')}").returncode == 0
    running = current(dest)
    members, says = UNSAFE[case]
    tarball = _tar(tmp_path / "site.tar.gz", *members)
    result = make("release", f"DEST={dest}", f"TARBALL={tarball}")
    assert result.returncode != 0
    assert says in result.stderr and result.stderr.startswith("发布未完成") and "Traceback" not in result.stderr
    assert current(dest) == running and releases(dest) == [running]
    assert not [p for p in (dest / "releases").iterdir() if p.name.startswith(".")]  # nothing half-unpacked left
    assert not (tmp_path / "evil.html").exists() and not Path("/tmp/evil.html").exists()


def test_links_that_stay_inside_and_a_bare_tarball_are_accepted(tmp_path, dest):
    tarball = _tar(tmp_path / "site.tar.gz", _file("./index.html"), _file("./a/page.html"),
                   _link("./b", "a"), _link("./c.html", "a/page.html", tarfile.LNKTYPE))
    result = make("release", f"DEST={dest}", f"TARBALL={tarball}")
    assert result.returncode == 0, result.stderr
    assert (dest / "current" / "b" / "page.html").read_text() == "<h1>x</h1>"
    assert (dest / "current" / "c.html").read_text() == "<h1>x</h1>" and not (dest / "current" / "c.html").is_symlink()


def _corrupt(tarball: Path) -> None:
    data = bytearray(tarball.read_bytes())
    data[len(data) // 2] ^= 0xFF
    tarball.write_bytes(bytes(data))


BAD_INPUT = {
    "no DEST": (lambda t, d: ["release"], "请用 DEST= 指明网站安装的目录"),
    "missing DEST": (lambda t, d: ["release", f"DEST={d}/没有这个目录"], "找不到安装目录"),
    "altered tarball": (lambda t, d: (_corrupt(t), ["release", f"DEST={d}", f"TARBALL={t}"])[1], "SHA-256 与 site.tar.gz.sha256 不符"),
    "no checksum": (lambda t, d: (Path(f"{t}.sha256").unlink(), ["release", f"DEST={d}", f"TARBALL={t}"])[1],
                    "找不到校验文件 site.tar.gz.sha256"),
    "garbled checksum": (lambda t, d: (Path(f"{t}.sha256").write_text("abc  site.tar.gz\n"),
                                       ["release", f"DEST={d}", f"TARBALL={t}"])[1], "格式不对"),
    "no tarball": (lambda t, d: ["release", f"DEST={d}", f"TARBALL={t}.missing"], "找不到网站压缩包"),
    "not a tarball": (lambda t, d: (t.write_bytes(b"not a tarball"), Path(f"{t}.sha256").write_text(
        hashlib.sha256(b"not a tarball").hexdigest() + "  site.tar.gz\n"), ["release", f"DEST={d}", f"TARBALL={t}"])[2],
                      "不是有效的 tar.gz 压缩包"),
    "no built site": (lambda t, d: ["release", f"DEST={d}", f"SITE={t.parent}/site-missing"], "请先运行 make site"),
    "KEEP not a number": (lambda t, d: ["release", f"DEST={d}", f"TARBALL={t}", "KEEP=三"], "KEEP 应是不小于 1 的整数"),
    "KEEP zero": (lambda t, d: ["release", f"DEST={d}", f"TARBALL={t}", "KEEP=0"], "KEEP 应是不小于 1 的整数"),
    "rollback with nothing released": (lambda t, d: ["rollback", f"DEST={d}/fresh"], "还没有用 make release 发布过网站"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_gets_a_chinese_message_and_no_traceback(case, tmp_path, dest):
    tarball = tmp_path / "site.tar.gz"
    pack(a_site(tmp_path / "site", "网站"), tarball)
    (dest / "fresh").mkdir()
    arguments, says = BAD_INPUT[case]
    result = make(*arguments(tarball, dest), env={"DEST": ""})
    assert result.returncode != 0
    assert says in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not (dest / "current").exists()


def test_a_site_unpacked_by_hand_is_not_overwritten(tmp_path, dest):
    (dest / "current").mkdir()
    (dest / "current" / "index.html").write_text("手工解压的网站", encoding="utf-8")
    result = make("release", f"DEST={dest}", f"SITE={a_site(tmp_path / 'site', '网站')}")
    assert result.returncode != 0 and "是一个普通目录" in result.stderr
    assert (dest / "current" / "index.html").read_text(encoding="utf-8") == "手工解压的网站"


def test_a_closed_folder_above_the_site_is_pointed_out(tmp_path, dest):
    dest.parent.chmod(0o700)
    result = make("release", f"DEST={dest}", f"SITE={a_site(tmp_path / 'site', '网站')}")
    assert result.returncode == 0 and f"注意:{dest.parent} 的权限是 700" in result.stderr and "403" in result.stderr


def test_a_reload_command_runs_after_the_switch_and_its_failure_is_said(tmp_path, dest):
    site = a_site(tmp_path / "site", "网站")
    witness = tmp_path / "reloaded"
    done = make("release", f"DEST={dest}", f"SITE={site}", f"RELOAD=touch '{witness}'")
    assert done.returncode == 0 and witness.exists() and "已重新加载网页服务器" in done.stdout
    failed = make("release", f"DEST={dest}", f"SITE={site}", "RELOAD=false")
    assert failed.returncode != 0 and "网站已切换,但重新加载网页服务器的命令(false)没有成功" in failed.stderr
    assert len(releases(dest)) == 2


# ---------------------------------------------------------------- the build and the tarball


def test_the_build_writes_ordinary_modes_whatever_the_umask(tmp_path):
    project = copy_project(tmp_path / "project")
    built = subprocess.run([sys.executable, "tools/build_site.py", "site"], cwd=project, capture_output=True,
                           text=True, preexec_fn=lambda: os.umask(0o077))
    assert built.returncode == 0, built.stderr
    assert modes(project / "site") == {("d", "0o755"), ("f", "0o644")}


def test_the_tarball_carries_readable_modes_and_the_same_bytes_each_time(tmp_path):
    site = a_site(tmp_path / "site", "网站")
    first, second = tmp_path / "a" / "site.tar.gz", tmp_path / "b" / "site.tar.gz"
    first.parent.mkdir(), second.parent.mkdir()
    pack(site, first)
    pack(site, second)
    assert first.read_bytes() == second.read_bytes()  # the same build packs to the same bytes
    with tarfile.open(first) as archive:
        members = archive.getmembers()
    assert [m.name for m in members] == ["site", "site/index.html", "site/open-data", "site/open-data/原文 全文.txt",
                                         "site/wuhan", "site/wuhan/05", "site/wuhan/05/index.html"]
    assert {(m.isdir(), oct(m.mode)) for m in members} == {(True, "0o755"), (False, "0o644")}
    assert {(m.uid, m.gid, m.uname) for m in members} == {(0, 0, "root")}
    # The checksum file is sha256sum's own format: the server can check it with sha256sum -c too.
    check = subprocess.run(["sha256sum", "-c", "site.tar.gz.sha256"], cwd=first.parent, capture_output=True, text=True)
    assert check.returncode == 0 and "site.tar.gz: OK" in check.stdout


def test_the_server_side_tool_needs_no_python_newer_than_3_6():
    vermin = Path(sys.executable).with_name("vermin")
    result = subprocess.run([str(vermin), "--no-tips", "--violations", "-t=3.6-", str(RELEASE)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- from a deploy job to the server

# Stands in for ssh: runs the remote command here, through a shell, as sshd would on the server,
# after noting how it was called. rsync is the real one, speaking its protocol through it.
FAKE_SSH = """#!{python}
import json, os, subprocess, sys
args = sys.argv[1:]
options = []
while args[0].startswith("-"):
    flag = args.pop(0)
    options.append(flag if flag in ("-q", "-T") else flag + " " + args.pop(0))
host, command = args[0], " ".join(args[1:])
keys = [o.split(" ", 1)[1] for o in options if o.startswith("-i ")]
with open({log!r}, "a") as log:
    log.write(json.dumps({{"host": host, "options": options, "command": command,
                          "key_mode": [oct(os.stat(k).st_mode & 0o777) for k in keys]}}) + "\\n")
sys.exit(subprocess.call(["sh", "-c", command]))
"""


def test_a_deploy_job_sends_the_tarball_and_runs_make_release_on_the_server(tmp_path):
    if not shutil.which("rsync"):
        pytest.fail("rsync is needed to test the upload to a server: apt-get install rsync (.ci/run does)")
    fake = tmp_path / "bin" / "ssh"
    fake.parent.mkdir()
    log = tmp_path / "ssh.log"
    fake.write_text(FAKE_SSH.format(python=sys.executable, log=str(log)), encoding="utf-8")
    fake.chmod(0o755)
    server = tmp_path / "server" / "srv 整改 $(touch injected)"
    server.mkdir(parents=True)
    tarball = tmp_path / "build" / "site.tar.gz"
    tarball.parent.mkdir()
    pack(a_site(tmp_path / "site", "网站"), tarball)
    env = {**os.environ, "PATH": f"{fake.parent}:{os.environ['PATH']}", "DEPLOY_TARGET": f"deploy@server.invalid:{server}",
           "DEPLOY_SSH_KEY": "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a real key\n-----END OPENSSH PRIVATE KEY-----",
           "DEPLOY_KNOWN_HOSTS": "server.invalid ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI", "DEPLOY_PORT": "2222",
           "DEPLOY_KEEP": "3"}
    for _ in range(2):
        sent = subprocess.run([sys.executable, str(RELEASE), "upload", str(tarball)], cwd=tmp_path, env=env,
                              capture_output=True, text=True)
        assert sent.returncode == 0, sent.stdout + sent.stderr
    assert "已发布" in sent.stdout and len(releases(server)) == 2
    assert (server / "current" / "index.html").read_text(encoding="utf-8") == "<h1>网站</h1>"
    assert modes(server / "current") == {("d", "0o755"), ("f", "0o644")}
    assert not list(tmp_path.rglob("injected"))
    calls = [__import__("json").loads(line) for line in log.read_text().splitlines()]
    assert all(c["host"] == "deploy@server.invalid" or (c["host"], "-l deploy" in c["options"]) == ("server.invalid", True)
               for c in calls)  # rsync passes the account as -l
    for call in calls:  # the host's key is checked against the one given, never accepted blindly
        assert {"-o StrictHostKeyChecking=yes", "-o BatchMode=yes", "-p 2222"} <= set(call["options"])
        assert any(o.startswith("-o UserKnownHostsFile=") for o in call["options"]) and call["key_mode"] == ["0o600"]
    assert any("make -s -C" in c["command"] and "release" in c["command"] for c in calls)
    assert sorted(p.name for p in (server / ".upload").rglob("*")) == ["Makefile", "release.py", "site.tar.gz",
                                                                      "site.tar.gz.sha256", "tools"]


@pytest.mark.parametrize("target,says", [
    ("", "DEPLOY_TARGET 应写成 账号@服务器:目录"),
    ("deploy@server.invalid", "DEPLOY_TARGET 应写成 账号@服务器:目录"),
    ("deploy@server.invalid:srv/zhenggai", "应从 / 写起"),
])
def test_a_wrong_deploy_target_is_said_before_anything_is_sent(target, says, tmp_path):
    tarball = tmp_path / "site.tar.gz"
    pack(a_site(tmp_path / "site", "网站"), tarball)
    sent = subprocess.run([sys.executable, str(RELEASE), "upload", str(tarball)], capture_output=True, text=True,
                          env={**os.environ, "DEPLOY_TARGET": target, "PATH": "/nonexistent"})
    assert sent.returncode == 1 and says in sent.stderr and "Traceback" not in sent.stderr
