//! Where what is kept between runs lives (`app::resume::Saved`): one file
//! per dataset in `$XDG_STATE_HOME/dealscope` (else `~/.local/state/dealscope`),
//! named after the data's path; read when the explorer starts, written when
//! it ends, atomically (a new file renamed over the old one), readable by
//! its owner only (0600, in a 0700 directory). Keeping state is never a
//! reason to fail: a file that cannot be read is said once and left to be
//! replaced, and one that cannot be written is said on the way out.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::app::resume::{SAVED_VERSION, Saved};

/// The directory states are kept in, from `XDG_STATE_HOME` and `HOME`.
pub fn dir(xdg_state_home: Option<&str>, home: Option<&str>) -> Option<PathBuf> {
    // The spec: a relative XDG_STATE_HOME is invalid, and ignored.
    let base = match xdg_state_home.map(PathBuf::from).filter(|p| p.is_absolute()) {
        Some(p) => p,
        None => PathBuf::from(home.filter(|h| !h.is_empty())?).join(".local/state"),
    };
    Some(base.join("dealscope"))
}

/// The file that keeps the state of the explorer on the data at `data`
/// (none: the built-in demo data): the data's name and a hash of its full
/// path, so two datasets of one name are kept apart. A `redacted` run keeps
/// its own: what an analyst typed with everything in view (a filter naming
/// a confidential firm, a tag) never comes back on a redacted screen.
pub fn file_for(dir: &Path, data: Option<&Path>, redacted: bool) -> PathBuf {
    let suffix = if redacted { "-redacted" } else { "" };
    let Some(data) = data else { return dir.join(format!("demo{suffix}.json")) };
    let full = std::fs::canonicalize(data).unwrap_or_else(|_| data.to_path_buf());
    let name: String = full
        .file_name()
        .map(|n| n.to_string_lossy().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect())
        .unwrap_or_default();
    // FNV-1a: stable across runs and builds, unlike std's hasher.
    let hash = full
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3));
    dir.join(format!("{name}-{hash:016x}{suffix}.json"))
}

/// What the file keeps: `Ok(None)` when there is none yet; why it cannot be
/// used when it cannot.
pub fn read(file: &Path) -> Result<Option<Saved>, String> {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let saved: Saved = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if saved.version != SAVED_VERSION {
        return Err(format!("it is of version {}, this dealscope reads {SAVED_VERSION}", saved.version));
    }
    Ok(Some(saved))
}

/// Writes the state: into a new file beside the old one (0600), then
/// renamed over it, so a reader never sees half of it.
pub fn write(file: &Path, saved: &Saved) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _};
    let dir = file.parent().ok_or_else(|| std::io::Error::other("no directory"))?;
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    let text = serde_json::to_string_pretty(saved).map_err(std::io::Error::other)?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&temp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&temp, file)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_directory_follows_xdg_and_falls_back_to_home() {
        assert_eq!(dir(Some("/x/state"), Some("/home/a")), Some(PathBuf::from("/x/state/dealscope")));
        assert_eq!(dir(Some("relative"), Some("/home/a")), Some(PathBuf::from("/home/a/.local/state/dealscope")));
        assert_eq!(dir(None, Some("/home/a")), Some(PathBuf::from("/home/a/.local/state/dealscope")));
        assert_eq!(dir(None, None), None);
    }

    #[test]
    fn written_atomically_for_its_owner_only_and_read_back() {
        use std::os::unix::fs::PermissionsExt as _;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("state/dealscope");
        let file = file_for(&dir, Some(Path::new("/no/such/deals")), false);
        assert!(file.file_name().unwrap().to_string_lossy().starts_with("deals-"));
        assert_ne!(file, file_for(&dir, Some(Path::new("/other/deals")), false), "two datasets of one name are apart");
        let redacted = file_for(&dir, Some(Path::new("/no/such/deals")), true);
        assert_ne!(file, redacted, "a redacted run never takes up what was typed with everything in view");
        assert_ne!(file_for(&dir, None, false), file_for(&dir, None, true));
        assert_eq!(read(&file), Ok(None));
        let saved = Saved { version: SAVED_VERSION, marks: vec!["huawei".into()], ..Saved::default() };
        write(&file, &saved).unwrap();
        assert_eq!(read(&file), Ok(Some(saved.clone())));
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        write(&file, &Saved { marks: vec![], ..saved }).unwrap();
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no temporary file is left");
        std::fs::write(&file, "{ not json").unwrap();
        assert!(read(&file).is_err());
    }
}
