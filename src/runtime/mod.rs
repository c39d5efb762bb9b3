//! The runtimes that own a terminal and carry out the app's effects: the
//! local terminal (`tty`, started by `explore`), SSH sessions (`ssh`), and
//! what feeds them (`input_bytes` for raw bytes from SSH, `watch` for live
//! reload).

pub mod explore;
pub mod input_bytes;
pub mod ssh;
pub mod tty;
pub mod watch;
