"""`make release` and `make rollback` on the body's own server (tools/release.py): numbered releases,
an atomic switch, readable modes whatever the umask, and refusal of anything unsafe with a Chinese
message and the running site untouched."""
from __future__ import annotations

import hashlib
import io
import os
import re
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from conftest import DISCLOSURE_ID, ROOT, commit_all, copy_project, init_repository

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


def test_a_site_built_from_a_commit_dated_after_2106_packs_and_installs(tmp_path, dest):
    # A gzip header holds 32 bits of time: a clock set a century ahead must not stop the deploy.
    tarball = tmp_path / "site.tar.gz"
    pack(a_site(tmp_path / "site", "网站"), tarball, epoch="4328000000")  # 2107-02-24
    with tarfile.open(tarball) as archive:
        assert archive.getmember("site/index.html").mtime == 4328000000
    installed = make("release", f"DEST={dest}", f"TARBALL={tarball}")
    assert installed.returncode == 0 and "Traceback" not in installed.stderr, installed.stderr
    assert (dest / "current" / "index.html").read_text(encoding="utf-8") == "<h1>网站</h1>"


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
                      "不是有效的网站压缩包"),
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
    # Said in one plain line: no English dump from the library underneath (tarfile lists each method it tried).
    said = [line for line in result.stderr.splitlines() if not re.match(r"make(\[\d+\])?: \*\*\*", line)]
    assert len(said) == 1 and said[0].startswith("发布未完成:"), result.stderr
    assert not (dest / "current").exists()


def test_a_site_unpacked_by_hand_is_not_overwritten(tmp_path, dest):
    (dest / "current").mkdir()
    (dest / "current" / "index.html").write_text("手工解压的网站", encoding="utf-8")
    result = make("release", f"DEST={dest}", f"SITE={a_site(tmp_path / 'site', '网站')}")
    assert result.returncode != 0 and "是一个普通目录" in result.stderr
    assert (dest / "current" / "index.html").read_text(encoding="utf-8") == "手工解压的网站"
    assert not (dest / "releases").exists()  # refused before anything was copied


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


# ---------------------------------------------------------------- any locale, any output

# As a deploy job's SSH session often runs it: no LANG at all. Python 3.6 (the server's python3 on
# older distributions) then speaks ASCII only; 3.7+ does too with these two switches off.
NO_LOCALE = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}


def release_tool(*args: str, env: dict, **popen) -> subprocess.CompletedProcess:
    """tools/release.py run directly, with nothing in its environment but `env`."""
    return subprocess.run([sys.executable, str(RELEASE), *args], env=env, capture_output=True, **popen)


def test_release_and_rollback_work_with_no_locale(tmp_path, dest):
    witness = tmp_path / "已重新加载"
    site = a_site(tmp_path / "网站 目录", "第一版")
    env = {**NO_LOCALE, "RELEASE_DEST": str(dest), "RELEASE_SITE": str(site), "RELEASE_RELOAD": f"touch {witness}"}
    first = release_tool("install", env=env)
    assert first.returncode == 0, first.stderr.decode("utf-8", "replace")
    said = first.stdout.decode("utf-8")  # the Chinese messages arrive as UTF-8, paths included
    assert f"已发布:{dest}/current → releases/" in said and "已重新加载网页服务器" in said
    assert witness.exists()  # the reload ran after the switch
    assert (dest / "current" / "open-data" / "原文 全文.txt").read_text(encoding="utf-8") == "原文"

    # The tarball packed with no locale is the same, byte for byte, and its names unpack as written.
    plain, bare = tmp_path / "utf8" / "site.tar.gz", tmp_path / "c" / "site.tar.gz"
    plain.parent.mkdir(), bare.parent.mkdir()
    second = a_site(tmp_path / "第二版", "第二版")
    pack(second, plain)
    packed = release_tool("pack", str(second), str(bare), env={**NO_LOCALE, "SOURCE_DATE_EPOCH": "1733018400"})
    assert packed.returncode == 0 and "已打包" in packed.stdout.decode("utf-8")
    assert bare.read_bytes() == plain.read_bytes()
    installed = release_tool("install", env={**NO_LOCALE, "RELEASE_DEST": str(dest), "RELEASE_TARBALL": str(bare)})
    assert installed.returncode == 0, installed.stderr.decode("utf-8", "replace")
    assert (dest / "current" / "open-data" / "原文 全文.txt").is_file()
    assert (dest / "current" / "index.html").read_text(encoding="utf-8") == "<h1>第二版</h1>"

    back = release_tool("rollback", env={**NO_LOCALE, "RELEASE_DEST": str(dest)})
    assert back.returncode == 0 and "已回退" in back.stdout.decode("utf-8")
    refused = release_tool("install", env={**NO_LOCALE, "RELEASE_DEST": str(dest), "RELEASE_KEEP": "三"})
    assert refused.returncode == 1 and b"Traceback" not in refused.stderr
    assert "KEEP 应是不小于 1 的整数" in refused.stderr.decode("utf-8")


def test_the_reload_runs_even_when_nothing_can_be_printed(tmp_path, dest):
    # The SSH connection of a deploy job gone mid-release: every write to stdout and stderr fails.
    witness = tmp_path / "reloaded"
    site = a_site(tmp_path / "site", "网站")
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "RELEASE_DEST": str(dest), "RELEASE_SITE": str(site),
           "RELEASE_RELOAD": f"touch {witness}"}
    read_out, write_out = os.pipe()
    os.close(read_out)  # nobody reads: writing gives EPIPE
    try:
        done = subprocess.run([sys.executable, str(RELEASE), "install"], env=env, stdout=write_out, stderr=write_out)
    finally:
        os.close(write_out)
    assert done.returncode == 0
    assert witness.exists() and (dest / "current" / "index.html").read_text(encoding="utf-8") == "<h1>网站</h1>"


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
hosts = [o.split("=", 1)[1] for o in options if o.startswith("-o UserKnownHostsFile=")]
with open({log!r}, "a") as log:
    log.write(json.dumps({{"host": host, "options": options, "command": command,
                          "key_mode": [oct(os.stat(k).st_mode & 0o777) for k in keys],
                          "secrets": [open(f, "rb").read().decode() for f in keys + hosts]}}) + "\\n")
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
    # Pasted from a Windows editor (CR LF line ends), then as GitLab's variables of type File (paths).
    key = "-----BEGIN OPENSSH PRIVATE KEY-----\r\nnot a real key\r\n-----END OPENSSH PRIVATE KEY-----\r\n"
    known = "server.invalid ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\r\n"
    (tmp_path / "key-file").write_bytes(key.encode())
    (tmp_path / "hosts-file").write_bytes(known.encode())
    env = {**os.environ, "PATH": f"{fake.parent}:{os.environ['PATH']}", "DEPLOY_TARGET": f"deploy@server.invalid:{server}",
           "DEPLOY_PORT": "2222", "DEPLOY_KEEP": "3"}
    for secrets in ({"DEPLOY_SSH_KEY": key, "DEPLOY_KNOWN_HOSTS": known},
                    {"DEPLOY_SSH_KEY": str(tmp_path / "key-file"), "DEPLOY_KNOWN_HOSTS": str(tmp_path / "hosts-file")}):
        sent = subprocess.run([sys.executable, str(RELEASE), "upload", str(tarball)], cwd=tmp_path,
                              env={**env, **secrets}, capture_output=True, text=True)
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
        key_file, hosts_file = call["secrets"]  # as ssh reads them: no CR left from Windows
        assert key_file == key.replace("\r", "") and hosts_file == known.replace("\r", "")
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


# Stands in for an ssh that fails as the real one does: its own words on stderr, exit code 255.
FAILING_SSH = """#!/bin/sh
printf '%s\\n' {said} >&2
exit 255
"""

SSH_FAILURES = {
    "unknown host key": ("No ED25519 host key is known for server.invalid and you have requested strict checking.\n"
                         "Host key verification failed.", "DEPLOY_KNOWN_HOSTS 中没有 server.invalid 的主机密钥"),
    "changed host key": ("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
                         "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
                         "Host key verification failed.", "主机密钥与 DEPLOY_KNOWN_HOSTS 中记下的不同"),
    "login refused": ("deploy@server.invalid: Permission denied (publickey).", "服务器拒绝了 deploy@server.invalid 的登录"),
    "no such server": ("ssh: Could not resolve hostname server.invalid: Name or service not known", "找不到服务器 server.invalid"),
    "timed out": ("ssh: connect to host server.invalid port 2222: Connection timed out", "连不上 server.invalid 的端口 2222"),
}


def _upload(tmp_path: Path, **settings: str) -> subprocess.CompletedProcess:
    tarball = tmp_path / "site.tar.gz"
    if not tarball.exists():
        pack(a_site(tmp_path / "site", "网站"), tarball)
    env = {**os.environ, "DEPLOY_TARGET": "deploy@server.invalid:/srv/zhenggai", "DEPLOY_PORT": "2222",
           "DEPLOY_KNOWN_HOSTS": "[server.invalid]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI", **settings}
    return subprocess.run([sys.executable, str(RELEASE), "upload", str(tarball)], capture_output=True, text=True, env=env)


@pytest.mark.parametrize("case", sorted(SSH_FAILURES))
def test_an_ssh_failure_is_named_for_what_it_is(case, tmp_path):
    said, says = SSH_FAILURES[case]
    fake = tmp_path / "bin" / "ssh"
    fake.parent.mkdir()
    fake.write_text(FAILING_SSH.format(said=shlex.quote(said)), encoding="utf-8")
    fake.chmod(0o755)
    sent = _upload(tmp_path, PATH=f"{fake.parent}:{os.environ['PATH']}")
    assert sent.returncode == 1 and says in sent.stderr and "Traceback" not in sent.stderr, sent.stderr
    assert "已建好" not in sent.stderr  # not blamed on the server's folder
    assert said.splitlines()[-1] in sent.stderr  # ssh's own words are kept above ours


def test_a_refused_port_is_said_with_the_real_ssh(tmp_path):
    if not shutil.which("ssh"):
        pytest.fail("ssh is needed to test the upload: apt-get install openssh-client")
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sent = _upload(tmp_path, DEPLOY_TARGET="deploy@127.0.0.1:/srv/zhenggai", DEPLOY_PORT=str(port),
                   DEPLOY_KNOWN_HOSTS=f"[127.0.0.1]:{port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI")
    assert sent.returncode == 1 and f"127.0.0.1 拒绝了端口 {port} 上的连接" in sent.stderr, sent.stderr
    assert "DEPLOY_PORT" in sent.stderr and "已建好" not in sent.stderr


def test_a_missing_folder_on_the_server_is_said_as_such(tmp_path):
    fake = tmp_path / "bin" / "ssh"
    fake.parent.mkdir()
    fake.write_text(FAKE_SSH.format(python=sys.executable, log=str(tmp_path / "ssh.log")), encoding="utf-8")
    fake.chmod(0o755)
    missing = tmp_path / "没有这个目录"
    sent = _upload(tmp_path, PATH=f"{fake.parent}:{os.environ['PATH']}", DEPLOY_TARGET=f"deploy@server.invalid:{missing}")
    assert sent.returncode == 1 and f"服务器上没有目录 {missing}" in sent.stderr, sent.stderr
    assert not missing.exists()


@pytest.mark.parametrize("settings,says", [
    ({"DEPLOY_PORT": "abc"}, "DEPLOY_PORT 应是服务器 SSH 的端口号"),
    ({"DEPLOY_PORT": "70000"}, "DEPLOY_PORT 应是服务器 SSH 的端口号"),
    ({"DEPLOY_KNOWN_HOSTS": ""}, "没有设置 DEPLOY_KNOWN_HOSTS"),
    ({"DEPLOY_KNOWN_HOSTS": " \r\n"}, "没有设置 DEPLOY_KNOWN_HOSTS"),
    ({"DEPLOY_KNOWN_HOSTS": "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"}, "DEPLOY_KNOWN_HOSTS 里没有主机密钥"),
], ids=["port abc", "port 70000", "no host key", "blank host key", "a fingerprint, not a key"])
def test_settings_are_checked_before_connecting(settings, says, tmp_path):
    sent = _upload(tmp_path, PATH="/nonexistent", **settings)  # no ssh to be found: none may be run
    assert sent.returncode == 1 and says in sent.stderr and "Traceback" not in sent.stderr, sent.stderr
    assert "找不到 ssh" not in sent.stderr


def test_a_site_built_with_edits_not_committed_is_never_installed_or_packed(tmp_path, dest):
    """Its pages say 有尚未提交的修改(本地预览): the public must never read that."""
    project = init_repository(copy_project(tmp_path / "project"))
    item = project / "data" / DISCLOSURE_ID / "items" / "05.yml"
    item.write_text(item.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # saved, not committed
    built = subprocess.run([sys.executable, "tools/build_site.py", "site"], cwd=project, capture_output=True, text=True)
    assert built.returncode == 0 and "只供预览" in built.stderr, built.stderr
    installed = make("release", f"DEST={dest}", f"SITE={project / 'site'}", cwd=project)
    assert installed.returncode != 0 and "尚未提交的修改" in installed.stderr and "Traceback" not in installed.stderr
    assert not releases(dest)
    packed = subprocess.run([sys.executable, str(RELEASE), "pack", str(project / "site"), str(tmp_path / "s.tar.gz")],
                            capture_output=True, text=True)
    assert packed.returncode != 0 and "尚未提交的修改" in packed.stderr and not (tmp_path / "s.tar.gz").exists()
    commit_all(project, "更正第5项", "2025-01-15T09:30:00+08:00")
    built = subprocess.run([sys.executable, "tools/build_site.py", "site"], cwd=project, capture_output=True, text=True)
    assert built.returncode == 0 and "只供预览" not in built.stderr, built.stderr
    installed = make("release", f"DEST={dest}", f"SITE={project / 'site'}", cwd=project)
    assert installed.returncode == 0, installed.stderr
