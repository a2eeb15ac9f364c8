//! `rampart diff` and `rampart merge` (SPEC §9.3): registers that travel by
//! email or through git come back compared or merged.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use rampart_core::diff::{self, AnalysisChanges, Change, ChangeKind};
use rampart_core::merge::{self, Conflict, Merged};
use rampart_core::{analyse, Options, Register};
use serde_json::{json, Value};

use crate::{print_or_fail, read, Format};

/// Compares two files; exit 0 equal (`updated` and `lineage` do not count), 1
/// different, 2 a file cannot be read.
pub fn diff(old_path: &Path, new_path: &Path, options: &Options, format: Format) -> ExitCode {
    let (old, new) = match (read_named(old_path), read_named(new_path)) {
        (Some(old), Some(new)) => (old, new),
        _ => return ExitCode::from(2),
    };
    let changes = diff::changes(&old, &new);
    let analysis = diff::analysis_changes((&old, &analyse(&old, options)), (&new, &analyse(&new, options)));
    let equal = diff::equal(&changes);
    let printed = match format {
        Format::Json => json!({
            "old": old_path.display().to_string(),
            "new": new_path.display().to_string(),
            "equal": equal,
            "changes": json_changes(&changes),
            "analysis": {
                "findings_added": analysis.findings_added,
                "findings_resolved": analysis.findings_resolved,
                "risks_rescored": analysis.rescored.iter()
                    .map(|r| json!({"id": r.risk, "old": r.old, "new": r.new}))
                    .collect::<Vec<_>>(),
            },
        })
        .to_string(),
        Format::Text => diff_text(old_path, new_path, &changes, &analysis),
    };
    if print_or_fail(&printed) != ExitCode::SUCCESS {
        return ExitCode::from(2);
    }
    if equal {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Every change from `old` to `new`, a line each (`added`, `removed`,
/// `changed` with the JSON path and the values).
pub fn changes_text(old: &Path, new: &Path, changes: &[Change]) -> String {
    let mut out = String::new();
    let (old, new) = (old.display(), new.display());
    if changes.is_empty() {
        let _ = write!(out, "{old} and {new} are the same register");
        return out;
    }
    let _ = writeln!(out, "{old} → {new}: {} change{}", changes.len(), if changes.len() == 1 { "" } else { "s" });
    for c in changes {
        let _ = match c.kind() {
            ChangeKind::Added => writeln!(out, "  added    {}: {}", c.path, brief(&c.new)),
            ChangeKind::Removed => writeln!(out, "  removed  {}: {}", c.path, brief(&c.old)),
            ChangeKind::Changed => writeln!(out, "  changed  {}: {} → {}", c.path, brief(&c.old), brief(&c.new)),
        };
    }
    out
}

/// The changes in SPEC §9.5's shape: one entry per object (the register's own
/// fields are the object with `array` null), an added or removed object whole,
/// a changed one with its fields.
fn json_changes(changes: &[Change]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let mut last: Option<(Option<String>, Option<String>)> = None;
    for c in changes {
        let (array, id) = (c.list().map(str::to_string), c.item().map(str::to_string));
        let object_path = match (&array, &id) {
            (Some(a), Some(i)) => format!("$.{a}[id={}]", serde_json::to_string(i).unwrap_or_default()),
            _ => "$".to_string(),
        };
        let whole = c.steps.len() == 2 && array.is_some();
        match c.kind() {
            ChangeKind::Added if whole => {
                out.push(json!({"kind": "added", "array": array, "id": id, "path": object_path, "new": c.new}))
            }
            ChangeKind::Removed if whole => {
                out.push(json!({"kind": "removed", "array": array, "id": id, "path": object_path, "old": c.old}))
            }
            _ => {
                let field = json!({"path": c.path, "old": c.old, "new": c.new});
                let same_object = last.as_ref() == Some(&(array.clone(), id.clone()));
                match out.last_mut().filter(|_| same_object) {
                    Some(entry) if entry["kind"] == "changed" => {
                        if let Some(fields) = entry["fields"].as_array_mut() {
                            fields.push(field);
                        }
                    }
                    _ => out.push(
                        json!({"kind": "changed", "array": array, "id": id, "path": object_path, "fields": [field]}),
                    ),
                }
            }
        }
        last = Some((array, id));
    }
    out
}

fn read_named(path: &Path) -> Option<Register> {
    read(path).map_err(|message| eprintln!("rampart: {}: {message}", path.display())).ok()
}

/// A value on one line, cut at 100 characters.
fn brief(v: &Option<Value>) -> String {
    let text = v.as_ref().map_or("(none)".to_string(), Value::to_string);
    match text.char_indices().nth(100) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

fn diff_text(old: &Path, new: &Path, changes: &[Change], analysis: &AnalysisChanges) -> String {
    let mut out = changes_text(old, new, changes);
    if changes.is_empty() {
        return out;
    }
    if !analysis.is_empty() {
        let _ = writeln!(out, "Analysis:");
        for f in &analysis.findings_added {
            let _ = writeln!(out, "  new finding       {} {}", f.code, f.message);
        }
        for f in &analysis.findings_resolved {
            let _ = writeln!(out, "  resolved finding  {} {}", f.code, f.message);
        }
        for r in &analysis.rescored {
            let _ = writeln!(out, "  re-scored         {}: {} → {}", r.risk, r.old, r.new);
        }
        let hours =
            |h: Option<f64>| h.map_or("not planned".to_string(), |h| rampart_core::findings::fmt_hours(h).to_string());
        for m in &analysis.recovery_moved {
            let _ = writeln!(out, "  recovery moved    {}: back at {} → {}", m.node, hours(m.old), hours(m.new));
        }
    }
    out.trim_end().to_string()
}

/// Merges three files; writes the result to `out` (else over `ours`) and exits
/// 0, or lists the conflicts, writes nothing and exits 1; 2 when a file cannot
/// be read or the result cannot be written.
pub fn merge(base: &Path, ours: &Path, theirs: &Path, out: Option<&Path>) -> ExitCode {
    let (Some(b), Some(o), Some(t)) = (read_named(base), read_named(ours), read_named(theirs)) else {
        return ExitCode::from(2);
    };
    match merge::merge(&b, &o, &t) {
        Merged::Clean(register) => {
            let target = out.unwrap_or(ours);
            match write_atomically(target, &rampart_core::import::to_json(&register)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("rampart: {}: cannot write the merged register: {e}", target.display());
                    ExitCode::from(2)
                }
            }
        }
        Merged::Conflicts(conflicts) => {
            // For programs on standard output (SPEC §9.5), for people on standard error.
            let _ = print_or_fail(&json!({ "conflicts": conflicts }).to_string());
            eprintln!("{}", conflicts_text(ours, &conflicts));
            ExitCode::from(1)
        }
    }
}

fn conflicts_text(ours: &Path, conflicts: &[Conflict]) -> String {
    let mut out = String::new();
    let n = conflicts.len();
    let _ = writeln!(
        out,
        "rampart merge: {n} conflict{} in {}; nothing written",
        if n == 1 { "" } else { "s" },
        ours.display()
    );
    for c in conflicts {
        let _ = writeln!(out, "  {}", c.path);
        match &c.why {
            Some(why) => {
                let _ = writeln!(out, "    {why}");
            }
            None => {
                for (side, value) in [("base", &c.base), ("ours", &c.ours), ("theirs", &c.theirs)] {
                    let _ = writeln!(out, "    {side:<7} {}", brief(value));
                }
            }
        }
    }
    out.trim_end().to_string()
}

/// Writes `text` to a file beside `path`, then renames it over `path`: a reader
/// sees the old file or the new, never half of one.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.rampart-new"));
    std::fs::write(&temporary, format!("{text}\n"))?;
    std::fs::rename(&temporary, path)
}
