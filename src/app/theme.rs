//! Colours and glyphs: dark, light (projectors, light terminals) and mono
//! (`NO_COLOR`), plus ASCII glyphs for terminals without box drawing. Only the
//! 16 standard colours are used, so every terminal and SSH client shows them.
//! Which theme a terminal gets: the user's choice first (`--theme`, then
//! `DEALSCOPE_THEME`, then `NO_COLOR`), else what suits its background.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

/// Which built-in theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    /// Light text on a dark background (the default).
    #[default]
    Dark,
    /// Dark text on a light background.
    Light,
    /// No colour: bold, reverse and underline only.
    Mono,
}

impl ThemeName {
    /// Lowercase name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Dark => "dark",
            Self::Light => "light",
            Self::Mono => "mono",
        }
    }

    /// Parses `dark`, `light` or `mono`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "dark" => Some(Self::Dark),
            "light" => Some(Self::Light),
            "mono" | "none" | "no-color" => Some(Self::Mono),
            _ => None,
        }
    }

    /// The theme the user chose, if any, in this order: the `--theme` flag,
    /// then `DEALSCOPE_THEME` (when it names a theme), then `NO_COLOR` (set
    /// and not empty: mono). `None` leaves it to the terminal's background.
    pub fn chosen(flag: Option<Self>, dealscope_theme: Option<&str>, no_color: Option<&str>) -> Option<Self> {
        flag.or_else(|| dealscope_theme.and_then(Self::parse))
            .or_else(|| no_color.is_some_and(|v| !v.is_empty()).then_some(Self::Mono))
    }

    /// The theme for a terminal whose background is this colour (each
    /// component from 0 to 1): light when the background is lighter than
    /// mid-grey (relative luminance above 0.18, a CIE lightness of 50), else dark.
    pub fn for_background(r: f64, g: f64, b: f64) -> Self {
        // sRGB to linear light, then the luminance of WCAG 2 (Rec. 709 weights).
        let lin = |c: f64| {
            let c = c.clamp(0.0, 1.0);
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        let luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
        if luminance > 0.18 { Self::Light } else { Self::Dark }
    }
}

/// The styles every view draws with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Which theme this is.
    pub name: ThemeName,
    /// Body text.
    pub text: Style,
    /// Secondary text: ids, dates, notes.
    pub dim: Style,
    /// Headings and titles.
    pub title: Style,
    /// Field labels.
    pub label: Style,
    /// Pane borders.
    pub border: Style,
    /// The focused pane's border.
    pub border_focus: Style,
    /// The selected row of the focused pane.
    pub selected: Style,
    /// The selected row of an unfocused pane.
    pub selected_blur: Style,
    /// Characters a search matched.
    pub matched: Style,
    /// A followable link.
    pub link: Style,
    /// The active tab.
    pub tab_active: Style,
    /// Kind badges.
    pub badge: Style,
    /// Keys in hints and help.
    pub key: Style,
    /// The status bar.
    pub status: Style,
    /// Warnings and notices.
    pub notice: Style,
}

impl Theme {
    /// The styles of a named theme.
    pub fn new(name: ThemeName) -> Self {
        let plain = Style::new();
        let bold = Modifier::BOLD;
        match name {
            ThemeName::Dark => Self {
                name,
                text: plain,
                dim: plain.fg(Color::Gray).add_modifier(Modifier::DIM),
                title: plain.fg(Color::LightCyan).add_modifier(bold),
                label: plain.fg(Color::Cyan),
                border: plain.fg(Color::DarkGray),
                border_focus: plain.fg(Color::LightCyan),
                selected: plain.fg(Color::Black).bg(Color::LightCyan).add_modifier(bold),
                selected_blur: plain.add_modifier(Modifier::REVERSED),
                matched: plain.fg(Color::LightYellow).add_modifier(bold | Modifier::UNDERLINED),
                link: plain.fg(Color::LightBlue),
                tab_active: plain.fg(Color::Black).bg(Color::Cyan).add_modifier(bold),
                badge: plain.fg(Color::Magenta),
                key: plain.fg(Color::LightYellow).add_modifier(bold),
                status: plain.fg(Color::Gray),
                notice: plain.fg(Color::LightRed).add_modifier(bold),
            },
            ThemeName::Light => Self {
                name,
                text: plain.fg(Color::Black),
                dim: plain.fg(Color::DarkGray),
                title: plain.fg(Color::Blue).add_modifier(bold),
                label: plain.fg(Color::Blue),
                border: plain.fg(Color::DarkGray),
                border_focus: plain.fg(Color::Blue).add_modifier(bold),
                selected: plain.fg(Color::White).bg(Color::Blue).add_modifier(bold),
                selected_blur: plain.add_modifier(Modifier::REVERSED),
                matched: plain.fg(Color::Red).add_modifier(bold | Modifier::UNDERLINED),
                link: plain.fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
                tab_active: plain.fg(Color::White).bg(Color::Blue).add_modifier(bold),
                badge: plain.fg(Color::Magenta),
                key: plain.fg(Color::Red).add_modifier(bold),
                status: plain.fg(Color::Black),
                notice: plain.fg(Color::Red).add_modifier(bold),
            },
            ThemeName::Mono => Self {
                name,
                text: plain,
                dim: plain,
                title: plain.add_modifier(bold),
                label: plain.add_modifier(bold),
                border: plain,
                border_focus: plain.add_modifier(bold),
                selected: plain.add_modifier(Modifier::REVERSED | bold),
                selected_blur: plain.add_modifier(Modifier::REVERSED),
                matched: plain.add_modifier(Modifier::UNDERLINED | bold),
                link: plain.add_modifier(Modifier::UNDERLINED),
                tab_active: plain.add_modifier(Modifier::REVERSED | bold),
                badge: plain,
                key: plain.add_modifier(bold),
                status: plain,
                notice: plain.add_modifier(bold | Modifier::REVERSED),
            },
        }
    }
}

/// The characters used for borders and markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    /// Pane borders.
    pub border: border::Set<'static>,
    /// Marks the selected row.
    pub pointer: &'static str,
    /// Stands for cut text.
    pub ellipsis: &'static str,
    /// Separates breadcrumb steps.
    pub crumb: &'static str,
    /// Links going out.
    pub out: &'static str,
    /// Links coming in.
    pub inward: &'static str,
    /// List bullets.
    pub bullet: &'static str,
    /// Separates tabs and fields.
    pub sep: &'static str,
    /// Horizontal rule.
    pub rule: &'static str,
    /// Marks a row marked for a shared timeline (`m`).
    pub mark: &'static str,
    /// Where lines join: a line down from a horizontal one (┬), up (┴),
    /// right from a vertical one (├), a corner from down to right (└), and
    /// what leads an item under another (`└`, in ASCII `` `- ``).
    pub joints: [&'static str; 5],
}

/// Borders drawn with `+`, `-` and `|`.
const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Glyphs {
    /// Unicode box drawing and arrows.
    pub const UNICODE: Glyphs = Glyphs {
        border: border::ROUNDED,
        pointer: "▶",
        ellipsis: "…",
        crumb: " › ",
        out: "→",
        inward: "←",
        bullet: "•",
        sep: "│",
        rule: "─",
        mark: "◆",
        joints: ["┬", "┴", "├", "└", "└"],
    };

    /// Plain ASCII only.
    pub const ASCII: Glyphs = Glyphs {
        border: ASCII_BORDER,
        pointer: ">",
        ellipsis: "~",
        crumb: " > ",
        out: "->",
        inward: "<-",
        bullet: "*",
        sep: "|",
        rule: "-",
        mark: "+",
        joints: ["+", "+", "+", "+", "`-"],
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_backgrounds_get_the_light_theme() {
        assert_eq!(ThemeName::for_background(1.0, 1.0, 1.0), ThemeName::Light);
        // Solarized light and dark.
        assert_eq!(ThemeName::for_background(0.992, 0.965, 0.890), ThemeName::Light);
        assert_eq!(ThemeName::for_background(0.0, 0.169, 0.212), ThemeName::Dark);
        assert_eq!(ThemeName::for_background(0.0, 0.0, 0.0), ThemeName::Dark);
        // Mid-grey is the line: a little darker is dark, a little lighter light.
        assert_eq!(ThemeName::for_background(0.40, 0.40, 0.40), ThemeName::Dark);
        assert_eq!(ThemeName::for_background(0.55, 0.55, 0.55), ThemeName::Light);
        // Pure yellow is bright, pure blue is not.
        assert_eq!(ThemeName::for_background(1.0, 1.0, 0.0), ThemeName::Light);
        assert_eq!(ThemeName::for_background(0.0, 0.0, 1.0), ThemeName::Dark);
    }

    #[test]
    fn the_flag_beats_the_variable_which_beats_no_color() {
        use ThemeName::*;
        assert_eq!(ThemeName::chosen(Some(Dark), Some("light"), Some("1")), Some(Dark));
        assert_eq!(ThemeName::chosen(None, Some("light"), Some("1")), Some(Light));
        assert_eq!(ThemeName::chosen(None, Some("purple"), Some("1")), Some(Mono));
        assert_eq!(ThemeName::chosen(None, None, Some("1")), Some(Mono));
        assert_eq!(ThemeName::chosen(None, None, Some("")), None);
        assert_eq!(ThemeName::chosen(None, None, None), None);
    }
}
