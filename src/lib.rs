//! dealscope: explore deals between technology firms from YAML files.
//!
//! Data flows one way: files → [`load`] → [`model::Dataset`] → search,
//! timeline and cards → the CLI's [`commands`] (and the interactive app).

pub mod action;
pub mod app;
pub mod card;
pub mod cli;
pub mod commands;
pub mod date;
pub mod doc;
pub mod explore;
pub mod generate;
pub mod input;
pub mod input_bytes;
pub mod keymap;
pub mod layout;
pub mod load;
pub mod model;
pub mod progress;
pub mod sanitize;
pub mod search;
pub mod search_worker;
pub mod ssh;
pub mod suggest;
pub mod term;
pub mod text;
pub mod theme;
pub mod timeline;
pub mod timeline_view;
pub mod ui;
pub mod watch;
