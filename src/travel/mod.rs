//! Registers that travel (SPEC §9.3), in the app: a file that comes back
//! sharing history with a kept register, the compare view and the merge view.
//! Plain Rust, tested natively; the views are in `view/`, and what the compare
//! view shows is rendered by the travel module (`modules/travel`).

use std::rc::Rc;

use rampart_core::Register;

use crate::workspace::SharedHistory;

#[cfg(target_arch = "wasm32")]
pub mod view;

/// A file just opened whose lineage shares a kept revision: the user chooses
/// to merge it into that register, open it apart, or compare.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrived {
    pub file: String,
    pub register: Rc<Register>,
    pub shared: SharedHistory,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Compared {
    /// The open register as it is now (it follows its edits).
    Open,
    /// A register that does not change: a file, or a kept revision, and what to call it.
    Kept(Rc<Register>, String),
}

/// What the compare or merge view works on.
#[derive(Debug, Clone, PartialEq)]
pub enum Travel {
    Compare {
        old: Compared,
        new: Compared,
    },
    /// `theirs` (from `file`) into the open register `key`, from `base`.
    Merge {
        file: String,
        key: String,
        base: Rc<Register>,
        theirs: Rc<Register>,
    },
}

impl Travel {
    /// Changes of a file compared with the open register can be taken one by one.
    pub fn takes_from(&self) -> Option<&str> {
        match self {
            Travel::Compare { old: Compared::Open, new: Compared::Kept(_, name) } => Some(name),
            _ => None,
        }
    }
}

/// What to call a side.
pub fn side_name(side: &Compared) -> &str {
    match side {
        Compared::Open => "the open register",
        Compared::Kept(_, name) => name,
    }
}
