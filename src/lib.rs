//! dealscope: explore deals between technology firms from YAML files.
//!
//! Data flows one way: files → [`data::load`] → [`data::model::Dataset`] →
//! the app ([`app::App::update`], the only mutator) → effects carried out by
//! a [`runtime`], and pure views ([`ui`]) drawing the app's state. The CLI
//! ([`cli`]) answers from the same data without the app. See ARCHITECTURE.md.

pub mod app;
pub mod cli;
pub mod cores;
pub mod data;
pub mod exit;
pub mod export;
pub mod graph;
pub mod memo;
pub mod memory;
pub mod private;
pub mod runtime;
pub mod search;
pub mod text;
pub mod timeline;
pub mod ui;
