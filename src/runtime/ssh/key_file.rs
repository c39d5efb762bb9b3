//! A key file (`--authorized-keys`, `--presenter-keys`, `--cleared-keys`)
//! as the server holds it. At start, a file that StrictModes finds unsafe
//! (`strict.rs`: writable by others, or owned by another user, or under a
//! directory that is) stops the server with the fix. After that it is looked
//! at again each time it is used, as sshd reads authorized_keys at each
//! login: a change is read in (a key added or removed counts at once), but
//! a file that has become unsafe, or cannot be read, leaves the last safe
//! copy in force, and the log says why (once per problem, and again when it
//! is safe).

use std::io::Read as _;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use russh::keys::ssh_key::HashAlg;
use tracing::{info, warn};

use super::keys::KeyList;
use super::strict::{self, Owner};
use super::{ServeError, io_err};

/// What a key file decides, for its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `--authorized-keys`: who may log in.
    Authorized,
    /// `--presenter-keys`: who may present.
    Presenter,
    /// `--cleared-keys`: who sees what is confidential.
    Cleared,
}

impl Role {
    fn flag(self) -> &'static str {
        match self {
            Self::Authorized => "--authorized-keys",
            Self::Presenter => "--presenter-keys",
            Self::Cleared => "--cleared-keys",
        }
    }

    fn risk(self) -> &'static str {
        match self {
            Self::Authorized => "whoever can write it could add a key and log in",
            Self::Presenter => "whoever can write it could make themselves presenter and read the speaker notes",
            Self::Cleared => "whoever can write it could clear themselves to see what is confidential",
        }
    }
}

/// What identifies a version of the file: a save, a replacement or a
/// change of mode or owner gives a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    fn of(m: &std::fs::Metadata) -> Self {
        Self {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        }
    }
}

/// The copy in force.
#[derive(Debug)]
struct Held {
    list: Arc<KeyList>,
    stamp: Stamp,
    /// Why the file on disk is not used now, as last logged.
    problem: Option<String>,
}

#[derive(Debug)]
struct Watched {
    path: PathBuf,
    role: Role,
    owner: Owner,
    held: Mutex<Held>,
}

/// A key file, or none (an empty list).
#[derive(Debug, Default)]
pub struct KeyFile {
    watched: Option<Watched>,
    empty: Arc<KeyList>,
}

/// What looking at the file found.
enum Look {
    Same,
    Changed(KeyList, Stamp),
    Problem(String),
}

/// Opens `path` and reads its metadata from the open file.
fn open(path: &Path) -> std::io::Result<(std::fs::File, std::fs::Metadata)> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    Ok((file, meta))
}

fn read(mut file: std::fs::File) -> std::io::Result<KeyList> {
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    Ok(KeyList::parse(&text))
}

impl KeyFile {
    /// Reads `path` for `role`; refuses a file StrictModes finds unsafe.
    /// What its lines say against themselves is printed.
    pub fn open(path: &Path, role: Role, owner: &Owner) -> Result<Self, ServeError> {
        let what = || format!("{} {}: cannot read it", role.flag(), path.display());
        let (file, meta) = open(path).map_err(io_err(what()))?;
        strict::check(path, &meta, owner)
            .map_err(|u| ServeError::Key(format!("{} {}", role.flag(), u.with_risk(role.risk()))))?;
        let list = read(file).map_err(io_err(what()))?;
        for line in complaints(&list, path) {
            eprintln!("dealscope: {line}");
        }
        let held = Held { list: Arc::new(list), stamp: Stamp::of(&meta), problem: None };
        let watched = Watched { path: path.to_path_buf(), role, owner: owner.clone(), held: Mutex::new(held) };
        Ok(Self { watched: Some(watched), empty: Arc::default() })
    }

    /// The keys in force now: the file as it is, if it is safe and changed
    /// since it was last read, else the last safe copy.
    pub fn current(&self) -> Arc<KeyList> {
        let Some(w) = &self.watched else { return Arc::clone(&self.empty) };
        let mut held = w.held.lock().unwrap_or_else(|e| e.into_inner());
        let (flag, path) = (w.role.flag(), w.path.display());
        match w.look(held.stamp) {
            Look::Same => {
                if held.problem.take().is_some() {
                    info!("{flag} {path} is safe again; its keys count");
                }
            }
            Look::Changed(list, stamp) => {
                info!("{flag} {path} changed: {} key(s), {} before", list.len(), held.list.len());
                for line in complaints(&list, &w.path) {
                    warn!("{line}");
                }
                *held = Held { list: Arc::new(list), stamp, problem: None };
            }
            Look::Problem(why) => {
                if held.problem.as_ref() != Some(&why) {
                    warn!("{flag} {path}: {why}; the last safe copy ({} key(s)) stays in force", held.list.len());
                    held.problem = Some(why);
                }
            }
        }
        Arc::clone(&held.list)
    }
}

impl Watched {
    fn look(&self, last: Stamp) -> Look {
        let (file, meta) = match open(&self.path) {
            Ok(opened) => opened,
            Err(e) => return Look::Problem(format!("cannot read it now ({e})")),
        };
        if let Err(u) = strict::check(&self.path, &meta, &self.owner) {
            return Look::Problem(u.with_risk(self.role.risk()));
        }
        let stamp = Stamp::of(&meta);
        if stamp == last {
            return Look::Same;
        }
        match read(file) {
            Ok(list) => Look::Changed(list, stamp),
            Err(e) => Look::Problem(format!("cannot read it now ({e})")),
        }
    }
}

/// The lines a file's own lines earn: skipped ones, and keys refused here.
fn complaints(list: &KeyList, path: &Path) -> Vec<String> {
    let skipped = list.skipped.iter().map(|(line, why)| format!("WARNING: {}:{line}: skipped: {why}", path.display()));
    let refused = list.refused.iter().map(|r| {
        format!("{}:{}: key {} refused here: {}", path.display(), r.line, r.key.fingerprint(HashAlg::Sha256), r.why)
    });
    skipped.chain(refused).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGdDYxrnlJOSdjtwLyStOtGBgc49mCFJh+0gk6F/PZ8H alice@laptop";
    const OTHER: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAXSl0Vhpm6YvsxuPPyM9OHXVx6XQjf1rJvqFv0HKDC2 bob@desk";

    fn set(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn a_change_counts_and_an_unsafe_file_keeps_the_last_safe_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys");
        std::fs::write(&path, format!("{KEY}\n")).unwrap();
        set(&path, 0o600);
        let owner = Owner::me();
        let file = KeyFile::open(&path, Role::Authorized, &owner).unwrap();
        assert_eq!(file.current().len(), 1);
        std::fs::write(&path, format!("{KEY}\n{OTHER}\n")).unwrap();
        assert_eq!(file.current().len(), 2, "a key added counts at once");
        // Made writable by others, with a third key added: still the two.
        set(&path, 0o666);
        std::fs::write(&path, format!("{KEY}\n{OTHER}\n{KEY} again\n")).unwrap();
        assert_eq!(file.current().len(), 2);
        let held = file.watched.as_ref().unwrap().held.lock().unwrap().problem.clone().unwrap();
        assert!(held.contains("chmod 644") && held.contains("add a key"), "{held}");
        // The directory above, likewise.
        set(&path, 0o644);
        set(dir.path(), 0o777);
        assert_eq!(file.current().len(), 2);
        set(dir.path(), 0o700);
        assert_eq!(file.current().len(), 3, "safe again: the file as it is now");
        std::fs::remove_file(&path).unwrap();
        assert_eq!(file.current().len(), 3, "a file that cannot be read leaves the last copy");
        assert_eq!(KeyFile::default().current().len(), 0);
    }

    #[test]
    fn an_unsafe_file_is_refused_at_start_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("presenters");
        std::fs::write(&path, format!("{KEY}\n")).unwrap();
        for (mode, fix) in [(0o666, "chmod 644"), (0o620, "chmod 600"), (0o646, "chmod 644")] {
            set(&path, mode);
            let err = KeyFile::open(&path, Role::Presenter, &Owner::me()).unwrap_err().to_string();
            assert!(err.starts_with("--presenter-keys ") && err.contains("make themselves presenter"), "{err}");
            assert!(err.contains(&format!("{fix} {}", path.canonicalize().unwrap().display())), "{err}");
        }
        for mode in [0o644, 0o600, 0o400] {
            set(&path, mode);
            assert!(KeyFile::open(&path, Role::Presenter, &Owner::me()).is_ok(), "{mode:o}");
        }
    }
}
