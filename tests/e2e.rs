//! The real binary end to end: in a pseudo-terminal (`pty`), and served
//! over SSH to the system's OpenSSH client and russh's own (`ssh`); free
//! text about what is confidential on each of them (`freetext`); an
//! analyst's day in a pty (`analyst`).

mod common;
#[path = "common/escapes.rs"]
mod escapes;
#[path = "common/ssh_client.rs"]
mod ssh_client;

#[path = "e2e/analyst.rs"]
mod analyst;
#[path = "e2e/freetext.rs"]
mod freetext;
#[path = "e2e/pty.rs"]
mod pty;
#[path = "e2e/ssh.rs"]
mod ssh;
