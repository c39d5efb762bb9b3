//! What the program keeps on disk is its user's alone: recordings and
//! handouts are created 0600 and the directories it makes for them 0700,
//! whatever the umask (set on the open file, so a umask of 000 cannot widen
//! them and a strange one cannot leave the owner without access); a
//! directory others can write is refused as a place to record into. A leaf,
//! like `exit.rs`: the commands and the runtimes both use it.

use std::fs::File;
use std::io;
use std::os::unix::fs::{DirBuilderExt as _, MetadataExt as _, OpenOptionsExt as _, PermissionsExt as _};
use std::path::Path;

/// Creates a new file (never replacing one, nor following a link left in
/// its place) that only its owner can read and write.
pub fn create_file(path: &Path) -> io::Result<File> {
    let file = File::options().write(true).create_new(true).mode(0o600).open(path)?;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok(file)
}

/// Writes `bytes` to a new private file.
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use io::Write as _;
    let mut file = create_file(path)?;
    file.write_all(bytes)?;
    file.flush()
}

/// Makes `dir` and any missing directory above it, each 0700; a directory
/// that exists already is left as it is.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dir_all(parent)?;
    }
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => return Ok(()),
        other => other?,
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

/// Checks that `dir` is a directory this user may write and nobody else
/// may: a place where what is written cannot be replaced, removed or
/// pre-empted by another user. Says why not and what to do.
pub fn own_dir(dir: &Path) -> Result<(), String> {
    let shown = dir.display();
    let meta = std::fs::metadata(dir).map_err(|e| format!("{shown}: {e}"))?;
    if !meta.is_dir() {
        return Err(format!("{shown} is not a directory"));
    }
    let me = nix::unistd::geteuid().as_raw();
    let mode = meta.mode() & 0o7777;
    if meta.uid() != me {
        return Err(format!(
            "{shown} belongs to another user (uid {}), who could read or replace what is written there; \
             use a directory of your own: mkdir -m 700 DIR",
            meta.uid()
        ));
    }
    if mode & 0o022 != 0 {
        return Err(format!(
            "{shown} is writable by others (mode {mode:04o}), who could remove or replace what is written \
             there; fix with: chmod go-w {shown} (or use a directory of your own: mkdir -m 700 DIR)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn files_and_directories_made_are_private() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        create_dir_all(&dir).unwrap();
        assert_eq!((mode(&tmp.path().join("a")), mode(&dir)), (0o700, 0o700));
        let file = dir.join("f");
        write_file(&file, b"x").unwrap();
        assert_eq!(mode(&file), 0o600);
        assert!(write_file(&file, b"y").is_err(), "never replaced");
        assert_eq!(std::fs::read(&file).unwrap(), b"x");
        // An existing directory keeps its mode.
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o750)).unwrap();
        create_dir_all(&dir).unwrap();
        assert_eq!(mode(&dir), 0o750);
    }

    #[test]
    fn a_directory_others_can_write_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(own_dir(tmp.path()), Ok(()));
        for m in [0o777, 0o1777, 0o770, 0o702] {
            std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(m)).unwrap();
            let err = own_dir(tmp.path()).unwrap_err();
            assert!(err.contains("writable by others") && err.contains("chmod go-w"), "{m:o}: {err}");
        }
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(own_dir(tmp.path()), Ok(()));
        assert!(own_dir(&tmp.path().join("missing")).is_err());
    }
}
