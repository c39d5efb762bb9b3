//! The room's frames as the page's cells, encoded once. Web viewers that
//! follow take the frames drawn once for the room (`meeting::frames`), so
//! viewers of one size that showed the same frame and now take the same
//! next one need the same cells: the first to need a change encodes it,
//! the others copy its bytes behind their own frame numbers. A presenter's
//! move then costs one encoding per distinct size (and per frame a viewer
//! still showed, for one that fell behind), not one per viewer. Kept: the
//! latest [`KEPT`] encodings, the least recently used going first; each
//! holds its two frames, so a frame's address names it while it is kept.

use std::sync::Arc;

use ratatui::buffer::Buffer;

use super::cells;
use crate::memo::Memo;

/// Encodings kept at once (a room's sizes, times a step or two).
pub const KEPT: usize = 32;

/// A change's cells: `None` when nothing changed.
type Body = Option<Arc<[u8]>>;

/// A change between two frames, named by the frames' addresses (held, so
/// no other frame takes an address while the change is kept).
struct Change {
    /// The frame the viewer shows (`None`: a whole frame is wanted).
    from: Option<Arc<Buffer>>,
    to: Arc<Buffer>,
}

impl PartialEq for Change {
    fn eq(&self, other: &Self) -> bool {
        let same_from = match (&self.from, &other.from) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same_from && Arc::ptr_eq(&self.to, &other.to)
    }
}

/// The web viewers' shared encodings.
pub struct Encodings(Memo<Change, Body>);

impl Default for Encodings {
    fn default() -> Self {
        Self(Memo::new(KEPT))
    }
}

impl Encodings {
    /// The body of the message that takes a page from `from` (a frame of
    /// the same size; `None`: nothing, so a whole frame) to `to`: encoded
    /// by the first viewer asking, shared by the rest. `None` when the two
    /// frames show the same cells.
    pub fn body(&self, from: Option<&Arc<Buffer>>, to: &Arc<Buffer>) -> Body {
        if from.is_some_and(|f| Arc::ptr_eq(f, to)) {
            return None;
        }
        let change = Change { from: from.cloned(), to: Arc::clone(to) };
        self.0.get(change, || encode(from, to))
    }

    /// Changes encoded so far.
    pub fn encoded(&self) -> u64 {
        self.0.made()
    }

    /// Changes taken from one encoded for another viewer.
    pub fn reused(&self) -> u64 {
        self.0.reused()
    }
}

/// The body of the message that takes a page from `from` to `to` (see
/// [`Encodings::body`]), encoded for one viewer.
pub fn encode(from: Option<&Arc<Buffer>>, to: &Buffer) -> Body {
    match from {
        Some(from) => cells::diff_body(from, to).map(Arc::from),
        None => Some(Arc::from(cells::full_body(to))),
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    use super::*;
    use crate::runtime::web::cells::Model;

    fn frame(text: &str) -> Arc<Buffer> {
        let mut b = Buffer::empty(Rect::new(0, 0, 10, 2));
        b.set_string(0, 0, text, Style::new());
        Arc::new(b)
    }

    #[test]
    fn viewers_taking_the_same_change_share_one_encoding_and_each_gets_its_own_numbers() {
        let (a, b) = (frame("Huawei"), frame("Xiaomi"));
        let enc = Encodings::default();
        let mut pages: Vec<Model> = (0..3).map(|_| Model::default()).collect();
        for (i, page) in pages.iter_mut().enumerate() {
            let seq = 10 * i as u32;
            let whole = enc.body(None, &a).expect("a whole frame has cells");
            page.apply(&cells::message(seq + 1, None, &a, &whole)).expect("a frame");
            let change = enc.body(Some(&a), &b).expect("a change");
            page.apply(&cells::message(seq + 2, Some(seq + 1), &b, &change)).expect("a diff from its own frame");
            assert_eq!(page.row_text(0), "Xiaomi    ");
            assert_eq!(page.seq, seq + 2);
        }
        assert_eq!((enc.encoded(), enc.reused()), (2, 4));
        assert_eq!(enc.body(Some(&b), &b), None, "the same frame: nothing to send");
        // Equal cells in another frame: nothing to send either, once encoded.
        assert_eq!(enc.body(Some(&b), &frame("Xiaomi")), None);
    }

    #[test]
    fn the_least_recently_used_encoding_goes_first() {
        let enc = Encodings::default();
        let frames: Vec<Arc<Buffer>> = (0..=KEPT).map(|i| frame(&i.to_string())).collect();
        for f in &frames {
            let _ = enc.body(None, f);
        }
        assert_eq!(enc.0.len(), KEPT);
        let _ = enc.body(None, &frames[0]);
        assert_eq!(enc.encoded(), KEPT as u64 + 2, "the oldest was let go and encoded again");
    }
}
