//! A band's colour: the one reading of a colour from a file, for the charts and
//! the page's CSS alike.

/// An sRGB colour, read from `#rgb` or `#rrggbb` (what a colour input gives),
/// or from `#rgba` / `#rrggbbaa`, whose transparency is left out (a band is
/// drawn opaque, so that its colour reads the same in the chart and the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Colour {
    /// The grey of a band without a colour Rampart can use.
    pub const NONE: Colour = Colour { r: 0x9e, g: 0x9e, b: 0x9e };

    /// `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa` (either case); anything else is
    /// not a colour here.
    pub fn parse(text: &str) -> Option<Colour> {
        let hex = text.strip_prefix('#').filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))?;
        let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).ok();
        let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        match hex.len() {
            3 | 4 => Some(Colour { r: digit(0)? * 17, g: digit(1)? * 17, b: digit(2)? * 17 }),
            6 | 8 => Some(Colour { r: pair(0)?, g: pair(2)?, b: pair(4)? }),
            _ => None,
        }
    }

    /// A band's `color` as shown: its own when it is one, else [`Colour::NONE`].
    pub fn of_band(color: Option<&str>) -> Colour {
        color.and_then(Colour::parse).unwrap_or(Colour::NONE)
    }

    /// `#rrggbb`, lower case.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_hex_read_alike_and_anything_else_is_grey() {
        assert_eq!(Colour::parse("#C62828"), Some(Colour { r: 0xc6, g: 0x28, b: 0x28 }));
        assert_eq!(Colour::parse("#abc"), Colour::parse("#aabbcc"));
        assert_eq!(Colour::parse("#c6282880"), Colour::parse("#c62828"), "the transparency is left out");
        assert_eq!(Colour::parse("#abc8"), Colour::parse("#abc"));
        for bad in ["c62828", "#c6282", "#c62828f", "#ggg", "red", "", "#"] {
            assert_eq!(Colour::parse(bad), None, "{bad}");
        }
        assert_eq!(Colour::of_band(Some("url(javascript:x)")), Colour::NONE);
        assert_eq!(Colour::NONE.hex(), "#9e9e9e");
        assert_eq!(Colour::of_band(Some("#ABC")).hex(), "#aabbcc");
    }
}
