//! Reading and writing a large register a step at a time (issue 18): the page
//! cannot parse a 94 MB register in one go without freezing for most of a
//! second, nor write it for saving. [`Loading`] reads a register the way
//! [`crate::import`] does, and [`Writing`] writes it the way
//! [`crate::import::write_json`] does, each in steps of a given amount of
//! work, so that the page can paint (and show progress) between steps. Both
//! give exactly the result of the one-go function (tested on generated and
//! example registers and on broken files).
//!
//! How: the big lists (`risks`, `services`, `agreements`) are found by a
//! scanner that tracks strings and nesting; the rest of the register (its
//! "skeleton", with those lists empty) is read or written whole, and each
//! item of the lists on its own. Anything unusual (a list of something other
//! than objects, a syntax error, an invalid value) is left to the one-go
//! function, which names the place of the problem as always.

use crate::import::{self, ImportError};
use crate::model::{Agreement, Register, Risk, Service};

/// The lists read and written item by item, in the order of the format.
const LISTS: [&str; 3] = ["risks", "services", "agreements"];

/// Nesting beyond this is left to the one-go reading: serde_json refuses
/// more than 128 levels, counted from the register, and an item read on its
/// own starts two levels lower.
const MAX_DEPTH: usize = 100;

/// A register being read from its text, a step at a time.
pub struct Loading {
    text: String,
    phase: Phase,
    scan: Scan,
    /// Each big list found: which ([`LISTS`]), its `[` and `]`, its items.
    lists: Vec<List>,
    register: Option<Register>,
    /// The list and item read next.
    next: (usize, usize),
    /// Bytes of items read so far.
    read: usize,
}

struct List {
    which: usize,
    open: usize,
    close: usize,
    items: Vec<(usize, usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Scan,
    Items,
    /// Every item read: the checks across the register, a step of their own.
    Check,
    Done,
}

/// Where a step leaves the reading.
#[derive(Debug)]
pub enum Step {
    /// `done` of `total` units of work (bytes scanned and read).
    Working {
        done: usize,
        total: usize,
    },
    Read(Box<Register>),
    Refused(ImportError),
}

impl Loading {
    /// Starts reading `text` (the file's whole text).
    pub fn new(text: String) -> Self {
        Loading {
            text,
            phase: Phase::Scan,
            scan: Scan::default(),
            lists: Vec::new(),
            register: None,
            next: (0, 0),
            read: 0,
        }
    }

    /// Reads about `work` more bytes' worth (scanning, then reading items).
    pub fn step(&mut self, work: usize) -> Step {
        let total = self.text.len() * 2;
        match self.phase {
            Phase::Scan => {
                let end = (self.scan.at + work).min(self.text.len());
                if !self.scan.run(self.text.as_bytes(), end, &mut self.lists) {
                    return self.whole();
                }
                if end == self.text.len() {
                    if self.scan.depth != 0 || self.scan.in_string {
                        return self.whole();
                    }
                    match self.skeleton() {
                        Some(register) => self.register = Some(register),
                        None => return self.whole(),
                    }
                    self.phase = Phase::Items;
                }
                Step::Working { done: end, total }
            }
            Phase::Items => {
                let goal = self.read + work;
                while self.read < goal {
                    let Some(list) = self.lists.get(self.next.0) else {
                        self.phase = Phase::Check;
                        break;
                    };
                    let Some(&(from, to)) = list.items.get(self.next.1) else {
                        self.next = (self.next.0 + 1, 0);
                        continue;
                    };
                    if !read_item(list.which, &self.text[from..to], self.register.as_mut()) {
                        return self.whole();
                    }
                    self.read += to - from;
                    self.next.1 += 1;
                }
                Step::Working { done: self.text.len() + self.read, total }
            }
            Phase::Check => self.finish(),
            Phase::Done => Step::Refused(ImportError::Invalid {
                message: "the register was read already".into(),
                place: import::Place::path("$".into()),
            }),
        }
    }

    /// The register without its big lists, read whole.
    fn skeleton(&self) -> Option<Register> {
        let mut text = String::with_capacity(1024);
        let mut from = 0;
        for list in &self.lists {
            text.push_str(&self.text[from..=list.open]);
            from = list.close;
        }
        text.push_str(&self.text[from..]);
        import::parse_unchecked(&text).ok()
    }

    /// Every item read: the checks of [`crate::import`].
    fn finish(&mut self) -> Step {
        self.phase = Phase::Done;
        match self.register.take() {
            Some(register) => match import::checked(register) {
                Ok(register) => Step::Read(Box::new(register)),
                Err(e) => Step::Refused(import::located(e, &self.text)),
            },
            None => self.whole(),
        }
    }

    /// Reads the text in one go: what says exactly where a problem is.
    fn whole(&mut self) -> Step {
        self.phase = Phase::Done;
        match import::import(&self.text) {
            Ok(register) => Step::Read(Box::new(register)),
            Err(e) => Step::Refused(e),
        }
    }
}

/// Reads one item of list `which` into `register`; false when it does not read.
fn read_item(which: usize, item: &str, register: Option<&mut Register>) -> bool {
    let Some(register) = register else { return false };
    match which {
        0 => serde_json::from_str::<Risk>(item).map(|r| register.risks.push(r)).is_ok(),
        1 => serde_json::from_str::<Service>(item).map(|s| register.services.push(s)).is_ok(),
        _ => serde_json::from_str::<Agreement>(item).map(|a| register.agreements.push(a)).is_ok(),
    }
}

/// The scanner's state between steps: where it is, how deep, inside a string
/// or not, and what the top-level object's current member is.
#[derive(Default)]
struct Scan {
    at: usize,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// At depth 1: a key is expected next (after `{` or `,`).
    expect_key: bool,
    /// At depth 1: where the key being read starts.
    key_from: Option<usize>,
    /// At depth 1: the big list the current member is, if any.
    member: Option<usize>,
    /// Inside a big list (depth 2): the item being read starts here.
    item_from: Option<usize>,
    /// Inside a big list: its place in `lists`.
    in_list: Option<usize>,
    /// Inside a big list, between items: what may come next.
    between: Between,
}

/// What may come next between the items of a big list (JSON's own rule: no
/// comma before the first item, none after the last, one between two).
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Between {
    /// Just after `[`: an item or `]`.
    #[default]
    Opened,
    /// After an item: `,` or `]`.
    Item,
    /// After `,`: an item.
    Comma,
}

impl Scan {
    /// Scans up to `end`; false when the text is not what the fast way reads
    /// (not an object, an item that is not an object, anything but items,
    /// commas where JSON has them and white space between the items).
    fn run(&mut self, text: &[u8], end: usize, lists: &mut Vec<List>) -> bool {
        let mut i = self.at;
        while i < end {
            let b = text[i];
            if self.in_string {
                // Fast forward to the next quote or backslash.
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if let Some(from) = self.key_from.take() {
                        let key = &text[from..i];
                        self.member = LISTS.iter().position(|l| l.as_bytes() == key);
                    }
                } else if let Some(skip) = memchr::memchr2(b'"', b'\\', &text[i..end]) {
                    i += skip.max(1);
                    continue;
                } else {
                    i = end;
                    continue;
                }
                i += 1;
                continue;
            }
            if self.depth == 2 && self.in_list.is_some() {
                // Between the items of a big list: only what JSON allows there.
                match (b, self.between) {
                    (b' ' | b'\n' | b'\r' | b'\t', _) => {}
                    (b'{', Between::Opened | Between::Comma) => {
                        self.item_from = Some(i);
                        self.depth += 1;
                        self.expect_key = false;
                    }
                    (b',', Between::Item) => self.between = Between::Comma,
                    (b']', Between::Opened | Between::Item) => {
                        self.depth -= 1;
                        if let Some(k) = self.in_list.take() {
                            lists[k].close = i;
                        }
                        self.member = None;
                    }
                    _ => return false,
                }
                i += 1;
                continue;
            }
            match b {
                b'"' => {
                    self.in_string = true;
                    if self.depth == 1 && self.expect_key {
                        self.key_from = Some(i + 1);
                    }
                }
                b'{' | b'[' => {
                    if (self.depth == 0 && b != b'{') || self.depth >= MAX_DEPTH {
                        return false;
                    }
                    if self.depth == 1 && b == b'[' {
                        if let Some(which) = self.member.take() {
                            lists.push(List { which, open: i, close: i, items: Vec::new() });
                            (self.in_list, self.between) = (Some(lists.len() - 1), Between::Opened);
                        }
                    }
                    self.depth += 1;
                    self.expect_key = self.depth == 1;
                }
                b'}' | b']' => {
                    if self.depth == 0 {
                        return false;
                    }
                    self.depth -= 1;
                    if self.depth == 2 {
                        if let (Some(from), Some(k)) = (self.item_from.take(), self.in_list) {
                            lists[k].items.push((from, i + 1));
                            self.between = Between::Item;
                        }
                    } else if self.depth == 1 {
                        self.member = None;
                    }
                }
                b':' if self.depth == 1 => self.expect_key = false,
                b',' if self.depth == 1 => {
                    self.expect_key = true;
                    self.member = None;
                }
                _ => {}
            }
            i += 1;
        }
        self.at = end;
        true
    }
}

/// A register being written as [`crate::import::write_json`] writes it, a
/// step at a time.
pub struct Writing<'r> {
    register: &'r Register,
    /// The skeleton's text, cut where each big list's items go.
    pieces: Vec<String>,
    /// The big lists written item by item, in order (each between two pieces).
    lists: Vec<usize>,
    /// The piece or list written next: `2k` is piece `k`, `2k + 1` list `k`.
    part: usize,
    item: usize,
    /// The skeleton did not have a list where the format writes it: the
    /// register is written in one go instead.
    whole: bool,
}

impl<'r> Writing<'r> {
    pub fn new(register: &'r Register) -> Self {
        // The register without its big lists: small, written whole.
        let skeleton = Register {
            format: register.format.clone(),
            version: register.version,
            name: register.name.clone(),
            organization: register.organization.clone(),
            updated: register.updated.clone(),
            lineage: register.lineage.clone(),
            scales: register.scales.clone(),
            risks: Vec::new(),
            services: Vec::new(),
            suppliers: register.suppliers.clone(),
            agreements: Vec::new(),
            scenarios: register.scenarios.clone(),
            exercises: register.exercises.clone(),
            reviews: register.reviews.clone(),
            extra: register.extra.clone(),
        };
        let text = import::to_json(&skeleton);
        let lengths = [register.risks.len(), register.services.len(), register.agreements.len()];
        let (mut pieces, mut lists, mut rest) = (Vec::new(), Vec::new(), text.as_str());
        for (which, name) in LISTS.iter().enumerate() {
            if lengths[which] == 0 {
                continue;
            }
            // A top-level member is the only text at two spaces' indent (a
            // string in JSON holds no line break).
            let marker = format!("\n  \"{name}\": [");
            let Some(at) = rest.find(&marker) else {
                return Writing { register, pieces: Vec::new(), lists: Vec::new(), part: 0, item: 0, whole: true };
            };
            let cut = at + marker.len();
            pieces.push(rest[..cut].to_string());
            // The empty list's `]` stays at the start of what follows.
            rest = &rest[cut..];
            lists.push(which);
        }
        pieces.push(rest.to_string());
        Writing { register, pieces, lists, part: 0, item: 0, whole: false }
    }

    /// Writes about `items` more items (and the text between them) to `out`;
    /// true once everything is written.
    pub fn step(&mut self, items: usize, out: &mut dyn std::io::Write) -> std::io::Result<bool> {
        if self.whole {
            import::write_json(self.register, out)?;
            return Ok(true);
        }
        let mut written = 0;
        while written < items {
            if self.part % 2 == 0 {
                let Some(piece) = self.pieces.get(self.part / 2) else { return Ok(true) };
                out.write_all(piece.as_bytes())?;
                self.part += 1;
                continue;
            }
            let Some(&which) = self.lists.get(self.part / 2) else {
                self.part += 1;
                continue;
            };
            let count =
                [self.register.risks.len(), self.register.services.len(), self.register.agreements.len()][which];
            if self.item == count {
                // The closing `]` comes from the skeleton's `[]`, on its own line.
                out.write_all(b"\n  ")?;
                (self.part, self.item) = (self.part + 1, 0);
                continue;
            }
            let text = match which {
                0 => import::pretty(&self.register.risks[self.item]),
                1 => import::pretty(&self.register.services[self.item]),
                _ => import::pretty(&self.register.agreements[self.item]),
            };
            out.write_all(if self.item == 0 { b"\n    " } else { b",\n    " })?;
            // The item as the register's pretty printer indents it, two levels in.
            out.write_all(text.replace('\n', "\n    ").as_bytes())?;
            self.item += 1;
            written += 1;
        }
        Ok(self.part / 2 >= self.pieces.len())
    }
}

#[cfg(test)]
mod tests;
