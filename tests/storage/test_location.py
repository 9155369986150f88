"""Risky places for a database: synced folders by their shapes, network mounts by real lines."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from app.storage.location import (
    NETWORK_TYPES,
    is_unc,
    location_warning,
    mount_type,
    network_file_system,
    parse_macos_mounts,
    parse_proc_mounts,
    synced_folder_service,
)
from tests.helpers.filesystems import small_filesystem


@pytest.mark.parametrize(
    ("path", "service"),
    [
        (PureWindowsPath(r"C:\Users\maria\OneDrive\Documents\Focal\focal.sqlite3"), "OneDrive"),
        (PureWindowsPath(r"C:\Users\maria\OneDrive - OEA\Focal\focal.sqlite3"), "OneDrive"),
        (PureWindowsPath(r"C:\Users\maria\Dropbox\focal.sqlite3"), "Dropbox"),
        (PureWindowsPath(r"D:\Dropbox (Personal)\Informes\focal.sqlite3"), "Dropbox"),
        (PureWindowsPath(r"G:\My Drive\Focal\focal.sqlite3"), "Google Drive"),
        (PureWindowsPath(r"C:\Users\maria\Google Drive\focal.sqlite3"), "Google Drive"),
        (PureWindowsPath(r"C:\Users\maria\iCloudDrive\focal.sqlite3"), "iCloud Drive"),
        (PureWindowsPath(r"C:\Users\maria\Box\Reports\focal.sqlite3"), "Box"),
        (PureWindowsPath(r"P:\pCloud Drive\focal.sqlite3"), "pCloud"),
        (
            PurePosixPath(
                "/Users/maria/Library/Mobile Documents/com~apple~CloudDocs/Focal/focal.sqlite3"
            ),
            "iCloud Drive",
        ),
        (
            PurePosixPath(
                "/Users/maria/Library/CloudStorage/GoogleDrive-maria@oas.org/My Drive/f.sqlite3"
            ),
            "Google Drive",
        ),
        (
            PurePosixPath("/Users/maria/Library/CloudStorage/OneDrive-Personal/focal.sqlite3"),
            "OneDrive",
        ),
        (PurePosixPath("/Users/maria/Library/CloudStorage/Dropbox/focal.sqlite3"), "Dropbox"),
        (PurePosixPath("/home/maria/Dropbox/focal.sqlite3"), "Dropbox"),
        (PurePosixPath("/home/maria/Nextcloud/Focal/focal.sqlite3"), "Nextcloud"),
    ],
)
def test_synced_folders_are_recognised(path, service):
    assert synced_folder_service(path) == service


@pytest.mark.parametrize(
    "path",
    [
        PureWindowsPath(r"C:\Users\maria\AppData\Local\Focal\focal.sqlite3"),
        PureWindowsPath(r"C:\Users\maria\Documents\Dropbox.sqlite3"),  # a file, not the folder
        PureWindowsPath(r"C:\Users\maria\Documents\Boxes\focal.sqlite3"),
        PurePosixPath("/home/maria/.local/share/Focal/focal.sqlite3"),
        PurePosixPath("/Users/maria/Library/Application Support/Focal/focal.sqlite3"),
        PurePosixPath("/home/boxer/focal.sqlite3"),
    ],
)
def test_ordinary_folders_are_not_taken_for_synced_ones(path):
    assert synced_folder_service(path) is None


PROC_MOUNTS = "\n".join(
    (
        "/dev/nvme0n1p2 / ext4 rw,relatime,errors=remount-ro 0 0",
        "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
        "fileserver.oas.org:/export/home /home nfs4 rw,relatime,vers=4.2,rsize=1048576,"
        "wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys,"
        "clientaddr=10.0.0.5,local_lock=none,addr=10.0.0.2 0 0",
        "/dev/nvme0n1p3 /home/maria/local ext4 rw,relatime 0 0",
        "//fileserver/Compartido /mnt/compartido cifs rw,relatime,vers=3.1.1,cache=strict,"
        "username=maria,uid=1000,noforceuid,gid=1000,noforcegid,addr=10.0.0.2,file_mode=0755,"
        "dir_mode=0755,soft,nounix,serverino,mapposix,rsize=4194304,wsize=4194304,"
        "bsize=1048576,echo_interval=60,actimeo=1,closetimeo=1 0 0",
        "maria@server:/srv/focal /home/maria/remote fuse.sshfs "
        "rw,nosuid,nodev,relatime,user_id=1000,group_id=1000 0 0",
        "gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse "
        "rw,nosuid,nodev,relatime,user_id=1000,group_id=1000 0 0",
        r"drvfs /mnt/c 9p rw,noatime,dirsync,aname=drvfs;path=C:\;uid=1000;gid=1000;"
        "symlinkroot=/mnt/,mmap,access=client,msize=262144,trans=virtio 0 0",
        r"/dev/sdb1 /media/maria/My\040Passport exfat rw,nosuid,nodev,relatime,uid=1000 0 0",
        "tmpfs /run/user/1000 tmpfs rw,nosuid,nodev,relatime,size=1620332k,mode=700 0 0",
    )
)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/maria/Documents/focal.sqlite3", "nfs4"),
        ("/home/maria/local/focal.sqlite3", None),  # a local disk mounted inside the share
        ("/home2/focal.sqlite3", None),  # /home is not a folder of /home2
        ("/mnt/compartido/Focal/focal.sqlite3", "cifs"),
        ("/home/maria/remote/focal.sqlite3", "fuse.sshfs"),
        ("/run/user/1000/gvfs/smb-share:server=fs,share=docs/focal.sqlite3", "fuse.gvfsd-fuse"),
        ("/mnt/c/Users/maria/focal.sqlite3", "9p"),
        ("/media/maria/My Passport/focal.sqlite3", None),
        ("/var/lib/focal/focal.sqlite3", None),
    ],
)
def test_network_mounts_from_linux_mount_table(path, kind):
    table = parse_proc_mounts(PROC_MOUNTS)
    assert ("/media/maria/My Passport", "exfat") in table  # the kernel's \040 is a space
    assert mount_type(PurePosixPath(path), table, NETWORK_TYPES) == kind


MACOS_MOUNT = "\n".join(
    (
        "/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)",
        "devfs on /dev (devfs, local, nobrowse)",
        "/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse, protect)",
        "map auto_home on /System/Volumes/Data/home (autofs, automounted, nobrowse)",
        "//maria@fileserver.oas.org/Compartido on /Volumes/Compartido "
        "(smbfs, nodev, nosuid, mounted by maria)",
        "fileserver:/export/focal on /Volumes/focal (nfs, asynchronous)",
        "/dev/disk4s1 on /Volumes/USB Stick "
        "(msdos, local, nodev, nosuid, noowners, noatime, mounted by maria)",
    )
)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/Volumes/Compartido/Focal/focal.sqlite3", "smbfs"),
        ("/Volumes/focal/focal.sqlite3", "nfs"),
        ("/Volumes/USB Stick/focal.sqlite3", None),
        ("/Users/maria/Library/Application Support/Focal/focal.sqlite3", None),
    ],
)
def test_network_mounts_from_macos_mount_output(path, kind):
    table = parse_macos_mounts(MACOS_MOUNT)
    assert mount_type(PurePosixPath(path), table, NETWORK_TYPES) == kind


@pytest.mark.parametrize(
    ("path", "unc"),
    [
        (r"\\fileserver\Compartido\Focal\focal.sqlite3", True),
        (r"\\?\UNC\fileserver\Compartido\focal.sqlite3", True),
        ("//fileserver/Compartido/focal.sqlite3", True),
        (r"\\?\C:\Users\maria\focal.sqlite3", False),
        (r"C:\Users\maria\focal.sqlite3", False),
    ],
)
def test_windows_shared_folders(path, unc):
    assert is_unc(PureWindowsPath(path)) is unc


def test_the_warning_names_the_database_and_the_service(tmp_path):
    database = tmp_path / "Dropbox" / "Focal" / "focal.sqlite3"
    text = location_warning(database)
    assert text is not None
    assert str(database) in text
    assert "Dropbox" in text
    assert "own disk" in text


def test_a_database_on_this_computers_disk_gets_no_warning(tmp_path):
    assert location_warning(tmp_path / "focal.sqlite3") is None


def test_a_real_local_mount_is_not_a_network_drive():
    with small_filesystem(64) as disk:
        assert network_file_system(disk.path / "focal.sqlite3") is None
        table = parse_proc_mounts(Path("/proc/self/mounts").read_text())
        assert mount_type(PurePosixPath(disk.path), table, frozenset({"tmpfs"})) == "tmpfs"
