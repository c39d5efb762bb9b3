//! The runtimes that own a terminal and carry out the app's effects: the
//! local terminal (`tty`, started by `explore`) and SSH sessions (`ssh`).
//! Both draw frames one way (`frame`) and carry out effects one way
//! (`effects`); `input_bytes` decodes the raw bytes an SSH client sends, and
//! `watch` turns changes to the data files into reloads.

pub mod background;
pub mod editor;
pub mod effects;
pub mod explore;
pub mod frame;
pub mod input_bytes;
pub mod record;
pub mod ssh;
pub mod state;
pub mod tty;
pub mod watch;
