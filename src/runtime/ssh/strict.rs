//! StrictModes, as OpenSSH's `safe_path` (misc.c) checks a key file before
//! sshd trusts it: the file, and each directory above it up to the owner's
//! home or the root, must be owned by the server's user (or root) and not
//! writable by group or others. One difference: a sticky directory (`/tmp`)
//! counts as safe, since others cannot rename or remove what is in it.
//! What is wrong comes with the `chmod` (or `chown`) that fixes it.

use std::fs::Metadata;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

/// The user the server runs as: who may own its key files.
#[derive(Debug, Clone)]
pub struct Owner {
    uid: u32,
    name: String,
    /// Where the walk up from a key file stops (after checking it).
    home: Option<PathBuf>,
}

impl Owner {
    /// The process's effective user, with its home from the password database.
    pub fn me() -> Self {
        let uid = nix::unistd::geteuid();
        let user = nix::unistd::User::from_uid(uid).ok().flatten();
        Self {
            uid: uid.as_raw(),
            name: user.as_ref().map_or_else(|| uid.to_string(), |u| u.name.clone()),
            home: user.and_then(|u| u.dir.canonicalize().ok()),
        }
    }
}

/// Why a path may not be trusted, and the command that fixes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsafe {
    /// What is wrong, naming the file or directory.
    pub wrong: String,
    /// The shell command that fixes it.
    pub fix: String,
}

/// What is wrong with one file or directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    /// Group or others may write it; the mode, and the mode that fixes it.
    Writable(u32, u32),
    /// Owned by this other user.
    Owner(u32),
}

/// StrictModes' rule for one file or directory: owned by `me` or root, and
/// not writable by group or others (unless a sticky directory).
fn judge(mode: u32, uid: u32, is_dir: bool, me: u32) -> Option<Problem> {
    if uid != me && uid != 0 {
        return Some(Problem::Owner(uid));
    }
    let sticky = is_dir && mode & 0o1000 != 0;
    (mode & 0o022 != 0 && !sticky).then_some(Problem::Writable(mode & 0o7777, mode & 0o7777 & !0o022))
}

/// Who may write, in words.
fn writers(mode: u32) -> &'static str {
    match (mode & 0o020 != 0, mode & 0o002 != 0) {
        (true, true) => "group and others",
        (true, false) => "its group",
        _ => "others",
    }
}

/// A path as a shell reads it back: quoted when it holds anything but plain characters.
fn shell(path: &Path) -> String {
    let text = path.display().to_string();
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c)) {
        return text;
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn unsafe_for(problem: Problem, path: &Path, above: Option<&Path>, owner: &Owner) -> Unsafe {
    let name = match above {
        Some(file) => format!("{}, a directory above {},", path.display(), file.display()),
        None => path.display().to_string(),
    };
    match problem {
        Problem::Writable(mode, fixed) => Unsafe {
            wrong: format!("{name} is writable by {} (mode {mode:04o})", writers(mode)),
            fix: format!("chmod {fixed:o} {}", shell(path)),
        },
        Problem::Owner(uid) => Unsafe {
            wrong: format!("{name} is owned by user {uid}, not by {} (uid {}) or root", owner.name, owner.uid),
            fix: format!("chown {} {}", owner.name, shell(path)),
        },
    }
}

/// Checks a key file, from its metadata (taken from the open file, so what
/// is checked is what is read), and every directory above it.
pub fn check(path: &Path, meta: &Metadata, owner: &Owner) -> Result<(), Unsafe> {
    let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if !meta.is_file() {
        return Err(Unsafe { wrong: format!("{} is not a regular file", real.display()), fix: String::new() });
    }
    if let Some(p) = judge(meta.mode(), meta.uid(), false, owner.uid) {
        return Err(unsafe_for(p, &real, None, owner));
    }
    check_dirs_above(&real, owner)?;
    // A symbolic link can be replaced by whoever may write the directory it is in.
    if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink())
        && let Some(link_dir) = path.parent().and_then(|d| absolute_dir(d).canonicalize().ok())
    {
        check_dir_and_above(&link_dir, path, owner)?;
    }
    Ok(())
}

/// Checks the directories a file not made yet would be in: the nearest
/// one that exists, and those above it.
pub fn check_new(path: &Path, owner: &Owner) -> Result<(), Unsafe> {
    let mut dir = absolute_dir(path.parent().unwrap_or(Path::new("")));
    while !dir.exists() {
        match dir.parent() {
            Some(up) => dir = up.to_path_buf(),
            None => return Ok(()),
        }
    }
    check_dir_and_above(&dir.canonicalize().unwrap_or(dir), path, owner)
}

/// A directory as an absolute path (`""` is the current one).
fn absolute_dir(dir: &Path) -> PathBuf {
    if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir.to_path_buf() }
}

fn check_dirs_above(real: &Path, owner: &Owner) -> Result<(), Unsafe> {
    match real.parent() {
        Some(dir) => check_dir_and_above(dir, real, owner),
        None => Ok(()),
    }
}

/// Checks `dir` (canonical) and each directory above it, up to the owner's
/// home (checked too) or the root.
fn check_dir_and_above(dir: &Path, file: &Path, owner: &Owner) -> Result<(), Unsafe> {
    for d in dir.ancestors() {
        let meta = std::fs::metadata(d).map_err(|e| Unsafe {
            wrong: format!("cannot check {}, a directory above {}: {e}", d.display(), file.display()),
            fix: String::new(),
        })?;
        if let Some(p) = judge(meta.mode(), meta.uid(), true, owner.uid) {
            return Err(unsafe_for(p, d, Some(file), owner));
        }
        if owner.home.as_deref() == Some(d) {
            break;
        }
    }
    Ok(())
}

impl Unsafe {
    /// The whole message: what is wrong, what it would let others do, the fix.
    pub fn with_risk(&self, risk: &str) -> String {
        let mut text = format!("{}, so {risk}", self.wrong);
        if !self.fix.is_empty() {
            text.push_str(&format!("; fix with: {}", self.fix));
        }
        text
    }
}

impl std::fmt::Display for Unsafe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.wrong)?;
        if !self.fix.is_empty() {
            write!(f, "; fix with: {}", self.fix)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    const ME: u32 = 1000;

    #[test]
    fn the_rule_is_openssh_s_with_sticky_directories_safe() {
        assert_eq!(judge(0o100644, ME, false, ME), None);
        assert_eq!(judge(0o100600, 0, false, ME), None, "root may own it");
        assert_eq!(judge(0o100666, ME, false, ME), Some(Problem::Writable(0o666, 0o644)));
        assert_eq!(judge(0o100620, ME, false, ME), Some(Problem::Writable(0o620, 0o600)));
        assert_eq!(judge(0o100602, ME, false, ME), Some(Problem::Writable(0o602, 0o600)));
        assert_eq!(judge(0o100644, 1001, false, ME), Some(Problem::Owner(1001)));
        assert_eq!(judge(0o40777, ME, true, ME), Some(Problem::Writable(0o777, 0o755)));
        assert_eq!(judge(0o41777, 0, true, ME), None, "a sticky directory such as /tmp");
        assert_eq!(judge(0o101666, ME, false, ME), Some(Problem::Writable(0o1666, 0o1644)), "sticky files are not");
        assert_eq!(judge(0o40755, 1001, true, ME), Some(Problem::Owner(1001)));
    }

    #[test]
    fn each_problem_names_the_path_and_the_fix() {
        let me = Owner { uid: ME, name: "ann".into(), home: None };
        let u = unsafe_for(Problem::Writable(0o666, 0o644), Path::new("/k/keys"), None, &me);
        assert_eq!(u.to_string(), "/k/keys is writable by group and others (mode 0666); fix with: chmod 644 /k/keys");
        let u = unsafe_for(Problem::Writable(0o775, 0o755), Path::new("/k"), Some(Path::new("/k/keys")), &me);
        assert_eq!(
            u.to_string(),
            "/k, a directory above /k/keys, is writable by its group (mode 0775); fix with: chmod 755 /k"
        );
        let u = unsafe_for(Problem::Owner(7), Path::new("/a b/it's"), None, &me);
        assert_eq!(
            u.to_string(),
            r"/a b/it's is owned by user 7, not by ann (uid 1000) or root; fix with: chown ann '/a b/it'\''s'"
        );
    }

    fn set(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn files_and_the_directories_above_them_up_to_home_are_checked() {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().canonicalize().unwrap().join("home");
        let ssh = home.join(".ssh");
        std::fs::create_dir_all(&ssh).unwrap();
        let keys = ssh.join("authorized_keys");
        std::fs::write(&keys, "").unwrap();
        let me = Owner::me();
        let owner = Owner { home: Some(home.clone()), ..me.clone() };
        let check_it = |o: &Owner| check(&keys, &std::fs::metadata(&keys).unwrap(), o);
        set(&keys, 0o600);
        set(&ssh, 0o700);
        set(&home, 0o755);
        assert_eq!(check_it(&owner), Ok(()));
        set(&keys, 0o666);
        assert!(check_it(&owner).unwrap_err().fix.starts_with("chmod 644 "));
        set(&keys, 0o644);
        set(&ssh, 0o777);
        let err = check_it(&owner).unwrap_err();
        assert_eq!(err.fix, format!("chmod 755 {}", ssh.display()));
        set(&ssh, 0o700);
        // Above the home nothing is looked at; without a home, up to the root.
        set(tmp.path(), 0o777);
        assert_eq!(check_it(&owner), Ok(()));
        let err = check_it(&Owner { home: None, ..me.clone() }).unwrap_err();
        assert!(err.wrong.starts_with(&tmp.path().canonicalize().unwrap().display().to_string()), "{err}");
        set(tmp.path(), 0o1777);
        assert_eq!(check_it(&Owner { home: None, ..me.clone() }), Ok(()), "sticky is safe");
        // A file yet to be made: the directories it would be in.
        set(&ssh, 0o757);
        assert!(check_new(&ssh.join("new/deeper/key"), &owner).unwrap_err().wrong.contains("by others"));
        set(&ssh, 0o700);
        assert_eq!(check_new(&ssh.join("new/deeper/key"), &owner), Ok(()));
        set(tmp.path(), 0o700);
    }

    #[test]
    fn a_symbolic_link_in_a_directory_others_can_write_is_unsafe() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let (safe, open) = (root.join("safe"), root.join("open"));
        std::fs::create_dir(&safe).unwrap();
        std::fs::create_dir(&open).unwrap();
        set(&open, 0o777);
        std::fs::write(safe.join("keys"), "").unwrap();
        std::os::unix::fs::symlink(safe.join("keys"), open.join("keys")).unwrap();
        let owner = Owner { home: Some(root.clone()), ..Owner::me() };
        let link = open.join("keys");
        let err = check(&link, &std::fs::metadata(&link).unwrap(), &owner).unwrap_err();
        assert_eq!(err.fix, format!("chmod 755 {}", open.display()));
    }
}
