//! The server's host key, checked as strictly as OpenSSH checks it: made
//! on first run (Ed25519, mode 0600, any directory it needs made 0700);
//! refused when others can read it, when it or a directory above it is
//! not safe (StrictModes, `strict.rs`), or when a passphrase protects it.

use std::io::{Read as _, Write as _};
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _, PermissionsExt as _};
use std::path::Path;

use russh::keys::ssh_key::LineEnding;
use russh::keys::{Algorithm, PrivateKey};

use super::strict::{self, Owner};
use super::{ServeError, io_err};

/// What someone who could replace the host key could do.
const RISK: &str = "whoever could replace the host key could pose as this server";

/// Loads the host key, or makes one on first run.
pub fn host_key(path: &Path, owner: &Owner) -> Result<PrivateKey, ServeError> {
    if path.exists() {
        return load(path, owner);
    }
    strict::check_new(path, owner).map_err(|u| ServeError::Key(u.with_risk(RISK)))?;
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
        .map_err(|e| ServeError::Key(format!("cannot make a host key: {e}")))?;
    let text =
        key.to_openssh(LineEnding::LF).map_err(|e| ServeError::Key(format!("cannot encode the host key: {e}")))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(io_err(format!("creating {}", dir.display())))?;
        // The umask may have taken bits away (or a strange one left too few): set it exactly.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(io_err(format!("setting the mode of {}", dir.display())))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(io_err(format!("writing {}", path.display())))?;
    f.set_permissions(std::fs::Permissions::from_mode(0o600))
        .map_err(io_err(format!("setting the mode of {}", path.display())))?;
    f.write_all(text.as_bytes()).map_err(io_err(format!("writing {}", path.display())))?;
    eprintln!("dealscope: made a new host key at {}", path.display());
    Ok(key)
}

/// Reads an existing host key, checking the open file (what is checked is what is read).
fn load(path: &Path, owner: &Owner) -> Result<PrivateKey, ServeError> {
    let mut file = std::fs::File::open(path).map_err(io_err(format!("reading {}", path.display())))?;
    let meta = file.metadata().map_err(io_err(format!("reading {}", path.display())))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(ServeError::Key(format!(
            "{}: host key permissions {mode:04o} are too open: others could read it and pose as this \
             server; fix with: chmod 600 {}",
            path.display(),
            path.display()
        )));
    }
    strict::check(path, &meta, owner).map_err(|u| ServeError::Key(u.with_risk(RISK)))?;
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(io_err(format!("reading {}", path.display())))?;
    let key = PrivateKey::from_openssh(&text)
        .map_err(|e| ServeError::Key(format!("{}: not an OpenSSH private key: {e}", path.display())))?;
    if key.is_encrypted() {
        return Err(ServeError::Key(format!(
            "{}: the host key is protected by a passphrase, which a server cannot type; use a key \
             without one (or remove the file to have a new one made)",
            path.display()
        )));
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_key_others_can_read_or_replace_is_refused_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/dir/key");
        let me = Owner::me();
        host_key(&path, &me).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("sub/dir")), 0o700);
        let set = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
        set(&path, 0o644);
        let err = host_key(&path, &me).unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
        set(&path, 0o600);
        assert!(host_key(&path, &me).is_ok());
        let sub = dir.path().join("sub").canonicalize().unwrap();
        set(&sub, 0o777);
        let err = host_key(&path, &me).unwrap_err().to_string();
        assert!(err.contains("pose as this server") && err.ends_with(&format!("chmod 755 {}", sub.display())), "{err}");
        let err = host_key(&sub.join("new_key"), &me).unwrap_err().to_string();
        assert!(err.contains("a directory above"), "nor is one made there: {err}");
        set(&sub, 0o700);
    }
}
