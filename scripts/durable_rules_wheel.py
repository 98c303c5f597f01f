"""Builds (once) and prints the path of hjemmel's patched durable-rules wheel for this Python.

durable-rules 2.0.28 is the last release (2020, source only) and does not build or import
on Python 3.13 and later as it is. This script

1. downloads its source distribution from PyPI with pip (or takes it from the cache),
2. checks the file's sha256 against ``patches/durable-rules-2.0.28.sha256``,
3. applies ``patches/durable-rules-2.0.28.patch`` with ``patch -p1 -F0`` (no fuzz),
4. builds a wheel for the running interpreter with ``pip wheel``, treating what GCC 14
   rejects as errors on every compiler, and
5. keeps it in ``.cache/durable-rules/`` (keyed by the patch's digest), so later runs reuse it.

The wheel's version carries the local label from the patch (``2.0.28+hjemmel.3``), which
still satisfies ``durable-rules==2.0.28``. The same patched build is used on every Python.

Run it with the Python the wheel is for (it needs pip)::

    .venv/bin/python scripts/durable_rules_wheel.py              # prints the wheel's path
    .venv/bin/python scripts/durable_rules_wheel.py --copy-to dist

Exit 1 with one message on stderr when something is missing (patch, a C compiler, Python.h)
or the download does not match the recorded hash.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATCHES = ROOT / "patches"
NAME, VERSION = "durable-rules", "2.0.28"
SDIST = f"durable_rules-{VERSION}.tar.gz"
PATCH = PATCHES / f"{NAME}-{VERSION}.patch"
HASH_FILE = PATCHES / f"{NAME}-{VERSION}.sha256"
# What GCC 14 makes errors by default; asked for on every compiler so that a build that works
# here also works there.
STRICT_CFLAGS = "-Werror=implicit-function-declaration -Werror=implicit-int -Werror=int-conversion -Werror=incompatible-pointer-types"


class BuildError(Exception):
    pass


def expected_sha256() -> str:
    for line in HASH_FILE.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[1].lstrip("*") == SDIST:
            return fields[0].lower()
    raise BuildError(f"{HASH_FILE.name} has no line for {SDIST}")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def run(cmd: list[str], log: Path, **kwargs: object) -> None:
    """Runs ``cmd`` with its output appended to ``log``; on failure, shows the log's tail."""
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {shlex.join(cmd)}\n")
        out.flush()
        result = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, check=False, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:])
        raise BuildError(f"{shlex.join(cmd[:4])} … failed (exit {result.returncode}); the end of {log}:\n{tail}")


def wheel_pattern() -> str:
    """Glob for a wheel of this interpreter: cpXY-cpXY<abiflags>-<platform>."""
    tag = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"durable_rules-{VERSION}+*-{tag}-{tag}{sys.abiflags}-{platform}.whl"


def sdist(cache: Path, log: Path) -> Path:
    """The verified source distribution, downloaded into the cache when it is not there."""
    folder = cache / "sdist"
    path = folder / SDIST
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", "--dest", str(folder), f"{NAME}=={VERSION}"], log)
    if not path.exists():
        raise BuildError(f"pip did not download {SDIST} into {folder}")
    want, got = expected_sha256(), sha256(path)
    if got != want:
        path.unlink()
        raise BuildError(f"{SDIST}: sha256 {got} does not match {want} recorded in {HASH_FILE.relative_to(ROOT)}; the download was removed")
    return path


def check_toolchain() -> None:
    include = Path(sysconfig.get_paths()["include"])
    if not (include / "Python.h").exists():
        v = f"{sys.version_info[0]}.{sys.version_info[1]}"
        raise BuildError(f"Python {v} has no C headers ({include}/Python.h), needed to build durable-rules; on Debian/Ubuntu: apt-get install python{v}-dev")
    cc = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    if shutil.which(shlex.split(cc)[0]) is None:
        raise BuildError(f"no C compiler ({shlex.split(cc)[0]}) on PATH, needed to build durable-rules once; on Debian/Ubuntu: apt-get install gcc")
    if shutil.which("patch") is None:
        raise BuildError("the `patch` program is needed to patch durable-rules; on Debian/Ubuntu: apt-get install patch")


def extract(archive: Path, dest: Path) -> Path:
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):  # 3.11.4 and later: refuses links and paths outside dest
            tar.extractall(dest, filter="data")
        else:  # pragma: no cover - older 3.11 patch releases
            for member in tar.getmembers():
                if member.name.startswith(("/", "..")) or ".." in Path(member.name).parts or not (member.isfile() or member.isdir()):
                    raise BuildError(f"{archive.name}: unexpected member {member.name!r}")
            tar.extractall(dest)  # members checked above
    (tree,) = dest.iterdir()
    return tree


def build(cache: Path) -> Path:
    """The cached wheel for this interpreter, built first when it is missing."""
    key = sha256(PATCH)[:16]
    folder = cache / "wheels" / key
    found = sorted(folder.glob(wheel_pattern()))
    if found:
        return found[-1]
    check_toolchain()
    folder.mkdir(parents=True, exist_ok=True)
    log = cache / f"build-cp{sys.version_info[0]}{sys.version_info[1]}.log"
    log.write_text("", encoding="utf-8")
    archive = sdist(cache, log)
    with tempfile.TemporaryDirectory(prefix="durable-rules-") as tmp:
        tree = extract(archive, Path(tmp) / "src")
        run(["patch", "-p1", "-F0", "--batch", "--forward", "--no-backup-if-mismatch", "-i", str(PATCH)], log, cwd=tree)
        env = dict(os.environ)
        env["CPPFLAGS"] = f"{env.get('CPPFLAGS', '')} {STRICT_CFLAGS}".strip()  # durable's setup.py overwrites CFLAGS
        out = Path(tmp) / "wheel"
        run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(out), str(tree)], log, env=env)
        (wheel,) = out.glob("*.whl")
        if not wheel.match(wheel_pattern()):
            raise BuildError(f"built {wheel.name}, expected a name like {wheel_pattern()}")
        target = folder / wheel.name
        shutil.copy2(wheel, target.with_suffix(".part"))
        target.with_suffix(".part").rename(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "durable-rules", help="cache folder (default: .cache/durable-rules)")
    parser.add_argument("--copy-to", type=Path, metavar="DIR", help="also copy the wheel into DIR")
    args = parser.parse_args(argv)
    try:
        wheel = build(args.cache.resolve())
    except BuildError as error:
        print(f"durable-rules: {error}", file=sys.stderr)
        return 1
    if args.copy_to is not None:
        args.copy_to.mkdir(parents=True, exist_ok=True)
        shutil.copy2(wheel, args.copy_to / wheel.name)
        wheel = args.copy_to / wheel.name
    print(wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
