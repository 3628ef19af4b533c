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
python3 of older server distributions). The deploy jobs (.github/, .forgejo/, .gitlab-ci.yml) call
`upload`, which sends the tarball and this tool with rsync and runs `make release` over SSH;
`pack` makes the tarball; tools/build_site.py uses `publish_modes`.
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
UPLOAD_FOLDER = ".upload"  # under DEST on the server: what `upload` sends before `make release`


class ReleaseError(Exception):
    """Bad input or a state the tool will not touch; the message says what to do, in Chinese."""


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
            if not (staging / "index.html").is_file():
                raise ReleaseError("要安装的内容里没有 index.html,不像是生成好的网站,没有安装。"
                                   "请用 make site 生成的 site/ 或发布流程产生的 site.tar.gz。")
            publish_modes(staging)
            staging.rename(releases / name)
        finally:
            shutil.rmtree(str(staging), ignore_errors=True)
        _switch(dest, name)
        removed = _prune(releases, keep, name)
    print("已发布:{}/current → releases/{}。".format(dest, name))
    _warn_if_closed(dest)
    if removed:
        print("已删除较早的版本:{}(保留最近 {} 个)。".format("、".join(removed), keep))
    _after_switch(reload_command)


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


def _after_switch(reload_command):
    if not reload_command:
        print("若使用 deploy/nginx.conf,请重新加载 nginx(sudo nginx -t && sudo systemctl reload nginx),"
              "使响应头中的内容安全策略与新版本一致;也可用 RELOAD= 让发布时自动执行。")
        return
    try:
        subprocess.check_call(shlex.split(reload_command))
    except (OSError, ValueError, subprocess.CalledProcessError) as exc:
        raise ReleaseError("网站已切换,但重新加载网页服务器的命令({})没有成功:{}。"
                           "请手工重新加载 nginx。".format(reload_command, exc))
    print("已重新加载网页服务器:{}".format(reload_command))


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
        named = fields[1].lstrip("*") if len(fields) > 1 else None
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


def _copy_site(site, staging):
    if not (site / "index.html").is_file():
        raise ReleaseError("找不到已生成的网站 {}/:请先运行 make site,或用 TARBALL= 指明下载的网站压缩包。".format(site))
    shutil.copytree(str(site), str(staging), symlinks=True)


def _extract(tarball, staging):
    """Unpack members one by one, never through a link and never outside `staging`."""
    try:
        archive = tarfile.open(str(tarball), "r:*")
    except (tarfile.TarError, OSError) as exc:
        raise ReleaseError("{} 不是有效的 tar.gz 压缩包({}),没有安装。".format(tarball.name, exc))
    with archive:
        try:
            members = archive.getmembers()
            top = _common_top(members)
            staging.mkdir()
            seen = set()
            for member in members:
                _extract_member(archive, member, top, staging, seen)
        except (tarfile.TarError, EOFError, zlib.error) as exc:
            raise ReleaseError("{} 已损坏,读不完整({}),没有安装。".format(tarball.name, exc))


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
    if mtime is None:
        mtime = int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())
    partial = tarball.with_name(tarball.name + ".partial")
    with partial.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=mtime) as packed, \
            tarfile.open(fileobj=packed, mode="w", format=tarfile.PAX_FORMAT, encoding="utf-8") as archive:
        for path in [site] + sorted(site.rglob("*"), key=lambda p: p.relative_to(site).as_posix()):
            info = archive.gettarinfo(str(path), arcname="/".join(("site",) + path.relative_to(site).parts))
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
    then run `make release` there. `target` is user@host:/srv/zhenggai; the host key must be known."""
    if not target or ":" not in target or target.endswith(":"):
        raise ReleaseError("DEPLOY_TARGET 应写成 账号@服务器:目录,例如 deploy@www.example.gov.cn:/srv/zhenggai。")
    host, dest = target.split(":", 1)
    if not dest.startswith("/"):
        raise ReleaseError("DEPLOY_TARGET 中的目录应从 / 写起(现在是“{}”)。".format(dest))
    tarball = Path(tarball)
    check_sha256(tarball)
    _keep_count(keep)
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as scratch:
        ssh = ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-p", str(port or 22)]
        if ssh_key:
            key = Path(scratch, "key")
            key.write_text(_text_or_file(ssh_key).strip() + "\n", encoding="utf-8")
            os.chmod(str(key), 0o600)
            ssh += ["-i", str(key), "-o", "IdentitiesOnly=yes"]
        if known_hosts:
            hosts = Path(scratch, "known_hosts")
            hosts.write_text(_text_or_file(known_hosts).strip() + "\n", encoding="utf-8")
            ssh += ["-o", "UserKnownHostsFile=" + str(hosts)]
        outgoing = Path(scratch, "upload")
        (outgoing / "tools").mkdir(parents=True)
        shutil.copy(str(root / "Makefile"), str(outgoing / "Makefile"))
        shutil.copy(str(Path(__file__).resolve()), str(outgoing / "tools" / "release.py"))
        for path in (tarball, Path(str(tarball) + ".sha256")):
            shutil.copy(str(path), str(outgoing / ("site.tar.gz" + path.name[len(tarball.name):])))
        incoming = posixpath.join(dest, UPLOAD_FOLDER)
        # cd first: a missing DEST is an error on the server too, never made with the wrong owner.
        _run(ssh + [host, _remote("cd", "--", dest) + " && " + _remote("mkdir", "-p", UPLOAD_FOLDER)],
             "在服务器上建立上传目录(请确认 {} 已建好,且发布账号可以写入)".format(dest))
        _run(["rsync", "-rt", "--delete", "--protect-args", "--chmod=D755,F644", "-e", _join(ssh),
              str(outgoing) + "/", "{}:{}/".format(host, incoming)], "用 rsync 上传网站压缩包")
        release = ["make", "-s", "-C", incoming, "release", "DEST=" + dest, "TARBALL=site.tar.gz", "KEEP={}".format(keep)]
        if reload_command:
            release.append("RELOAD=" + reload_command)
        _run(ssh + [host, _remote(*release)], "在服务器上运行 make release")


def _text_or_file(value):
    """A secret as text, or (GitLab's variables of type File) the path of a file holding it."""
    if "\n" not in value and len(value) < 4096 and os.path.isfile(value):
        return Path(value).read_text(encoding="utf-8")
    return value


def _join(args):
    return " ".join(shlex.quote(a) for a in args)


def _remote(*args):
    return _join(args)  # the server's shell reads it once: every word quoted


def _run(command, what):
    try:
        subprocess.check_call(command)
    except OSError as exc:
        raise ReleaseError("{}失败:找不到 {}({})。".format(what, command[0], exc))
    except subprocess.CalledProcessError as exc:
        raise ReleaseError("{}失败(退出码 {}):请看上面的输出。".format(what, exc.returncode))


# ---------------------------------------------------------------- command line


def main(argv=None):
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
