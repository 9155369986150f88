"""Places where a database is at risk: synchronised folders and network drives.

Sync tools (OneDrive, Dropbox, iCloud Drive, Google Drive...) copy files while they change and
may upload half of a write or bring back another computer's copy; network file systems break
the locking SQLite relies on and lose writes when the connection drops. Either can damage a
database. Focal still opens it, but says so once, and suggests keeping the database on the
computer's own disk and putting backups in the synced folder instead.

The detection works on the path's folder names and on the system's table of mounted file
systems. The parsing functions are pure (they take the text of the mount table), so the tests
feed them real lines; only :func:`network_file_system` asks the running system.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from app.core.i18n import _

log = logging.getLogger("focal.storage")

# Folder names (lower case) that sync clients create, and the service's name for the message.
_SYNCED_FOLDERS: dict[str, str] = {
    "dropbox": "Dropbox",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "shared drives": "Google Drive",
    "box": "Box",
    "box sync": "Box",
    "pcloud": "pCloud",
    "pcloud drive": "pCloud",
    "pclouddrive": "pCloud",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "megasync": "MEGA",
    "tresorit": "Tresorit",
    "yandex.disk": "Yandex Disk",
    "seafile": "Seafile",
}
# Folder names starting with these: "OneDrive - Contoso", "Dropbox (Personal)".
_SYNCED_PREFIXES: dict[str, str] = {
    "onedrive": "OneDrive",
    "dropbox (": "Dropbox",
    # The folders in macOS's CloudStorage: "GoogleDrive-me@example.org", "Box-Box".
    "googledrive-": "Google Drive",
    "dropbox-": "Dropbox",
    "box-": "Box",
}
# macOS keeps every File Provider client (OneDrive, Dropbox, Google Drive, Box) here.
_MACOS_CLOUD_STORAGE = ("library", "cloudstorage")

# File system types (as /proc/self/mounts and macOS's mount name them) that live elsewhere.
NETWORK_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "beegfs",
        "davfs",
        "webdav",
        "afpfs",
        "sshfs",
        "fuse.sshfs",
        "fuse.glusterfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.gcsfuse",
        "fuse.gvfsd-fuse",
    }
)
_DRIVE_REMOTE = 4  # GetDriveTypeW


def location_warning(path: Path) -> str | None:
    """A sentence for the user when ``path`` is in a synced folder or on a network drive."""
    try:
        resolved = Path(os.path.realpath(path))
    except (OSError, ValueError):
        resolved = Path(os.path.abspath(path))
    service = synced_folder_service(resolved)
    if service is not None:
        return _(
            "The database {path} is in a folder kept in sync by {service}. Sync tools can copy "
            "a half-written database or bring back an older copy, which damages it. Keep the "
            "database on this computer's own disk, and put the copies made with "
            "File > Backups in the synced folder instead."
        ).format(path=path, service=service)
    kind = network_file_system(resolved)
    if kind is not None:
        return _(
            "The database {path} is on a network drive ({kind}). Network file systems can "
            "break the locking that keeps the database whole and lose writes when the "
            "connection drops. Keep the database on this computer's own disk, and put the "
            "copies made with File > Backups on the network drive instead."
        ).format(path=path, kind=kind)
    return None


def synced_folder_service(path: PurePath) -> str | None:
    """The sync service whose folder holds ``path`` (judged by folder names), else None."""
    folders = [part.lower() for part in path.parts[:-1]]
    for index, name in enumerate(folders):
        service = _service_named(name)
        if service is not None:
            return service
        if tuple(folders[index : index + 2]) == _MACOS_CLOUD_STORAGE and index + 2 < len(folders):
            provider = path.parts[index + 2]  # any other File Provider: "Nextcloud-me"
            return _service_named(provider.lower()) or provider.split("-", 1)[0] or provider
    return None


def _service_named(folder: str) -> str | None:
    if folder in _SYNCED_FOLDERS:
        return _SYNCED_FOLDERS[folder]
    for prefix, service in _SYNCED_PREFIXES.items():
        if folder.startswith(prefix):
            return service
    return None


def network_file_system(path: Path) -> str | None:
    """What kind of network file system holds ``path`` on this computer, else None."""
    try:
        if sys.platform == "win32":
            return _windows_network(path)
        if sys.platform == "darwin":
            output = subprocess.run(
                ["/sbin/mount"], capture_output=True, text=True, timeout=5, check=False
            ).stdout
            return mount_type(PurePosixPath(path), parse_macos_mounts(output), NETWORK_TYPES)
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            table = parse_proc_mounts(mounts.read())
        return mount_type(PurePosixPath(path), table, NETWORK_TYPES)
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        log.info("cannot tell which file system holds %s: %s", path, error)
        return None


def parse_proc_mounts(text: str) -> list[tuple[str, str]]:
    """``(mount point, type)`` for each line of Linux's ``/proc/self/mounts``."""
    table = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            table.append((_unescape_octal(fields[1]), fields[2]))
    return table


def parse_macos_mounts(text: str) -> list[tuple[str, str]]:
    """``(mount point, type)`` for each line of macOS's ``mount``.

    A line reads ``//me@server/share on /Volumes/share (smbfs, nodev, nosuid, mounted by me)``.
    """
    table = []
    for line in text.splitlines():
        head, separator, options = line.rpartition(" (")
        _device, on, mount_point = head.partition(" on ")
        if separator and on and mount_point:
            table.append((mount_point, options.split(",", 1)[0].rstrip(")").strip()))
    return table


def mount_type(
    path: PurePosixPath, table: list[tuple[str, str]], wanted: frozenset[str]
) -> str | None:
    """The type of the file system mounted deepest above ``path`` when it is in ``wanted``."""
    best: tuple[int, str] | None = None
    for mount_point, kind in table:
        point = PurePosixPath(mount_point)
        if (path == point or point in path.parents) and (
            best is None or len(point.parts) >= best[0]
        ):
            best = (len(point.parts), kind)  # a later line mounted over an earlier one wins
    if best is None:
        return None
    kind = best[1].lower()
    return kind if kind in wanted or kind.split(".")[-1] in wanted else None


def is_unc(path: PureWindowsPath) -> bool:
    r"""Whether ``path`` names a network share (``\\server\share``, ``\\?\UNC\server``)."""
    text = str(path).replace("/", "\\")
    if text.upper().startswith("\\\\?\\UNC\\"):
        return True
    return text.startswith("\\\\") and not text.startswith(("\\\\?\\", "\\\\.\\"))


def _windows_network(path: Path) -> str | None:
    windows_path = PureWindowsPath(path)
    if is_unc(windows_path):
        return _("a shared folder")
    import ctypes

    root = windows_path.anchor
    if root and ctypes.windll.kernel32.GetDriveTypeW(root) == _DRIVE_REMOTE:  # type: ignore[attr-defined]
        return _("a mapped network drive")
    return None


def _unescape_octal(field: str) -> str:
    r"""``/media/My\040Disk`` -> ``/media/My Disk`` (the kernel escapes spaces and tabs)."""
    if "\\" not in field:
        return field
    out, index = [], 0
    while index < len(field):
        chunk = field[index : index + 4]
        if len(chunk) == 4 and chunk[0] == "\\" and chunk[1:].isdigit():
            out.append(chr(int(chunk[1:], 8)))
            index += 4
        else:
            out.append(field[index])
            index += 1
    return "".join(out)
