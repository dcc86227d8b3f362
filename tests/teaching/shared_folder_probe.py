"""Two students of a lab machine, as two real users, write play records into one shared folder;
a teacher, a third user in the same group, reports them. Run as root (it switches users with
``setpriv``, which util-linux provides; no accounts are created):

    python -m tests.teaching.shared_folder_probe [UMASK]

UMASK is the students' umask in octal (default 022, the strictest common one). The probe prints
what each user did and exits 1 if any record was lost.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.conftest import ROOT

GROUP = 4000  # the class's group: students and teacher
STUDENTS = {4001: ("Ana", "1\n"), 4002: ("Ben", "1\n1\n1\n1\n1\n1\n1\n1\n")}
TEACHER = 4003
UMASK_THEN_GAME = (
    "import os, runpy, sys; os.umask(int(sys.argv[1], 8)); sys.argv = sys.argv[2:]; "
    "runpy.run_path(sys.argv[0], run_name='__main__')"
)


def as_user(uid: int, umask: str, args: list[str], home: Path, stdin: str = "") -> str:
    """Run the game as another user of the class's group; its output."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "DIPLOMATIC_TRAPS_DATA_DIR": str(home / "data"),
        "DIPLOMATIC_TRAPS_RECORDS_DIR": os.environ["PROBE_RECORDS"],
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [
        "setpriv",
        f"--reuid={uid}",
        f"--regid={GROUP}",
        f"--groups={GROUP}",
        "--",
        sys.executable,
        "-c",
        UMASK_THEN_GAME,
        umask,
        str(ROOT / "main.py"),
        *args,
    ]
    result = subprocess.run(
        command, input=stdin, capture_output=True, text=True, env=env, timeout=120
    )
    return result.stdout + result.stderr


def main() -> int:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        print("run as root on a machine with setpriv (util-linux)", file=sys.stderr)
        return 2
    umask = sys.argv[1] if len(sys.argv) > 1 else "022"
    base = Path(tempfile.mkdtemp(prefix="shared-lab-"))
    base.chmod(0o755)
    records = base / "records"
    records.mkdir()
    os.chown(records, 0, GROUP)
    records.chmod(0o2770)  # what teaching.md tells the teacher to do
    os.environ["PROBE_RECORDS"] = str(records)
    for uid, (name, moves) in STUDENTS.items():
        home = base / name
        home.mkdir()
        os.chown(home, uid, GROUP)
        out = as_user(uid, umask, ["play", "tutorial", "--plain", "--player", name], home, moves)
        print(f"{name} (uid {uid}, umask {umask}): {out.strip().splitlines()[-1]}")
    home = base / "teacher"
    home.mkdir()
    os.chown(home, TEACHER, GROUP)
    report = as_user(TEACHER, "022", ["class", str(records), "--format", "csv"], home)
    print(report)
    for path in sorted(records.rglob("*")):
        info = path.stat()
        print(f"{oct(info.st_mode & 0o7777):>7} uid {info.st_uid} gid {info.st_gid} {path}")
    rows = [line for line in report.splitlines()[1:] if line.strip()]
    lost = len(STUDENTS) - len(rows)
    print(f"{len(rows)} of {len(STUDENTS)} records reported" + (f"; {lost} LOST" if lost else ""))
    shutil.rmtree(base)
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
