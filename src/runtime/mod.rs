//! The runtimes that own a terminal and carry out the app's effects: the
//! local terminal (`tty`, started by `explore`), SSH sessions (`ssh`) and
//! the web viewer beside them (`web`).
//! Both draw frames one way (`frame`) and carry out effects one way
//! (`effects`); `input_bytes` decodes the raw bytes an SSH client sends, and
//! `watch` turns changes to the data files into reloads. `served` is the
//! data a server serves to every session.

pub mod background;
pub mod editor;
pub mod effects;
pub mod explore;
pub mod frame;
pub mod input_bytes;
pub mod meeting;
pub mod record;
pub mod served;
pub mod ssh;
pub mod state;
pub mod tty;
pub mod watch;
pub mod web;
