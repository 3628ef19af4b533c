#!/usr/bin/env python3
"""Put a built site on the body's own server as a new release, switch to it at once, switch back.

    make release DEST=/srv/zhenggai                               the site/ that make site built
    make release DEST=/srv/zhenggai TARBALL=site.tar.gz [KEEP=5]  a downloaded build, checked first
                                                                   against site.tar.gz.sha256
    make rollback DEST=/srv/zhenggai                              back to the release before

What it keeps under DEST:
    releases/20250115T013000Z/   one folder per release (UTC time), never changed once installed
    current -> releases/…        the web server's root (deploy/nginx.conf), switched by one rename,
                                 so a reader gets the old site or the new one, never half of each

Every folder it installs is made 755 and every file 644, whatever the umask or the modes stored in
the tarball, so that the web server's own user (www-data, nginx) can read them. A tarball member
that would land outside the release (an absolute path, "..", a link pointing out) stops the install.

It runs on the server itself: only the standard library, nothing newer than Python 3.6 (the
python3 of older server distributions), under any locale (SSH sessions often have none: messages
go out as UTF-8 and file names keep their bytes). The deploy jobs (.github/, .forgejo/,
.gitlab-ci.yml) call `upload`, which sends the tarball and this tool with rsync and runs `make release` over SSH;
`pack` makes the tarball; tools/build_site.py uses `publish_modes`. `upload` checks every setting
before it connects, and names what failed (the host key, the port, the login, the server's folder).
Settings come as options or, from the Makefile, as RELEASE_* environment variables, so that no
shell ever reads a path.
"""
import argparse
import errno
import gzip
import hashlib
import os
import posixpath
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zlib
from pathlib import Path

DIR_MODE = 0o755
FILE_MODE = 0o644
DEFAULT_KEEP = 5
RELEASE_NAME = re.compile(r"^(\d{8}T\d{6}Z)(?:-(\d+))?$")
# tools/build_site.py writes it into a site built with edits not committed, whose pages say
# "有尚未提交的修改(本地预览)": such a site is never installed or packed.
LOCAL_PREVIEW_MARKER = ".local-preview"
UPLOAD_FOLDER = ".upload"  # under DEST on the server: what `upload` sends before `make release`
KEY_TYPE = re.compile(r"^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-\S+)(@openssh\.com)?$")  # known_hosts


class ReleaseError(Exception):
    """Bad input or a state the tool will not touch; the message says what to do, in Chinese."""


# ---------------------------------------------------------------- any locale


class _Output:
    """stdout or stderr as UTF-8, whatever the locale: an SSH session from a CI job often has no
    LANG, and Python 3.6 (or 3.7+ with PYTHONUTF8=0 PYTHONCOERCECLOCALE=0) then speaks ASCII only.
    Written straight to the file descriptor, unbuffered; a file name that is not UTF-8 goes out as
    its own bytes. A message that cannot be written (the connection gone) is dropped: once current
    has switched, nothing must stop the reload that follows."""

    encoding = "utf-8"
    errors = "surrogateescape"

    def __init__(self, fd):
        self.fd = fd

    def write(self, text):
        try:
            data = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            data = text.encode("utf-8", "replace")
        try:
            while data:
                data = data[os.write(self.fd, data):]
        except OSError:
            pass
        return len(text)

    def flush(self):
        pass

    def fileno(self):
        return self.fd

    def isatty(self):
        try:
            return os.isatty(self.fd)
        except OSError:
            return False


def _on_disk(name):
    """A name read from a tarball (Unicode) as this process spells it on disk: under a C locale
    Python holds file names as escaped bytes, and the UTF-8 bytes must reach the disk unchanged."""
    return os.fsdecode(name.encode("utf-8", "surrogateescape"))


def _unicode(name):
    """A name from the disk as Unicode, whatever the locale: what a tarball records."""
    return os.fsencode(name).decode("utf-8", "surrogateescape")


# ---------------------------------------------------------------- modes


def publish_modes(root):
    """Folders 755, files 644 under `root` (itself included); links are left as they are."""
    root = Path(root)
    os.chmod(str(root), DIR_MODE)
    for folder, dirs, files in os.walk(str(root)):
        for name in dirs + files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, DIR_MODE if name in dirs else FILE_MODE)


# ---------------------------------------------------------------- install and rollback


def install(dest, tarball=None, site="site", keep=DEFAULT_KEEP, reload_command=None):
    dest = _existing_dest(dest)
    keep = _keep_count(keep)
    with _Lock(dest):
        _current_name(dest)  # a site unpacked by hand in the way: refused before anything is copied
        releases = dest / "releases"
        _make_dir(releases)
        for leftover in releases.glob(".incoming-*"):  # an earlier install that was stopped midway
            shutil.rmtree(str(leftover), ignore_errors=True)
        name = _new_release_name(releases)
        staging = releases / (".incoming-" + name)
        try:
            if tarball:
                tarball = Path(tarball)
                check_sha256(tarball)
                _extract(tarball, staging)
            else:
                _copy_site(Path(site), staging)
            _check_inside(staging)
            _refuse_local_preview(staging)
            if not (staging / "index.html").is_file():
                raise ReleaseError("要安装的内容里没有 index.html,不像是生成好的网站,没有安装。"
                                   "请用 make site 生成的 site/ 或发布流程产生的 site.tar.gz。")
            publish_modes(staging)
            staging.rename(releases / name)
        finally:
            shutil.rmtree(str(staging), ignore_errors=True)
        _switch(dest, name)
        print("已发布:{}/current → releases/{}。".format(dest, name))
        _after_switch(reload_command, lambda: _tidy(dest, releases, keep, name))


def _tidy(dest, releases, keep, newest):
    _warn_if_closed(dest)
    removed = _prune(releases, keep, newest)
    if removed:
        print("已删除较早的版本:{}(保留最近 {} 个)。".format("、".join(removed), keep))


def rollback(dest, reload_command=None):
    dest = _existing_dest(dest)
    with _Lock(dest):
        names = _release_names(dest / "releases")
        current = _current_name(dest)
        if current is None:
            raise ReleaseError("{} 里还没有用 make release 发布过网站,没有可以回退的版本。".format(dest))
        older = [n for n in names if _order(n) < _order(current)]
        if not older:
            raise ReleaseError("当前版本 {} 已是保留的最早版本,没有更早的版本可以回退。".format(current))
        _switch(dest, older[-1])
        print("已回退:{}/current → releases/{}(较新的版本 {} 仍保留在 releases/ 中)。".format(dest, older[-1], current))
        _after_switch(reload_command)


def _existing_dest(dest):
    if not dest:
        raise ReleaseError("请用 DEST= 指明网站安装的目录,例如 make release DEST=/srv/zhenggai。")
    path = Path(dest)
    if not path.is_dir():
        raise ReleaseError("找不到安装目录 {}:请先建好它(例如 sudo install -d -o 发布账号 -m 755 {}),"
                           "再运行。".format(dest, dest))
    return path.resolve()


def _warn_if_closed(dest):
    """A folder above DEST that others cannot enter gives the web server 403 on every page."""
    for folder in [dest] + list(dest.parents):
        if not os.stat(str(folder)).st_mode & 0o001:
            print("注意:{} 的权限是 {:o},其他账号进不去;若网页服务器以 www-data 等账号运行,每个页面都会是 403。"
                  "可运行 chmod o+x {}。".format(folder, os.stat(str(folder)).st_mode & 0o777, folder), file=sys.stderr)
            return


def _keep_count(keep):
    text = str(keep if keep not in (None, "") else DEFAULT_KEEP).strip()
    if not re.match(r"^[0-9]+$", text) or int(text) < 1:
        raise ReleaseError("KEEP 应是不小于 1 的整数(保留最近几个版本),现在是“{}”。".format(keep))
    return int(text)


def _make_dir(path):
    path.mkdir(exist_ok=True)
    os.chmod(str(path), DIR_MODE)


def _order(name):
    match = RELEASE_NAME.match(name)
    return match.group(1), int(match.group(2) or 1)


def _release_names(releases):
    if not releases.is_dir():
        return []
    names = [p.name for p in releases.iterdir() if p.is_dir() and not p.is_symlink() and RELEASE_NAME.match(p.name)]
    return sorted(names, key=_order)


def _new_release_name(releases):
    """The time now; always after every existing release, even if the clock went back."""
    name = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    names = _release_names(releases)
    if names and _order(name) <= _order(names[-1]):
        stamp, number = _order(names[-1])
        name = "{}-{}".format(stamp, number + 1)
    return name


def _current_name(dest):
    current = dest / "current"
    if not current.is_symlink():
        if current.exists():
            raise ReleaseError("{} 是一个普通目录,不是 make release 建的链接(可能是按旧说明手工解压的网站):"
                               "请把它移走或改名,再运行。".format(current))
        return None
    target = os.readlink(str(current))
    name = posixpath.basename(target.rstrip("/"))
    return name if RELEASE_NAME.match(name) else None


def _switch(dest, name):
    """Point DEST/current at releases/<name> in one rename: the web server never sees no site."""
    _current_name(dest)  # refuses a real folder in the way
    link = dest / ".current-{}".format(os.getpid())
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink("releases/" + name, str(link))  # relative: DEST can be moved or mounted elsewhere
    os.replace(str(link), str(dest / "current"))


def _prune(releases, keep, newest):
    names = _release_names(releases)
    current = _current_name(releases.parent)
    kept = set(names[-keep:]) | {newest, current}
    removed = [n for n in names if n not in kept]
    for name in removed:
        shutil.rmtree(str(releases / name))
    return removed


def _after_switch(reload_command, tidy=None):
    """Once current has switched, the web server is reloaded whatever else goes wrong: a clean-up
    that fails is said after the reload, and no message can fail (see _Output)."""
    problem = None
    try:
        if tidy:
            tidy()
    except OSError as exc:
        problem = exc
    if not reload_command:
        print("若使用 deploy/nginx.conf,请重新加载 nginx(sudo nginx -t && sudo systemctl reload nginx),"
              "使响应头中的内容安全策略与新版本一致;也可用 RELOAD= 让发布时自动执行。")
    else:
        sys.stdout.flush()
        try:
            subprocess.check_call(shlex.split(reload_command))
        except (OSError, ValueError, subprocess.CalledProcessError) as exc:
            why = ("退出码 {}".format(exc.returncode) if isinstance(exc, subprocess.CalledProcessError)
                   else getattr(exc, "strerror", None) or "命令写法有误")
            raise ReleaseError("网站已切换,但重新加载网页服务器的命令({})没有成功({})。"
                               "请手工重新加载 nginx。".format(reload_command, why))
        print("已重新加载网页服务器:{}".format(reload_command))
    if problem:
        raise ReleaseError("网站已切换到新版本,但清理较早的版本时出错({}):{}。".format(
            problem.filename or "", problem.strerror or problem))


class _Lock:
    """One release at a time in DEST: a second one waits for nothing and stops with a message."""

    def __init__(self, dest):
        self.path = dest / ".release.lock"

    def __enter__(self):
        import fcntl

        self.file = open(str(self.path), "a")
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.file.close()
            raise ReleaseError("{} 中另一次发布或回退正在进行,请等它结束后再运行。".format(self.path.parent))
        return self

    def __exit__(self, *exc):
        self.file.close()


# ---------------------------------------------------------------- what gets installed


def check_sha256(tarball):
    """The tarball against <tarball>.sha256 (sha256sum's format): a partial or altered download stops here."""
    if not tarball.is_file():
        raise ReleaseError("找不到网站压缩包 {}。".format(tarball))
    listing = Path(str(tarball) + ".sha256")
    if not listing.is_file():
        raise ReleaseError("找不到校验文件 {}:下载压缩包时请一并下载它;没有它无法确认压缩包完整、"
                           "未被改动,没有安装。".format(listing.name))
    expected = None
    lines = [line.split() for line in listing.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    for fields in lines:
        named = _on_disk(fields[1].lstrip("*")) if len(fields) > 1 else None
        if named in (None, tarball.name) or len(lines) == 1:
            expected = fields[0].lower()
            break
    if not expected or not re.match(r"^[0-9a-f]{64}$", expected):
        raise ReleaseError("校验文件 {} 的格式不对:应是 sha256sum 输出的一行(64 位十六进制数,空格,文件名)。"
                           .format(listing.name))
    digest = hashlib.sha256()
    with tarball.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != expected:
        raise ReleaseError("{} 的 SHA-256 与 {} 不符:文件可能没有下载完整或被改动过,没有安装。"
                           "请重新下载这两个文件。".format(tarball.name, listing.name))


def _refuse_local_preview(site):
    if (site / LOCAL_PREVIEW_MARKER).exists():
        raise ReleaseError("这个网站是在 data/ 或 docs/ 有尚未提交的修改时生成的,页面注明“尚未提交的修改(本地预览)”,"
                           "不能发布,没有安装。请先提交修改(git add、git commit),再运行 make site,然后发布。")


def _copy_site(site, staging):
    if not (site / "index.html").is_file():
        raise ReleaseError("找不到已生成的网站 {}/:请先运行 make site,或用 TARBALL= 指明下载的网站压缩包。".format(site))
    shutil.copytree(str(site), str(staging), symlinks=True)


def _extract(tarball, staging):
    """Unpack members one by one, never through a link and never outside `staging`."""
    try:
        archive = tarfile.open(str(tarball), "r:*", encoding="utf-8", errors="surrogateescape")
    except (tarfile.TarError, OSError):
        raise ReleaseError("{} 不是有效的网站压缩包(应是 make release 流程打的 .tar.gz),没有安装。"
                           "请重新下载,或用 TARBALL= 指明正确的文件。".format(tarball.name))
    with archive:
        try:
            members = archive.getmembers()
            for member in members:  # the names as they go on disk (extractfile reads by offset, not name)
                member.name, member.linkname = _on_disk(member.name), _on_disk(member.linkname)
            top = _common_top(members)
            staging.mkdir()
            seen = set()
            for member in members:
                _extract_member(archive, member, top, staging, seen)
        except (tarfile.TarError, EOFError, zlib.error):
            raise ReleaseError("{} 已损坏,读不完整,没有安装。请重新打包或重新下载。".format(tarball.name))


def _common_top(members):
    """The one folder everything is in (our tarballs hold site/): its contents become the release."""
    names = [(_clean(m.name), m) for m in members if _clean(m.name)]
    tops = {name.split("/")[0] for name, _ in names}
    if len(tops) != 1:
        return None
    top = tops.pop()
    inside = all(name.startswith(top + "/") or (name == top and m.isdir()) for name, m in names)
    return top if inside else None


def _clean(name):
    while name.startswith("./"):
        name = name[2:]
    return "" if name in ("", ".") else name.rstrip("/")


def _member_path(name, top):
    """A member's path inside the release, as its parts; refuses any path that could leave it."""
    if name.startswith("/") or "\\" in name or re.match(r"^[A-Za-z]:", name) or ".." in name.split("/"):
        raise ReleaseError("压缩包中的“{}”会被解压到网站目录之外(绝对路径或含有 ..),"
                           "这个压缩包不安全,没有安装。".format(name))
    parts = [p for p in _clean(name).split("/") if p not in ("", ".")]
    return parts[1:] if top is not None and parts[:1] == [top] else parts


def _extract_member(archive, member, top, staging, seen):
    parts = _member_path(member.name, top)
    if not parts:
        return  # the top folder itself, or "."
    if "/".join(parts) in seen:
        raise ReleaseError("压缩包中“{}”出现了不止一次,这个压缩包不可信,没有安装。".format(member.name))
    seen.add("/".join(parts))
    for depth in range(1, len(parts)):
        parent = staging.joinpath(*parts[:depth])
        if parent.is_symlink():
            raise ReleaseError("压缩包中的“{}”要经过链接写入,这个压缩包不安全,没有安装。".format(member.name))
        if not parent.exists():
            parent.mkdir()
    target = staging.joinpath(*parts)
    if member.isdir():
        target.mkdir(exist_ok=True)
    elif member.isfile():
        with archive.extractfile(member) as source, _new_file(target) as out:
            shutil.copyfileobj(source, out)
    elif member.issym():
        if member.linkname.startswith("/"):
            raise ReleaseError("压缩包中的链接“{}”指向网站目录之外({}),没有安装。".format(member.name, member.linkname))
        os.symlink(member.linkname, str(target))  # where it really leads is checked once all is unpacked
    elif member.islnk():
        linked = staging.joinpath(*_member_path(member.linkname, top))
        if linked.is_symlink() or not linked.is_file():
            raise ReleaseError("压缩包中的硬链接“{}”指向的“{}”不在网站目录中,没有安装。".format(member.name, member.linkname))
        with linked.open("rb") as source, _new_file(target) as out:
            shutil.copyfileobj(source, out)
    else:
        raise ReleaseError("压缩包中的“{}”不是普通文件或文件夹(设备、管道等),网站不需要它,没有安装。".format(member.name))


def _new_file(path):
    return os.fdopen(os.open(str(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb")


def _check_inside(staging):
    """Every link in the release resolves to something inside it (links to links included)."""
    root = os.path.realpath(str(staging))
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                resolved = os.path.realpath(path)
                if resolved != root and not resolved.startswith(root + os.sep):
                    raise ReleaseError("“{}”是一个指向网站目录之外的链接({}),没有安装。".format(
                        os.path.relpath(path, root), os.readlink(path)))


# ---------------------------------------------------------------- the tarball and the upload


def pack(site, tarball, mtime=None):
    """site/ as <tarball> (folder site/, modes 755/644, owner root, names sorted) and <tarball>.sha256."""
    site, tarball = Path(site), Path(tarball)
    if not (site / "index.html").is_file():
        raise ReleaseError("找不到已生成的网站 {}/:请先生成网站。".format(site))
    _refuse_local_preview(site)
    if mtime is None:
        mtime = int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())
    partial = tarball.with_name(tarball.name + ".partial")
    # A gzip header holds 32 bits (until 2106-02-07): a commit dated later is a clock set wrong.
    gzip_mtime = min(max(mtime, 0), 2**32 - 1)
    with partial.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=gzip_mtime) as packed, \
            tarfile.open(fileobj=packed, mode="w", format=tarfile.PAX_FORMAT, encoding="utf-8") as archive:
        for path in [site] + sorted(site.rglob("*"), key=lambda p: p.relative_to(site).as_posix()):
            name = "/".join(("site",) + tuple(_unicode(part) for part in path.relative_to(site).parts))
            info = archive.gettarinfo(str(path), arcname=name)
            info.linkname = _unicode(info.linkname)
            info.mode = DIR_MODE if info.isdir() else FILE_MODE
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            info.mtime = mtime
            if info.isfile():
                with path.open("rb") as content:
                    archive.addfile(info, content)
            else:
                archive.addfile(info)
    os.replace(str(partial), str(tarball))
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    Path(str(tarball) + ".sha256").write_text("{}  {}\n".format(digest, tarball.name), encoding="utf-8")
    print("已打包:{}(SHA-256 {})".format(tarball, digest))


def upload(target, tarball, keep=DEFAULT_KEEP, port="22", reload_command=None, ssh_key=None, known_hosts=None):
    """Send the tarball, its checksum and this tool to <DEST>/.upload on the server (rsync over SSH),
    then run `make release` there. `target` is user@host:/srv/zhenggai; the host key must be given:
    everything is checked before the first connection."""
    if not target or ":" not in target or target.endswith(":"):
        raise ReleaseError("DEPLOY_TARGET 应写成 账号@服务器:目录,例如 deploy@www.example.gov.cn:/srv/zhenggai。")
    host, dest = target.split(":", 1)
    if not dest.startswith("/"):
        raise ReleaseError("DEPLOY_TARGET 中的目录应从 / 写起(现在是“{}”)。".format(dest))
    port = _port(port)
    hosts_text = _known_hosts(known_hosts)
    key_text = _secret(ssh_key) if ssh_key else ""
    tarball = Path(tarball)
    check_sha256(tarball)
    _keep_count(keep)
    root = Path(__file__).resolve().parent.parent
    server = _Server(host, port, dest)
    with tempfile.TemporaryDirectory() as scratch:
        hosts = Path(scratch, "known_hosts")
        hosts.write_text(hosts_text, encoding="utf-8")
        ssh = ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-p", port,
               "-o", "UserKnownHostsFile=" + str(hosts)]
        if key_text:
            key = Path(scratch, "key")
            key.write_text(key_text, encoding="utf-8")
            os.chmod(str(key), 0o600)
            ssh += ["-i", str(key), "-o", "IdentitiesOnly=yes"]
        outgoing = Path(scratch, "upload")
        (outgoing / "tools").mkdir(parents=True)
        shutil.copy(str(root / "Makefile"), str(outgoing / "Makefile"))
        shutil.copy(str(Path(__file__).resolve()), str(outgoing / "tools" / "release.py"))
        for path in (tarball, Path(str(tarball) + ".sha256")):
            shutil.copy(str(path), str(outgoing / ("site.tar.gz" + path.name[len(tarball.name):])))
        incoming = posixpath.join(dest, UPLOAD_FOLDER)
        # cd first: a missing DEST is an error on the server too, never made with the wrong owner.
        server.run(ssh + [host, _remote("cd", "--", dest) + " && " + _remote("mkdir", "-p", UPLOAD_FOLDER)],
                   "在服务器上建立上传目录", server.folder_problem)
        server.run(["rsync", "-rt", "--delete", "--protect-args", "--chmod=D755,F644", "-e", _join(ssh),
                    str(outgoing) + "/", "{}:{}/".format(host, incoming)], "用 rsync 上传网站压缩包")
        release = ["make", "-s", "-C", incoming, "release", "DEST=" + dest, "TARBALL=site.tar.gz", "KEEP={}".format(keep)]
        if reload_command:
            release.append("RELOAD=" + reload_command)
        server.run(ssh + [host, _remote(*release)], "在服务器上运行 make release")


def _port(port):
    text = str(port or "22").strip()
    if not re.match(r"^[0-9]{1,5}$", text) or not 1 <= int(text) <= 65535:
        raise ReleaseError("DEPLOY_PORT 应是服务器 SSH 的端口号(1 到 65535 的整数,不设置即为 22),"
                           "现在是“{}”。".format(port))
    return str(int(text))


def _known_hosts(value):
    """The server's host key, as ssh-keyscan prints it: without it no connection is made."""
    text = _secret(value) if value else ""
    if not text.strip():
        raise ReleaseError("没有设置 DEPLOY_KNOWN_HOSTS(服务器的主机密钥):不确认服务器的身份就不连接,"
                           "以免把网站和发布密钥交给冒充的服务器。请运行 ssh-keyscan -p 端口 服务器名,"
                           "与服务器管理员给出的指纹核对后,把输出填入 DEPLOY_KNOWN_HOSTS(见 README“服务器”)。")
    lines = [line.split() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not any(len(f) >= 3 and any(KEY_TYPE.match(word) for word in f[1:3]) for f in lines):
        raise ReleaseError("DEPLOY_KNOWN_HOSTS 里没有主机密钥:应是 ssh-keyscan 输出的行,"
                           "形如“服务器名 ssh-ed25519 AAAA……”(端口不是 22 时行首是“[服务器名]:端口”);"
                           "SHA256:… 这样的指纹不能代替它。")
    return text


def _secret(value):
    """A secret as text, or (GitLab's variables of type File) the path of a file holding it; line
    ends as ssh reads them, whatever the editor it was pasted from (Windows ends lines with CR LF)."""
    if "\n" not in value and len(value) < 4096 and os.path.isfile(value):
        value = Path(value).read_text(encoding="utf-8", errors="replace")
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() + "\n"


class _Server:
    """Runs the upload's commands and, when one fails, says in Chinese what went wrong: the
    connection, the host key, the login, or the server's folder."""

    def __init__(self, host, port, dest):
        self.host, self.port, self.dest = host, port, dest
        self.name = host.rpartition("@")[2]

    def run(self, command, what, remote_problem=None):
        try:
            done = subprocess.run(command, stderr=subprocess.PIPE)
        except OSError as exc:
            raise ReleaseError("{}失败:找不到 {}({})。".format(what, command[0], exc.strerror or exc))
        said = done.stderr.decode("utf-8", "replace")
        sys.stderr.write(said)  # ssh's, rsync's and the server's own words, then ours
        if done.returncode == 0:
            return
        reason = self.connection_problem(said)
        if reason is None and command[0] == "ssh" and done.returncode != 255 and remote_problem:
            reason = remote_problem(said)
        if reason is None and done.returncode == 255:
            reason = "无法通过 SSH 连接 {}(端口 {}):请看上面 ssh 的输出。".format(self.name, self.port)
        raise ReleaseError("{}失败(退出码 {}):{}".format(what, done.returncode, reason or "请看上面的输出。"))

    def connection_problem(self, said):
        name, port = self.name, self.port
        if "REMOTE HOST IDENTIFICATION HAS CHANGED" in said:
            return ("{} 的主机密钥与 DEPLOY_KNOWN_HOSTS 中记下的不同:服务器可能重装过,也可能有人冒充它。"
                    "请向服务器管理员核实指纹,确认无误后再更新 DEPLOY_KNOWN_HOSTS;核实之前不要发布。".format(name))
        if "Host key verification failed" in said or "host key is known for" in said:
            return ("DEPLOY_KNOWN_HOSTS 中没有 {} 的主机密钥(服务器名或端口与 DEPLOY_TARGET 不一致):"
                    "请用 ssh-keyscan -p {} {} 取得,核对指纹后填入;端口不是 22 时,行首应是“[{}]:{}”。"
                    .format(name, port, name, name, port))
        if "Connection refused" in said:
            return "{} 拒绝了端口 {} 上的连接:那里没有 SSH 服务。请确认 DEPLOY_PORT 和服务器的防火墙。".format(name, port)
        if re.search(r"Could not resolve hostname|Name or service not known|Temporary failure in name resolution", said):
            return "找不到服务器 {}:请检查 DEPLOY_TARGET 中 @ 和 : 之间的服务器名。".format(name)
        if re.search(r"timed out|No route to host|Network is unreachable", said):
            return ("连不上 {} 的端口 {}(超时或网络不通):请确认运行发布流程的机器能访问这台服务器"
                    "(防火墙、内网、VPN)。".format(name, port))
        if "Permission denied (" in said or "Too many authentication failures" in said:
            return ("服务器拒绝了 {} 的登录:请确认 DEPLOY_SSH_KEY 是私钥全文,"
                    "且对应的公钥已加入服务器上该账号的 ~/.ssh/authorized_keys。".format(self.host))
        if re.search(r"Load key .*: (invalid format|error in libcrypto)|invalid format", said):
            return "DEPLOY_SSH_KEY 不是有效的私钥:请粘贴私钥文件的全文,包括 BEGIN 和 END 两行。"
        return None

    def folder_problem(self, said):
        if re.search(r"can't cd|No such file or directory|cd: ", said):
            return "服务器上没有目录 {}:请先建好它(README“服务器”)。".format(self.dest)
        if "Permission denied" in said or "Read-only file system" in said:
            return "发布账号不能在 {} 中写入:请把这个目录交给发布账号(chown)。".format(self.dest)
        return "请确认 {} 已建好,且发布账号可以写入。".format(self.dest)


def _join(args):
    return " ".join(shlex.quote(a) for a in args)


def _remote(*args):
    return _join(args)  # the server's shell reads it once: every word quoted




# ---------------------------------------------------------------- command line


def main(argv=None):
    sys.stdout, sys.stderr = _Output(1), _Output(2)
    env = os.environ.get
    parser = argparse.ArgumentParser(description="把生成的网站发布到本单位的服务器,或回退到上一个版本")
    commands = parser.add_subparsers(dest="command")
    command = commands.add_parser("install", help="安装一个新版本并切换过去(make release)")
    command.add_argument("--dest", default=env("RELEASE_DEST"))
    command.add_argument("--tarball", default=env("RELEASE_TARBALL"))
    command.add_argument("--site", default=env("RELEASE_SITE") or "site")
    command.add_argument("--keep", default=env("RELEASE_KEEP"))
    command.add_argument("--reload", default=env("RELEASE_RELOAD"))
    command = commands.add_parser("rollback", help="切换回上一个版本(make rollback)")
    command.add_argument("--dest", default=env("RELEASE_DEST"))
    command.add_argument("--reload", default=env("RELEASE_RELOAD"))
    command = commands.add_parser("pack", help="把生成的网站打包为 tar.gz 并写出 .sha256")
    command.add_argument("site")
    command.add_argument("tarball")
    command = commands.add_parser("upload", help="用 rsync 和 SSH 把压缩包送到服务器并在那里 make release")
    command.add_argument("tarball")
    command.add_argument("--to", default=env("DEPLOY_TARGET"))
    command.add_argument("--port", default=env("DEPLOY_PORT"))
    command.add_argument("--keep", default=env("DEPLOY_KEEP"))
    command.add_argument("--reload", default=env("DEPLOY_RELOAD"))
    args = parser.parse_args(argv)
    try:
        if args.command == "install":
            install(args.dest, args.tarball, args.site, args.keep, args.reload)
        elif args.command == "rollback":
            rollback(args.dest, args.reload)
        elif args.command == "pack":
            pack(args.site, args.tarball)
        elif args.command == "upload":
            upload(args.to, args.tarball, args.keep or DEFAULT_KEEP, args.port, args.reload,
                   env("DEPLOY_SSH_KEY"), env("DEPLOY_KNOWN_HOSTS"))
        else:
            parser.print_help()
            return 2
    except ReleaseError as exc:
        print("发布未完成:{}".format(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        reason = "没有权限" if exc.errno in (errno.EACCES, errno.EPERM) else (exc.strerror or str(exc))
        print("发布未完成:{}({})。原有的 current 版本保持不变。".format(reason, exc.filename or exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
