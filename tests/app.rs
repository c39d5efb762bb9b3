//! The app without a terminal: keys through the keymap into `App::update`,
//! the timeline, the views drawn into buffers (snapshots, bytes per frame,
//! hostile text), random inputs, and search at scale.

mod common;
#[path = "common/escapes.rs"]
mod escapes;

#[path = "app/connections.rs"]
mod connections;
#[path = "app/drive.rs"]
mod drive;
#[path = "app/edit.rs"]
mod edit;
#[path = "app/explorer.rs"]
mod explorer;
#[path = "app/export.rs"]
mod export;
#[path = "app/follow_masked.rs"]
mod follow_masked;
#[path = "app/habits.rs"]
mod habits;
#[path = "app/help_pages.rs"]
mod help_pages;
#[path = "app/injection.rs"]
mod injection;
#[path = "app/lens.rs"]
mod lens;
#[path = "app/meeting.rs"]
mod meeting;
#[path = "app/neighbourhood.rs"]
mod neighbourhood;
#[path = "app/presence.rs"]
mod presence;
#[path = "app/props.rs"]
mod props;
#[path = "app/redaction.rs"]
mod redaction;
#[path = "app/render.rs"]
mod render;
#[path = "app/render_bytes.rs"]
mod render_bytes;
#[path = "app/resume.rs"]
mod resume;
#[path = "app/scale.rs"]
mod scale;
#[path = "app/timeline.rs"]
mod timeline;
#[path = "app/tour.rs"]
mod tour;
