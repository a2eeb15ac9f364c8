//! Which revisions of a register are kept.
//!
//! The newest [`KEEP_RECENT`] are always kept, so that the last edits can be
//! looked at and restored one by one. Older ones are thinned: an edit made within
//! [`BURST_MS`] of the next revision is dropped (the burst it belongs to is kept
//! by its last state), while imports, exports, restores and the first revision
//! are kept, up to [`MAX_REVISIONS`] in all, oldest dropped first.

use serde::{Deserialize, Serialize};

/// The newest revisions that are always kept.
pub const KEEP_RECENT: usize = 50;
/// The most revisions kept of one register.
pub const MAX_REVISIONS: usize = 200;
/// Edits closer together than this (10 minutes) are one burst once they are old.
pub const BURST_MS: f64 = 600_000.0;

/// One saved state of a register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub seq: u64,
    /// When it was saved (milliseconds since 1970).
    pub at: f64,
    pub kind: RevisionKind,
    /// What changed, in words ("Saved risk R-001", "Opened bank.json").
    pub label: String,
    pub size: u64,
    /// The newest id of its content's `lineage` (SPEC §9.3): the revision an
    /// export appended, or the one a file came with. A copy that comes back
    /// with this id in its lineage was made from this content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lineage: Option<String>,
}

/// Why a revision was made. Every kind but `Edit` marks a state worth keeping
/// for longer: what came in, what went out, what was brought back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RevisionKind {
    /// A new, opened or copied register's first state.
    Created,
    Edit,
    /// Risks or a register brought in from a file.
    Import,
    Export,
    /// An earlier revision brought back.
    Restore,
}

impl RevisionKind {
    pub fn label(self) -> &'static str {
        match self {
            RevisionKind::Created => "created",
            RevisionKind::Edit => "edit",
            RevisionKind::Import => "import",
            RevisionKind::Export => "export",
            RevisionKind::Restore => "restore",
        }
    }
}

/// The revisions (oldest first) that the rules above drop.
pub fn prune(revisions: &[Revision]) -> Vec<u64> {
    let old = revisions.len().saturating_sub(KEEP_RECENT);
    let mut drop: Vec<u64> = revisions[..old]
        .iter()
        .zip(&revisions[1..])
        .filter(|(r, next)| r.kind == RevisionKind::Edit && next.at - r.at < BURST_MS)
        .map(|(r, _)| r.seq)
        .collect();
    let kept = revisions.len() - drop.len();
    let excess = kept.saturating_sub(MAX_REVISIONS);
    drop.extend(revisions.iter().filter(|r| !drop.contains(&r.seq)).take(excess).map(|r| r.seq).collect::<Vec<_>>());
    drop
}
