//! The real binary end to end: in a pseudo-terminal (`pty`), served over
//! SSH to the system's OpenSSH client and russh's own (`ssh`), a
//! presentation through the accidents of a meeting (`meeting`), the web
//! viewer in headless chromium (`web`); free text about what is
//! confidential on each of them (`freetext`); an analyst's day in a pty
//! (`analyst`); a follower without clearance of a cleared presenter, and
//! names on the projector (`redaction_live`).

#[path = "common/cdp.rs"]
mod cdp;
mod common;
#[path = "common/escapes.rs"]
mod escapes;
#[path = "common/ssh_client.rs"]
mod ssh_client;

#[path = "e2e/analyst.rs"]
mod analyst;
#[path = "e2e/freetext.rs"]
mod freetext;
#[path = "e2e/meeting.rs"]
mod meeting;
#[path = "e2e/pty.rs"]
mod pty;
#[path = "e2e/redaction_live.rs"]
mod redaction_live;
#[path = "e2e/ssh.rs"]
mod ssh;
#[path = "e2e/web.rs"]
mod web;
