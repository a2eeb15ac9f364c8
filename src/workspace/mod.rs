//! The workspace: every register this browser keeps, each with its recent
//! revisions. Plain Rust (tested natively); `ui::storage` keeps it in IndexedDB.
//!
//! Nothing here ever writes over a register: a save names the revision it was
//! made from (`base`), and [`plan_save`] refuses it when the stored register has
//! moved on since (another tab saved). A register is only ever removed from the
//! bin, 30 days after it was deleted.

mod revisions;

use serde::{Deserialize, Serialize};

pub use revisions::{prune, Revision, RevisionKind, KEEP_RECENT, MAX_REVISIONS};

/// The largest register file the app opens: WebAssembly's memory (4 GB) holds
/// the file, the register and its analysis (about five times the file). A
/// register of a million risks is about 650 MB.
pub const MAX_OPEN_BYTES: u64 = 800_000_000;

/// How long a deleted register stays in the bin.
pub const BIN_DAYS: f64 = 30.0;
const DAY_MS: f64 = 86_400_000.0;

/// What the workspace knows of one register without reading its content: shown
/// in the register list, and the log of its revisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterEntry {
    /// Its key in storage: random, never reused.
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// When its newest revision was saved (milliseconds since 1970).
    pub changed: f64,
    /// The size of its newest revision, in bytes.
    pub size: u64,
    /// The number of its newest revision.
    pub head: u64,
    /// The revisions kept, oldest first; the last is `head`.
    #[serde(default)]
    pub revisions: Vec<Revision>,
    /// When it was moved to the bin, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<f64>,
    /// Why its content cannot be opened, when that was known as it was stored
    /// (a register kept from an older version of the app that no longer imports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<String>,
}

impl RegisterEntry {
    /// A register with no revision yet, named by its key until it has a name.
    pub fn new(key: &str) -> Self {
        RegisterEntry {
            key: key.to_string(),
            name: key.to_string(),
            organization: None,
            changed: 0.0,
            size: 0,
            head: 0,
            revisions: Vec::new(),
            deleted: None,
            unreadable: None,
        }
    }

    /// Whether the bin may now forget it.
    pub fn bin_expired(&self, now: f64) -> bool {
        self.deleted.is_some_and(|at| now - at > BIN_DAYS * DAY_MS)
    }

    /// Whole days it has left in the bin.
    pub fn bin_days_left(&self, now: f64) -> u32 {
        self.deleted.map_or(0, |at| ((at + BIN_DAYS * DAY_MS - now) / DAY_MS).ceil().max(0.0) as u32)
    }

    /// The sum of the sizes of the revisions kept.
    pub fn stored_bytes(&self) -> u64 {
        self.revisions.iter().map(|r| r.size).sum()
    }

    /// The revision before `head` that is still kept, if any.
    pub fn previous(&self) -> Option<&Revision> {
        self.revisions.iter().rev().find(|r| r.seq < self.head)
    }
}

/// The lineage id a revision of this kind, with this lineage, is recorded
/// under: only content exactly as it was sent (an export) or came in (a file
/// opened) can be a common base. An edit or a merge keeps the newest id but
/// not that content: taking it as a base would make the other side's old
/// values look like their changes, and undo ours.
pub fn base_id(kind: RevisionKind, lineage: &[String]) -> Option<String> {
    matches!(kind, RevisionKind::Export | RevisionKind::Created).then(|| lineage.last().cloned()).flatten()
}

/// Whether a change waiting to be saved may be replaced by a newer one of the
/// same register (written as one revision). Not an export or a file opened:
/// their content exactly is what a copy that comes back was made from.
pub fn superseded(kind: RevisionKind) -> bool {
    base_id(kind, &["any".to_string()]).is_none()
}

/// A kept revision that a file's history shares (SPEC §9.3): the content the
/// file was made from, to merge the file into its register three ways.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedHistory {
    /// The register it belongs to.
    pub key: String,
    pub name: String,
    /// The common base: the newest id of the file's lineage the workspace kept.
    pub base: String,
    /// The revision with that content: the first one saved with that id.
    pub seq: u64,
}

/// The register in `entries` (not in the bin) whose kept revisions the file with
/// `lineage` shares, by the newest id the two have in common.
pub fn shared_history(entries: &[RegisterEntry], lineage: &[String]) -> Option<SharedHistory> {
    let live = || entries.iter().filter(|e| e.deleted.is_none() && e.unreadable.is_none());
    lineage.iter().rev().find_map(|id| {
        live().find_map(|e| {
            let first = e.revisions.iter().find(|r| r.lineage.as_ref() == Some(id))?;
            Some(SharedHistory { key: e.key.clone(), name: e.name.clone(), base: id.clone(), seq: first.seq })
        })
    })
}

/// A save of a register's content: what it was made from, and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveRequest {
    pub key: String,
    /// The revision this content was made from; 0 for a register never saved.
    pub base: u64,
    pub name: String,
    pub organization: Option<String>,
    pub size: u64,
    pub kind: RevisionKind,
    pub label: String,
    pub now: f64,
    /// The newest id of the content's lineage.
    pub lineage: Option<String>,
}

/// What a save writes: the entry after it, the new revision's number, and the
/// old revisions it drops.
#[derive(Debug, Clone, PartialEq)]
pub struct SavePlan {
    pub entry: RegisterEntry,
    pub seq: u64,
    pub drop: Vec<u64>,
}

/// Why a save is not made. Either way nothing stored changes.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveRefusal {
    /// The stored register is at revision `theirs`, which this content was not
    /// made from: another tab saved it since.
    Conflict { theirs: u64 },
    /// Even with every older revision dropped there is no room for it.
    Full { needed: u64, available: u64 },
}

impl std::fmt::Display for SaveRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            SaveRefusal::Conflict { theirs } => {
                write!(f, "another tab saved this register (revision {theirs}) after this tab last loaded or saved it")
            }
            SaveRefusal::Full { needed, available } => write!(
                f,
                "browser storage is full: this register needs {} and only {} is free; export it to keep it",
                human_bytes(*needed),
                human_bytes(*available)
            ),
        }
    }
}

/// Plans a save over `stored` (the register's entry as stored now, read in the
/// same transaction as the write). `available` is the room the browser still
/// offers, when it says; older revisions are dropped to make room before the
/// save is refused.
pub fn plan_save(
    stored: Option<&RegisterEntry>,
    request: &SaveRequest,
    available: Option<u64>,
) -> Result<SavePlan, SaveRefusal> {
    let head = stored.map_or(0, |e| e.head);
    if head != request.base {
        return Err(SaveRefusal::Conflict { theirs: head });
    }
    let seq = head + 1;
    let mut entry = stored.cloned().unwrap_or_else(|| RegisterEntry::new(&request.key));
    entry.name = request.name.clone();
    entry.organization = request.organization.clone();
    entry.changed = request.now;
    entry.size = request.size;
    entry.head = seq;
    entry.unreadable = None;
    // Saving a register is working on it: if another tab put it in the bin, it
    // comes out again rather than be forgotten with this work in 30 days.
    entry.deleted = None;
    // Only the first revision saved with a lineage id holds that content exactly
    // (a later one, saved with the same label, may hold an edit made after it).
    let lineage = request.lineage.clone().filter(|id| !entry.revisions.iter().any(|r| r.lineage.as_ref() == Some(id)));
    let revision = Revision {
        seq,
        at: request.now,
        kind: request.kind,
        label: request.label.clone(),
        size: request.size,
        lineage,
    };
    entry.revisions.push(revision);
    let mut drop = prune(&entry.revisions);
    if let Some(available) = available {
        // Room for the new revision, with a margin for the browser's own overhead.
        let needed = request.size + request.size / 4;
        let freed = |drop: &[u64], e: &RegisterEntry| -> u64 {
            e.revisions.iter().filter(|r| drop.contains(&r.seq)).map(|r| r.size).sum()
        };
        // Oldest first, never the new revision nor the one it replaces.
        let keep = [seq, head];
        let older: Vec<u64> =
            entry.revisions.iter().map(|r| r.seq).filter(|s| !keep.contains(s) && !drop.contains(s)).collect();
        let mut older = older.into_iter();
        while available + freed(&drop, &entry) < needed {
            match older.next() {
                Some(s) => drop.push(s),
                None => return Err(SaveRefusal::Full { needed, available: available + freed(&drop, &entry) }),
            }
        }
    }
    entry.revisions.retain(|r| !drop.contains(&r.seq));
    Ok(SavePlan { entry, seq, drop })
}

/// A name for a copy of the register called `name` that no register in
/// `taken` has: "Name (copy)", then "Name (copy 2)", …
pub fn copy_name<'a>(name: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let free = |candidate: &str| !taken.clone().any(|t| t == candidate);
    let first = format!("{name} (copy)");
    if free(&first) {
        return first;
    }
    (2..).map(|n| format!("{name} (copy {n})")).find(|c| free(c)).unwrap_or(first)
}

/// The registers for the list: newest change first; the bin apart.
pub fn listed(entries: &[RegisterEntry]) -> (Vec<&RegisterEntry>, Vec<&RegisterEntry>) {
    let mut kept: Vec<_> = entries.iter().collect();
    kept.sort_by(|a, b| b.changed.total_cmp(&a.changed).then_with(|| a.name.cmp(&b.name)));
    kept.into_iter().partition(|e| e.deleted.is_none())
}

/// A size for people: "912 bytes", "1.4 MB".
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if value < 10.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests;
