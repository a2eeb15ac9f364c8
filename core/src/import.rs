//! Reading and writing register files (SPEC §1, §8 "Import").
//!
//! Import is all or nothing: a file either becomes a whole [`Register`] or an
//! [`ImportError`] that names the place (JSON path, and line and column where the
//! JSON parser knows them). Nothing here panics on any input.

use std::fmt;

use rustc_hash::FxHashMap;
use serde::Deserialize;
use serde_json::Value;

use crate::json_path::path_at;
use crate::model::{Register, Timestamp, FORMAT_TAG, FORMAT_VERSION};

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// A JSON path such as `$.risks[3].inherent.impact`; `$` is the whole file.
    pub path: String,
    /// 1-based line and column, when the parser knows them.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Place {
    pub(crate) fn path(path: String) -> Self {
        Place { path, line: None, column: None }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.path)?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, " (line {l}, column {c})")?;
        }
        Ok(())
    }
}

/// Why a file was refused. Nothing of a refused file is loaded.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ImportError {
    /// The bytes are not UTF-8 text.
    NotUtf8 { byte_offset: usize },
    /// The file starts with a byte-order mark, which JSON does not allow.
    ByteOrderMark,
    /// The text is not well-formed JSON.
    Syntax { message: String, place: Place },
    /// Well-formed JSON, but not a Rampart register (`format` missing or different).
    NotARegister { found: Option<String> },
    /// A `version` this build cannot read.
    UnsupportedVersion { found: String },
    /// A value of the wrong type, out of range, or missing.
    Invalid { message: String, place: Place },
    /// The same id is used twice in the file.
    DuplicateId { id: String, first: String, place: Place },
    /// One agreement gives two targets for the same priority.
    DuplicatePriority { priority: String, place: Place },
}

impl ImportError {
    /// A stable code for programs: `DUPLICATE_ID` as in the spec, the others ours.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::NotUtf8 { .. } => "NOT_UTF8",
            ImportError::ByteOrderMark => "BYTE_ORDER_MARK",
            ImportError::Syntax { .. } => "JSON_SYNTAX",
            ImportError::NotARegister { .. } => "NOT_A_REGISTER",
            ImportError::UnsupportedVersion { .. } => "UNSUPPORTED_VERSION",
            ImportError::Invalid { .. } => "INVALID_VALUE",
            ImportError::DuplicateId { .. } => "DUPLICATE_ID",
            ImportError::DuplicatePriority { .. } => "DUPLICATE_PRIORITY",
        }
    }

    /// The place to show beside the message.
    pub fn place(&self) -> Place {
        match self {
            ImportError::Syntax { place, .. }
            | ImportError::Invalid { place, .. }
            | ImportError::DuplicatePriority { place, .. }
            | ImportError::DuplicateId { place, .. } => place.clone(),
            ImportError::NotARegister { .. } => Place::path("$.format".into()),
            ImportError::UnsupportedVersion { .. } => Place::path("$.version".into()),
            ImportError::NotUtf8 { .. } | ImportError::ByteOrderMark => Place::path("$".into()),
        }
    }
}

impl ImportError {
    /// What is wrong, without the place (shown beside it by [`ImportError::place`]).
    pub fn detail(&self) -> String {
        match self {
            ImportError::NotUtf8 { byte_offset } => {
                format!("the file is not UTF-8 text (bad byte at offset {byte_offset}); save it as UTF-8 JSON")
            }
            ImportError::ByteOrderMark => {
                "the file starts with a byte-order mark, which JSON does not allow; save it as UTF-8 without BOM".into()
            }
            ImportError::Syntax { message, .. } => format!("the file is not valid JSON: {message}"),
            ImportError::NotARegister { found: None } => {
                format!("this is not a Rampart register (no \"format\": \"{FORMAT_TAG}\")")
            }
            ImportError::NotARegister { found: Some(found) } => {
                format!("this is not a Rampart register (format is {found}, expected \"{FORMAT_TAG}\")")
            }
            ImportError::UnsupportedVersion { found } => match found.parse::<i64>() {
                Ok(v) if v > FORMAT_VERSION => format!(
                    "this register is format version {v}, written by a newer Rampart; \
                     this one reads version {FORMAT_VERSION}. Open it with a newer Rampart."
                ),
                _ => format!("{found} is not a register format version (expected {FORMAT_VERSION})"),
            },
            ImportError::Invalid { message, .. } => message.clone(),
            ImportError::DuplicateId { id, first, .. } => {
                format!("id \"{id}\" is already used at {first}; every id in a register must be unique")
            }
            ImportError::DuplicatePriority { priority, .. } => {
                format!("priority \"{priority}\" has two targets in this agreement")
            }
        }
    }
}

/// `place: detail`, or just the detail when it concerns the whole file.
impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let place = self.place();
        if place.path == "$" && place.line.is_none() {
            f.write_str(&self.detail())
        } else {
            write!(f, "{place}: {}", self.detail())
        }
    }
}

impl std::error::Error for ImportError {}

/// Reads a register from the bytes of a file.
pub fn import_bytes(bytes: &[u8]) -> Result<Register, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 { byte_offset: e.valid_up_to() })?;
    import(text)
}

/// Reads a register from JSON text: parses, checks every value, refuses duplicates.
pub fn import(text: &str) -> Result<Register, ImportError> {
    if text.starts_with('\u{feff}') {
        return Err(ImportError::ByteOrderMark);
    }
    checked(parse(text)?).map_err(|e| located(e, text))
}

/// The error of a check of the register read (a duplicate id, a treatment
/// that does not fit), which knows the JSON path but not the text, with the
/// line and column of that path in `text`.
pub(crate) fn located(mut e: ImportError, text: &str) -> ImportError {
    if let ImportError::DuplicateId { place, .. }
    | ImportError::DuplicatePriority { place, .. }
    | ImportError::Invalid { place, .. } = &mut e
    {
        if let (None, Some((line, column))) = (place.line, crate::json_path::position_of(text, &place.path)) {
            (place.line, place.column) = (Some(line), Some(column));
        }
    }
    e
}

/// A register as read, once it passes the checks beyond its shape.
pub(crate) fn checked(register: Register) -> Result<Register, ImportError> {
    check_header(Some(&Value::String(register.format.clone())), Some(&Value::from(register.version)))?;
    check(&register)?;
    Ok(register)
}

/// The text read as a register, before the checks beyond its shape.
pub(crate) fn parse_unchecked(text: &str) -> Result<Register, ImportError> {
    parse(text)
}

/// The checks a register read from a file passes beyond its shape (ids
/// unique across every list, treatments that fit the kind of risk): for a
/// register made another way (merged, imported from a sheet).
pub fn check(r: &Register) -> Result<(), ImportError> {
    check_unique(r)?;
    check_treatments(r)
}

/// A threat's treatment on an opportunity, or the reverse, is refused (SPEC §9.1).
fn check_treatments(r: &Register) -> Result<(), ImportError> {
    for (i, risk) in r.risks.iter().enumerate() {
        if let Some(message) = risk.treatment.and_then(|t| t.misfit(risk.kind())) {
            return Err(ImportError::Invalid { message, place: Place::path(format!("$.risks[{i}].treatment")) });
        }
    }
    Ok(())
}

/// Parses and checks every value; a refusal names its place by line and column
/// and by JSON path.
fn parse(text: &str) -> Result<Register, ImportError> {
    serde_json::from_str(text).map_err(|err| {
        let path = match err.line() {
            0 => "$".into(),
            line => path_at(text, line, err.column(), &err.to_string(), err.is_syntax() || err.is_eof()),
        };
        diagnose(text, path, err)
    })
}

/// Writes a register as pretty-printed format v1 JSON, with `updated` set to `now`.
pub fn export(register: &Register, now: Timestamp) -> String {
    let mut out = register.clone();
    out.updated = Some(now);
    to_json(&out)
}

/// Writes a register as pretty-printed JSON exactly as it is.
pub fn to_json(register: &Register) -> String {
    pretty(register)
}

/// Any part of the model as pretty-printed JSON, through the one serializer
/// [`write_json`] uses (`dyn Write`, the pretty printer): the WebAssembly bundle
/// holds one copy of each type's serializer, not one more per way of writing.
pub(crate) fn pretty<T: serde::Serialize + ?Sized>(item: &T) -> String {
    let mut out = Vec::new();
    let writer: &mut dyn std::io::Write = &mut out;
    // Writing to memory cannot fail, and the model has string keys and finite
    // numbers only, so serializing cannot either; serde_json writes UTF-8.
    serde_json::to_writer_pretty(writer, item).expect("the model always serializes to JSON");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Writes the register as [`to_json`] does, to `out` as it goes: a register too
/// large for one string (a browser's limit is about 512 MB) can still be written.
/// One writer type (`dyn Write`) keeps a single copy of the serializer in the
/// WebAssembly bundle, whoever writes.
pub fn write_json(register: &Register, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(out, register).map_err(std::io::Error::other)
}

fn check_header(format: Option<&Value>, version: Option<&Value>) -> Result<(), ImportError> {
    match format {
        Some(Value::String(s)) if s == FORMAT_TAG => {}
        None | Some(Value::Null) => return Err(ImportError::NotARegister { found: None }),
        Some(other) => return Err(ImportError::NotARegister { found: Some(other.to_string()) }),
    }
    match version {
        Some(v) if v.as_i64() == Some(FORMAT_VERSION) => Ok(()),
        Some(v) if !v.is_null() => Err(ImportError::UnsupportedVersion { found: v.to_string() }),
        _ => Err(ImportError::Invalid {
            message: "missing field `version` (use 1)".into(),
            place: Place::path("$".into()),
        }),
    }
}

/// Turns a parse failure into the most useful message: a syntax error where it is,
/// a wrong `format` or `version` before anything else, else the first bad value.
fn diagnose(text: &str, path: String, err: serde_json::Error) -> ImportError {
    let place =
        Place { path, line: (err.line() > 0).then_some(err.line()), column: (err.line() > 0).then_some(err.column()) };
    let message = strip_position(&err);
    if err.is_syntax() || err.is_eof() {
        return ImportError::Syntax { message, place };
    }
    if !text.trim_start().starts_with('{') {
        return ImportError::Invalid {
            message: "a register file is one JSON object ({ ... }), not an array or a single value".into(),
            place: Place::path("$".into()),
        };
    }
    #[derive(Deserialize)]
    struct Header {
        format: Option<Value>,
        version: Option<Value>,
    }
    if let Ok(h) = serde_json::from_str::<Header>(text) {
        check_header(h.format.as_ref(), h.version.as_ref())
            .err()
            .filter(|e| !matches!(e, ImportError::Invalid { .. }))
            .map_or(ImportError::Invalid { message, place }, |e| e)
    } else {
        ImportError::Invalid { message, place }
    }
}

fn strip_position(err: &serde_json::Error) -> String {
    let full = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_string()
}

/// Every id (risks, controls, actions, services, suppliers, agreements) is unique in the file,
/// and no agreement names a priority twice.
fn check_unique(r: &Register) -> Result<(), ImportError> {
    let mut seen: FxHashMap<&str, Loc> = FxHashMap::default();
    fn claim<'a>(seen: &mut FxHashMap<&'a str, Loc>, id: &'a str, loc: Loc) -> Result<(), ImportError> {
        match seen.insert(id, loc) {
            None => Ok(()),
            Some(first) => Err(ImportError::DuplicateId {
                id: id.to_owned(),
                first: first.to_string(),
                place: Place::path(loc.to_string()),
            }),
        }
    }
    for (i, risk) in r.risks.iter().enumerate() {
        claim(&mut seen, &risk.id, Loc::Item("risks", i))?;
        for (j, c) in risk.controls.iter().enumerate() {
            claim(&mut seen, &c.id, Loc::Part(i, "controls", j))?;
        }
        for (j, a) in risk.actions.iter().enumerate() {
            claim(&mut seen, &a.id, Loc::Part(i, "actions", j))?;
        }
    }
    for (i, s) in r.services.iter().enumerate() {
        claim(&mut seen, &s.id, Loc::Item("services", i))?;
    }
    for (i, s) in r.suppliers.iter().enumerate() {
        claim(&mut seen, &s.id, Loc::Item("suppliers", i))?;
    }
    for (i, a) in r.agreements.iter().enumerate() {
        claim(&mut seen, &a.id, Loc::Item("agreements", i))?;
        for (j, t) in a.targets.iter().enumerate() {
            if a.targets[..j].iter().any(|u| u.priority == t.priority) {
                return Err(ImportError::DuplicatePriority {
                    priority: t.priority.to_string(),
                    place: Place::path(format!("$.agreements[{i}].targets[{j}].priority")),
                });
            }
        }
    }
    for (i, s) in r.scenarios.iter().enumerate() {
        claim(&mut seen, &s.id, Loc::Item("scenarios", i))?;
    }
    for (i, e) in r.exercises.iter().enumerate() {
        claim(&mut seen, &e.id, Loc::Item("exercises", i))?;
    }
    for (i, review) in r.reviews.iter().enumerate() {
        claim(&mut seen, &review.id, Loc::Item("reviews", i))?;
        for (j, d) in review.decisions.iter().enumerate() {
            claim(&mut seen, &d.id, Loc::Decision(i, j))?;
        }
    }
    Ok(())
}

/// The place of an id, formatted only when a duplicate is reported.
#[derive(Clone, Copy)]
enum Loc {
    Item(&'static str, usize),
    /// A control or action (the list's name) of a risk.
    Part(usize, &'static str, usize),
    /// A decision (second) of a review (first).
    Decision(usize, usize),
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Loc::Item(list, i) => write!(f, "$.{list}[{i}].id"),
            Loc::Part(i, list, j) => write!(f, "$.risks[{i}].{list}[{j}].id"),
            Loc::Decision(i, j) => write!(f, "$.reviews[{i}].decisions[{j}].id"),
        }
    }
}
