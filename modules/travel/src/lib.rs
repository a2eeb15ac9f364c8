//! Compare and merge for the app, loaded on first use (ARCHITECTURE.md, "What
//! loads at start"). Each function takes and returns JSON text: registers as
//! the format writes them, results as `rampart_core::diff` and `merge` shape
//! them. A register that does not import is said in `{"error": …}`.

use rampart_core::diff::{self, Change, Compared};
use rampart_core::merge::{self, Conflict, MergeView, Merged, Side};
use rampart_core::model::Date;
use rampart_core::{analyse, import, Options, Register, Teams};
use serde::Serialize;

#[derive(Serialize)]
struct Failed<'a> {
    error: &'a str,
}

fn failed(why: &str) -> String {
    serde_json::to_string(&Failed { error: why }).unwrap_or_default()
}

fn read(text: &str, what: &str) -> Result<Register, String> {
    import(text).map_err(|e| format!("{what}: {e}"))
}

fn options(today: &str, teams: u32) -> Result<Options, String> {
    let today = Date::parse(today)?;
    let teams = std::num::NonZeroUsize::new(teams as usize).map_or(Teams::Unlimited, Teams::Limited);
    Ok(Options { today, teams })
}

/// Every change from `old` to `new`, and what changed in their analysis on
/// `today` with `teams` recovery teams (0: unlimited).
pub fn compare(old: &str, new: &str, today: &str, teams: u32) -> String {
    let run = || -> Result<String, String> {
        let (old, new, options) =
            (read(old, "the older register")?, read(new, "the newer register")?, options(today, teams)?);
        let changes = diff::changes(&old, &new);
        let analysis = diff::analysis_changes((&old, &analyse(&old, &options)), (&new, &analyse(&new, &options)));
        serde_json::to_string(&Compared { changes, analysis }).map_err(|e| e.to_string())
    };
    run().unwrap_or_else(|why| failed(&why))
}

/// `theirs` merged into `ours` from `base`, each conflict settled as `choices`
/// says (`{"<path>": "ours" | "theirs"}`).
pub fn merge(base: &str, ours: &str, theirs: &str, choices: &str) -> String {
    let run = || -> Result<String, String> {
        let (b, o, t) = (read(base, "the common base")?, read(ours, "this register")?, read(theirs, "the file")?);
        let choices: std::collections::BTreeMap<String, String> =
            serde_json::from_str(choices).map_err(|e| format!("the choices: {e}"))?;
        // One merge: every conflict it meets is shown, settled by the choices or not.
        let met = std::cell::RefCell::new(Vec::new());
        let side = |c: &Conflict| {
            met.borrow_mut().push(c.clone());
            match choices.get(&c.path).map(String::as_str) {
                Some("ours") => Some(Side::Ours),
                Some("theirs") => Some(Side::Theirs),
                _ => None,
            }
        };
        let settled = merge::merge_settled(&b, &o, &t, &side);
        let mut conflicts = met.into_inner();
        let (left, merged, taken) = match settled {
            Merged::Clean(r) => (0, Some(rampart_core::import::to_json(&r)), diff::changes(&o, &r)),
            Merged::Conflicts(left) => {
                // What the merge did not ask about (the merged file would not import) is shown too.
                conflicts.extend(left.iter().filter(|c| c.why.is_some()).cloned());
                (left.len(), None, Vec::new())
            }
        };
        serde_json::to_string(&MergeView { conflicts, left, merged, taken }).map_err(|e| e.to_string())
    };
    run().unwrap_or_else(|why| failed(&why))
}

/// `open` with one change (as [`compare`] gave it) taken into it: the
/// register's text, or why it cannot be taken.
pub fn take(open: &str, change: &str) -> String {
    let run = || -> Result<String, String> {
        let register = read(open, "the open register")?;
        let change: Change = serde_json::from_str(change).map_err(|e| format!("the change: {e}"))?;
        let value = diff::apply(&diff::as_value(&register), std::slice::from_ref(&change));
        let taken = import(&value.to_string()).map_err(|e| format!("with {} taken: {e}", change.path))?;
        Ok(serde_json::json!({ "register": rampart_core::import::to_json(&taken) }).to_string())
    };
    run().unwrap_or_else(|why| failed(&why))
}

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    pub fn compare(old: &str, new: &str, today: &str, teams: u32) -> String {
        super::compare(old, new, today, teams)
    }

    #[wasm_bindgen]
    pub fn merge(base: &str, ours: &str, theirs: &str, choices: &str) -> String {
        super::merge(base, ours, theirs, choices)
    }

    #[wasm_bindgen]
    pub fn take(open: &str, change: &str) -> String {
        super::take(open, change)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BANK: &str = include_str!("../../../examples/online-banking.json");

    fn text(r: &Register) -> String {
        rampart_core::import::to_json(r)
    }

    #[test]
    fn compare_take_and_merge_speak_json_and_say_what_is_wrong() {
        let open = import(BANK).unwrap();
        let mut file = open.clone();
        file.risks[3].owner = Some("From the file".into());
        file.risks[5].title = "Also changed".into();
        let compared: Compared = serde_json::from_str(&compare(&text(&open), &text(&file), "2026-11-23", 0)).unwrap();
        assert_eq!(compared.changes.len(), 2);
        let owner = compared.changes.iter().find(|c| c.path.ends_with(".owner")).unwrap();
        let taken: serde_json::Value =
            serde_json::from_str(&take(&text(&open), &serde_json::to_string(owner).unwrap())).unwrap();
        let taken = import(taken["register"].as_str().unwrap()).unwrap();
        assert_eq!(taken.risks[3].owner.as_deref(), Some("From the file"));
        assert_eq!(taken.risks[5].title, open.risks[5].title, "only the change taken");

        let (mut ours, mut theirs) = (open.clone(), open.clone());
        ours.risks[0].owner = Some("Ours".into());
        theirs.risks[0].owner = Some("Theirs".into());
        theirs.risks[1].owner = Some("Theirs too".into());
        let result: MergeView = serde_json::from_str(&merge(&text(&open), &text(&ours), &text(&theirs), "{}")).unwrap();
        assert_eq!((result.conflicts.len(), result.left, result.merged.is_none()), (1, 1, true));
        let path = result.conflicts[0].path.clone();
        let choices = serde_json::json!({ path: "theirs" }).to_string();
        let result: MergeView =
            serde_json::from_str(&merge(&text(&open), &text(&ours), &text(&theirs), &choices)).unwrap();
        let merged = import(result.merged.as_deref().unwrap()).unwrap();
        assert_eq!(
            (merged.risks[0].owner.as_deref(), merged.risks[1].owner.as_deref()),
            (Some("Theirs"), Some("Theirs too"))
        );
        assert_eq!(result.taken.len(), 2);

        let refused = compare("{", &text(&open), "2026-11-23", 0);
        assert!(refused.starts_with("{\"error\":\"the older register: "), "{refused}");
    }
}
