//! The JSON path of a place in a JSON text, found from the line and column that
//! the parser reports.
//!
//! A refused file is named by path (`$.risks[3].inherent.impact`) as well as by
//! line and column. Tracking the path while parsing (as `serde_path_to_error`
//! does) doubles the deserializer in the browser bundle; finding it afterwards,
//! only for a refused file, costs a short scan of the text up to the error.
//!
//! serde_json reports an error at the last character it has read: the end of a
//! bad value; the closing bracket of an object or array refused as a whole (a
//! missing field, a list that fails a check); the end of a key refused in its
//! object; or, when a value is of the wrong kind, just before it (after reading
//! the `:`, `,` or `[` and spaces that lead to it). The path is the value being
//! read at that point.

use std::fmt::Write as _;

/// One open object or array on the way to the place.
enum Frame {
    /// In an object: the key whose value comes next or is being read.
    Object { key: Option<String> },
    /// In an array: the index of the item being read.
    Array { index: usize },
}

/// The path, starting with `$`, of what serde_json was reading when it refused
/// the text at 1-based `line` and `column` (columns count bytes, as serde_json's
/// do), with serde_json's `message`, which tells an array refused as a whole
/// from its first item, and whether the text is not well-formed JSON (`syntax`).
pub fn path_at(text: &str, line: usize, column: usize, message: &str, syntax: bool) -> String {
    let bytes = text.as_bytes();
    let Some(last) = bytes.len().checked_sub(1) else { return "$".into() };
    let at = byte_offset(text, line, column).min(last);
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i <= at {
        match bytes[i] {
            b'{' => stack.push(Frame::Object { key: None }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            // A value missing before a closing bracket (`"name": }`) is the
            // member's problem; anything else refused there is the object's.
            b'}' | b']' if i == at && syntax => return render(&stack),
            b'}' | b']' => {
                stack.pop();
                if i == at {
                    return render(&stack);
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key }) => *key = None,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let end = string_end(bytes, i);
                if at <= end {
                    // In a key: the object is the place. In a value: the value.
                    return render(&stack);
                }
                if let Some(Frame::Object { key: key @ None }) = stack.last_mut() {
                    *key = Some(key_text(&text[i..=end]));
                }
                i = end;
            }
            b if b.is_ascii_whitespace() || b == b':' => {}
            _ => {
                // A number, true, false, null, or a stray character.
                let len = bytes[i..].iter().position(|c| b",}] \t\r\n:".contains(c)).unwrap_or(bytes.len() - i);
                if at < i + len {
                    return render(&stack);
                }
                i += len;
                continue;
            }
        }
        i += 1;
    }
    // Between values, just inside a `[`: the error may be about the array (a value
    // of the wrong kind, refused by what it is) or about its first item.
    if bytes[..=at].iter().rev().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        let next = bytes[at + 1..].iter().find(|b| !b.is_ascii_whitespace());
        let the_array = match message.strip_prefix("invalid type: ") {
            Some(kind) => kind.starts_with("sequence") && next != Some(&b'['),
            None => bytes[at] == b'[',
        };
        if the_array {
            stack.pop();
        }
    }
    render(&stack)
}

/// The byte offset of a 1-based line and column, kept within the text.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// The index of the quote that closes the string opening at `start`, or of the
/// last byte when it is never closed.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len() - 1
}

/// A key as written between its quotes, with escapes read where they are valid.
fn key_text(quoted: &str) -> String {
    serde_json::from_str(quoted).unwrap_or_else(|_| quoted.trim_matches('"').to_owned())
}

/// The 1-based line and column (bytes, as serde_json counts them) where the
/// value at `path` (written as [`path_at`] writes paths) starts in `text`, if
/// it is there: the place of a problem that a check of the register read
/// found (a duplicate id), not the parser.
pub fn position_of(text: &str, path: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    // The path of the value being read, kept as it changes (one segment per
    // open object or array; `marks[k]`: where segment k starts), so that a
    // 100 MB file is searched without writing every value's path anew.
    let mut stack: Vec<Frame> = Vec::new();
    let (mut here, mut marks) = (String::from("$"), Vec::<usize>::new());
    let mut expect_value = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if expect_value && b != b']' {
            expect_value = false;
            if here.len() == path.len() && here == path {
                let before = &bytes[..i];
                let line_start = before.iter().rposition(|&c| c == b'\n').map_or(0, |n| n + 1);
                return Some((before.iter().filter(|&&c| c == b'\n').count() + 1, i - line_start + 1));
            }
        }
        let segment = |here: &mut String, marks: &[usize]| here.truncate(marks.last().copied().unwrap_or(1));
        match b {
            b'{' => {
                stack.push(Frame::Object { key: None });
                marks.push(here.len());
            }
            b'[' => {
                stack.push(Frame::Array { index: 0 });
                marks.push(here.len());
                here.push_str("[0]");
                expect_value = true;
            }
            b'}' | b']' => {
                stack.pop();
                segment(&mut here, &marks);
                marks.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { .. }) => segment(&mut here, &marks),
                Some(Frame::Array { index }) => {
                    *index += 1;
                    segment(&mut here, &marks);
                    let _ = write!(here, "[{index}]");
                    expect_value = true;
                }
                None => {}
            },
            b':' => expect_value = true,
            b'"' => {
                let end = string_end(bytes, i);
                if let Some(Frame::Object { .. }) = stack.last() {
                    if here.len() == marks.last().copied().unwrap_or(1) {
                        // A key (the object's segment is empty until one is read).
                        let quoted = &text[i..=end];
                        here.push('.');
                        match quoted.get(1..quoted.len() - 1).filter(|k| !k.contains('\\')) {
                            Some(plain) => here.push_str(plain),
                            None => here.push_str(&key_text(quoted)),
                        }
                    }
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn render(stack: &[Frame]) -> String {
    let mut path = String::from("$");
    for frame in stack {
        match frame {
            Frame::Object { key: Some(key) } => {
                path.push('.');
                path.push_str(key);
            }
            Frame::Object { key: None } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::{path_at, position_of};

    /// The place of the first occurrence of `needle`, as serde_json would count it.
    fn at(text: &str, needle: &str) -> (usize, usize) {
        let offset = text.find(needle).expect("needle in text");
        let line = text[..offset].matches('\n').count() + 1;
        let column = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1) + 1;
        (line, column)
    }

    #[test]
    fn values_keys_and_brackets_name_what_they_belong_to() {
        let text = "{\"risks\": [\n  {\"id\": \"R1\", \"inherent\": {\"impact\": 9}},\n  {\"id\": \"R\\\"2\"}\n], \"n\": null}";
        let path = |needle| {
            let (l, c) = at(text, needle);
            path_at(text, l, c, "", false)
        };
        assert_eq!(path("9}"), "$.risks[0].inherent.impact");
        assert_eq!(path("}},"), "$.risks[0].inherent");
        assert_eq!(path("},\n"), "$.risks[0]");
        assert_eq!(path("\"R1"), "$.risks[0].id");
        assert_eq!(path("2\"}"), "$.risks[1].id");
        assert_eq!(path("\"inherent"), "$.risks[0]");
        assert_eq!(path("]"), "$.risks");
        assert_eq!(path("null"), "$.n");
        assert_eq!(path_at(text, 1, 1, "", false), "$");
        assert_eq!(path_at(text, 99, 99, "", false), "$");
    }

    #[test]
    fn unfinished_text_names_the_innermost_open_value() {
        assert_eq!(path_at("{\"a\": [1, {\"b\": \"x", 1, 18, "", false), "$.a[1].b");
        assert_eq!(path_at("{\"a\": [1, ", 1, 10, "", false), "$.a[1]");
        assert_eq!(path_at("", 1, 1, "", false), "$");
    }

    #[test]
    fn a_missing_value_before_a_closing_bracket_is_the_members() {
        assert_eq!(path_at("{\"a\": 1, \"b\": }", 1, 15, "expected value", true), "$.b");
        assert_eq!(path_at("{\"a\": [1, ]}", 1, 11, "trailing comma", true), "$.a[1]");
        assert_eq!(path_at("{\"a\": {\"x\": 1}}", 1, 14, "missing field `y`", false), "$.a");
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_named_from_just_before_it() {
        // `"a": {}` where a string was expected: reported at the `:` or the space.
        assert_eq!(path_at("{\"a\":{}}", 1, 5, "invalid type: map", false), "$.a");
        assert_eq!(path_at("{\"a\":[{}]}", 1, 6, "invalid type: map", false), "$.a[0]");
        assert_eq!(path_at("{\"a\":[5]}", 1, 6, "invalid type: integer", false), "$.a[0]");
        // `"a": [true]` where no array is allowed: reported just inside the `[`.
        assert_eq!(path_at("{\"a\": [ true]}", 1, 8, "invalid type: sequence, expected a string", false), "$.a");
    }

    #[test]
    fn a_path_is_found_where_its_value_starts() {
        let text = "{\n  \"a\": [],\n  \"b\": [ {\"id\": \"x]\\\"\"}, {\"id\": 7},\n {\"id\": [1, {\"k\": null}]} ],\n  \"c\": {\"d\": true}\n}";
        assert_eq!(position_of(text, "$"), Some((1, 1)));
        assert_eq!(position_of(text, "$.a"), Some(at(text, "[]")));
        assert_eq!(position_of(text, "$.a[0]"), None, "an empty list has no item");
        assert_eq!(position_of(text, "$.b[0].id"), Some(at(text, "\"x]")));
        assert_eq!(position_of(text, "$.b[1].id"), Some(at(text, "7")));
        assert_eq!(position_of(text, "$.b[2].id[1].k"), Some(at(text, "null")));
        assert_eq!(position_of(text, "$.c.d"), Some(at(text, "true")));
        assert_eq!(position_of(text, "$.b[3]"), None);
        // Every path that path_at gives for a value is found again where that value starts.
        for needle in ["[]", "\"x]", "7", "null", "true"] {
            let (line, column) = at(text, needle);
            let path = path_at(text, line, column + needle.len() - 1, "", false);
            assert_eq!(position_of(text, &path), Some((line, column)), "{needle} at {path}");
        }
        // A key written with an escape is read as the parser reads it.
        let text = "{\"a\\\"b\": {\"c\": [false]}, \"d\": 1}";
        let (line, column) = at(text, "false");
        let path = path_at(text, line, column + 4, "", false);
        assert_eq!(path, "$.a\"b.c[0]");
        assert_eq!(position_of(text, &path), Some((line, column)));
        assert_eq!(position_of(text, "$.d"), Some(at(text, "1")));
    }

    proptest::proptest! {
        /// Any text and any place, however wrong: a path, never a panic.
        #[test]
        fn never_panics(text in "[\\[\\]{}\",:\\\\ a1é\n]{0,40}", line in 0usize..5, column in 0usize..50) {
            proptest::prop_assert!(path_at(&text, line, column, "invalid type: sequence", false).starts_with('$'));
            proptest::prop_assert!(path_at(&text, line, column, "", true).starts_with('$'));
            let _ = position_of(&text, "$.a[0]");
        }
    }
}
