//! The data: the validated model of firms, people, chipsets, products,
//! agreements, events and sources, with its dates, loaded from YAML (`load`),
//! shown as cards, and generated at any size for trying the app at scale;
//! with the tours a presenter walks through it.

pub mod card;
pub mod date;
pub mod generate;
pub mod lens;
pub mod load;
pub mod model;
pub mod pace;
pub mod progress;
pub mod redact;
pub mod suggest;
pub mod tour;
