//! Text from a register inside a sentence of Rampart's own. An id or a name may
//! hold right-to-left letters or bidirectional controls (a right-to-left override,
//! U+202E, reverses everything after it); shown as it is, it could reorder the
//! sentence around it, so that "residual score 16" reads "61". [`isolate`] fences
//! such text in (Unicode's first-strong isolate … pop directional isolate): what
//! it holds still shows as written, and nothing outside it moves.

use std::borrow::Cow;

/// First strong isolate and pop directional isolate (Unicode bidi algorithm, UAX #9).
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// `text`, fenced in when it could reorder what surrounds it; plain
/// left-to-right text comes back as it is.
pub fn isolate(text: &str) -> Cow<'_, str> {
    if text.chars().any(moves_text) {
        Cow::Owned(format!("{FSI}{text}{PDI}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A bidirectional control, or a letter of a right-to-left script.
fn moves_text(c: char) -> bool {
    matches!(c,
        '\u{200e}' | '\u{200f}' | '\u{061c}'          // marks
        | '\u{202a}'..='\u{202e}'                     // embeddings and overrides
        | '\u{2066}'..='\u{2069}'                     // isolates
        | '\u{0590}'..='\u{08ff}'                     // Hebrew, Arabic, Syriac, Thaana, N'Ko, …
        | '\u{fb1d}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}' // presentation forms
        | '\u{10800}'..='\u{10fff}' | '\u{1e800}'..='\u{1efff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_left_alone_and_the_rest_is_fenced_in() {
        assert!(matches!(isolate("R-001 Ransomware"), Cow::Borrowed(_)));
        assert_eq!(isolate("R\u{202e}-001"), "\u{2068}R\u{202e}-001\u{2069}");
        assert_eq!(isolate("שרת"), "\u{2068}שרת\u{2069}");
        assert_eq!(isolate("مخاطر"), "\u{2068}مخاطر\u{2069}");
    }
}
