//! The import page: the sheet, a column for each field, and the preview of
//! what the import would change (or every problem by row and column), as
//! HTML the app shows with delegated events (`data-act`, the form read back
//! URL-encoded). Every text from the file is escaped.

use std::fmt::Write as _;

use rampart_core::diff::{shown, Change, ChangeKind, Score};
use rampart_core::percent::query_pairs;
use rampart_core::review::{plural, Esc};
use rampart_core::scoring::{rate, ScaleSet, Scored};
use rampart_core::sheet::{self, column_letters, Mapping, Plan, RowProblem, Table, Target};
use rampart_core::{Options, Register};
use serde_json::Value;

/// Most changes and problems listed on the page; the counts are always whole.
pub const SHOWN: usize = 500;

/// The page's form as sent: which sheet holds the risks, the column of each
/// field, and whether risks the sheet does not name are removed.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub sheet: usize,
    pub mapping: Mapping,
    pub remove_missing: bool,
}

impl Form {
    /// The form from its URL-encoded fields: `sheet`, `mapped` (the sheet the
    /// `map-<field>` columns were chosen for: another sheet's columns are
    /// guessed afresh), `map-<field>` (column from 1, 0: not imported),
    /// `remove` (`on`: remove the risks the sheet does not name).
    pub fn read(form: &str, sheets: &[Table]) -> Result<Form, String> {
        let pairs = query_pairs(form);
        let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        let sheet = get("sheet").and_then(|s| s.parse::<usize>().ok()).filter(|s| *s < sheets.len());
        let sheet = sheet.unwrap_or_else(|| sheets.iter().position(|t| t.name == "Risks").unwrap_or(0));
        let headers = sheets.get(sheet).map(|t| t.headers.as_slice()).unwrap_or_default();
        let guessed = Mapping::guess(headers);
        let mapping = if get("mapped").and_then(|m| m.parse::<usize>().ok()) == Some(sheet) {
            let chosen: Vec<(String, String)> =
                (pairs.iter()).filter_map(|(k, v)| Some((k.strip_prefix("map-")?.to_string(), v.clone()))).collect();
            Mapping::read(&guessed, &chosen, headers)?
        } else {
            guessed
        };
        Ok(Form { sheet, mapping, remove_missing: get("remove") == Some("on") })
    }
}

/// What the page shows: the form, and the plan with its changes or the problems.
pub struct Page<'a> {
    pub file: &'a str,
    pub sheets: &'a [Table],
    pub form: &'a Form,
    pub outcome: Result<Plan, Vec<RowProblem>>,
    /// What applying the plan would change (empty when refused).
    pub changes: Vec<Change>,
    /// The sheets read beside the risks (a workbook's Controls, Actions).
    pub also: Vec<&'a str>,
    /// Risks added, updated and removed by the import (`Plan::counts`).
    pub counts: (usize, usize, usize),
    /// Updated risks whose residual or target score the import changes
    /// (through their controls or inherent rating): risk, which, before, after.
    pub rescored: Vec<(String, &'static str, String, String)>,
}

impl<'a> Page<'a> {
    pub fn of(register: &Register, options: &Options, file: &'a str, sheets: &'a [Table], form: &'a Form) -> Self {
        let scales = ScaleSet::from_register(register.scales.as_ref());
        let Some(source) = crate::source(sheets, form.sheet) else {
            let problem =
                RowProblem { sheet: String::new(), row: 0, column: String::new(), message: "no sheet".into() };
            let (changes, also, rescored) = (Vec::new(), Vec::new(), Vec::new());
            return Page {
                file,
                sheets,
                form,
                outcome: Err(vec![problem]),
                changes,
                also,
                counts: (0, 0, 0),
                rescored,
            };
        };
        let also = [source.controls, source.actions].into_iter().flatten().map(|t| t.name.as_str()).collect();
        let options_of_import = sheet::Options { remove_missing: form.remove_missing };
        let outcome = sheet::plan(register, &scales, source, &form.mapping, options_of_import);
        let changes = match &outcome {
            Ok(plan) => plan.preview(register, &scales, options.today, &note(file)),
            Err(_) => Vec::new(),
        };
        let (counts, rescored) = match &outcome {
            Ok(plan) => (plan.counts(register), rescored(register, plan, &scales)),
            Err(_) => ((0, 0, 0), Vec::new()),
        };
        Page { file, sheets, form, outcome, changes, also, counts, rescored }
    }

    /// The page as HTML.
    pub fn html(&self) -> String {
        let mut h = String::new();
        let rows = self.sheets.get(self.form.sheet).map_or(0, |t| t.rows.len());
        let _ = write!(
            h,
            r#"<section class="card sheet-import" aria-labelledby="sheet-import-title"><h3 id="sheet-import-title">Import {} from {}</h3>"#,
            plural(rows, "row", "rows"),
            Esc(self.file)
        );
        h.push_str(
            "<p>Nothing changes until you apply. A row whose id is a risk's updates the fields mapped below; \
             any other id adds a risk. Levels may be numbers or the scale's labels; dates are YYYY-MM-DD or \
             the sheet's own dates.</p>",
        );
        h.push_str(r#"<form id="sheet-import-form" class="sheet-import-form">"#);
        if self.sheets.len() > 1 {
            h.push_str(r#"<div class="field"><label for="sheet-import-sheet">Sheet with the risks</label><select id="sheet-import-sheet" name="sheet">"#);
            for (k, t) in self.sheets.iter().enumerate() {
                let selected = if k == self.form.sheet { " selected" } else { "" };
                let _ = write!(h, r#"<option value="{k}"{selected}>{} ({} rows)</option>"#, Esc(&t.name), t.rows.len());
            }
            h.push_str("</select></div>");
        }
        let _ = write!(h, r#"<input type="hidden" name="mapped" value="{}">"#, self.form.sheet);
        if !self.also.is_empty() {
            let _ = write!(
                h,
                "<p>The controls and actions of the risks imported come from the {} {}: each lists every \
                 one of them.</p>",
                if self.also.len() == 1 { "sheet" } else { "sheets" },
                self.also.iter().map(|s| format!("\"{}\"", Esc(s))).collect::<Vec<_>>().join(" and ")
            );
        }
        h.push_str(r#"<details class="sheet-mapping" open><summary>Columns</summary><div class="mapping">"#);
        let headers = self.sheets.get(self.form.sheet).map(|t| t.headers.as_slice()).unwrap_or_default();
        for t in Target::ALL {
            let current = self.form.mapping.column(t);
            let _ = write!(
                h,
                r#"<div class="field"><label for="map-{key}">{label}</label><select id="map-{key}" name="map-{key}"><option value="0"{none}>— not imported —</option>"#,
                key = t.key(),
                label = Esc(t.label()),
                none = if current.is_none() { " selected" } else { "" },
            );
            for (c, header) in headers.iter().enumerate() {
                let selected = if current == Some(c) { " selected" } else { "" };
                let _ =
                    write!(h, r#"<option value="{}"{selected}>{} {}</option>"#, c + 1, column_letters(c), Esc(header));
            }
            h.push_str("</select></div>");
        }
        h.push_str("</div></details>");
        for shared in self.form.mapping.shared_columns(headers) {
            let _ = write!(h, r#"<p class="warning" role="status">{}</p>"#, Esc(&shared));
        }
        let checked = if self.form.remove_missing { " checked" } else { "" };
        let _ = write!(
            h,
            r#"<div class="field check"><input type="checkbox" id="sheet-import-remove" name="remove"{checked}><label for="sheet-import-remove">Remove the register's risks that the sheet does not list</label></div></form>"#
        );
        self.preview_html(&mut h);
        let ready = self.outcome.is_ok() && !self.changes.is_empty();
        let _ = write!(
            h,
            r#"<div class="actions"><button type="button" class="primary" data-act="apply"{}>Apply the import</button><button type="button" data-act="cancel">Cancel</button></div></section>"#,
            if ready { "" } else { " disabled" }
        );
        h
    }

    fn preview_html(&self, h: &mut String) {
        let problems = match &self.outcome {
            Err(problems) => problems,
            Ok(_) => {
                let (added, updated, removed) = self.counts;
                let _ = write!(
                    h,
                    r#"<p class="ok" role="status">Ready: {added} new {}, {updated} updated, {removed} removed.</p>"#,
                    if added == 1 { "risk" } else { "risks" }
                );
                if self.changes.is_empty() {
                    h.push_str("<p>The sheet changes nothing in the register.</p>");
                    return;
                }
                h.push_str(
                    r#"<table class="sheet-preview"><caption>What the import changes</caption><thead><tr><th scope="col">Risk</th><th scope="col">Change</th><th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th></tr></thead><tbody>"#,
                );
                for c in self.changes.iter().take(SHOWN) {
                    let (kind, before, after) = match c.kind() {
                        ChangeKind::Added if c.field().is_empty() => ("added", String::new(), title_of(c)),
                        ChangeKind::Removed if c.field().is_empty() => ("removed", title_of(c), String::new()),
                        _ => {
                            let (before, after) = readable(&c.field(), c.old.as_ref(), c.new.as_ref());
                            ("changed", before, after)
                        }
                    };
                    let _ = write!(
                        h,
                        r#"<tr class="{kind}"><td>{}</td><td>{kind}</td><td>{}</td><td class="text">{}</td><td class="text">{}</td></tr>"#,
                        Esc(c.item().unwrap_or("(register)")),
                        Esc(&c.field()),
                        Esc(&before),
                        Esc(&after),
                    );
                }
                for (id, which, before, after) in self.rescored.iter().take(SHOWN) {
                    let _ = write!(
                        h,
                        r#"<tr class="rescored"><td>{}</td><td>re-scored</td><td>{which} score</td><td>{}</td><td>{}</td></tr>"#,
                        Esc(id),
                        Esc(before),
                        Esc(after),
                    );
                }
                h.push_str("</tbody></table>");
                if !self.rescored.is_empty() {
                    h.push_str(
                        "<p>Re-scored: residual and target scores as the analysis gives them after the import \
                         (from the inherent rating and the controls, unless given).</p>",
                    );
                }
                if self.changes.len() > SHOWN {
                    let _ = write!(h, "<p>… and {} more changes.</p>", self.changes.len() - SHOWN);
                }
                return;
            }
        };
        let _ = write!(
            h,
            r#"<div role="alert"><p class="problem">{}: nothing will be imported until they are fixed in the file or the mapping.</p><ul class="problems">"#,
            plural(problems.len(), "problem", "problems")
        );
        for p in problems.iter().take(SHOWN) {
            let _ = write!(h, "<li>{}</li>", Esc(&p.to_string()));
        }
        h.push_str("</ul>");
        if problems.len() > SHOWN {
            let _ = write!(h, "<p>… and {} more.</p>", problems.len() - SHOWN);
        }
        h.push_str("</div>");
    }
}

/// A changed value as people read it: a rating as its levels, the history
/// as the assessments it gains; anything else as the diff shows it.
fn readable(field: &str, old: Option<&Value>, new: Option<&Value>) -> (String, String) {
    let levels = |v: &Value| -> Option<String> {
        let (i, l) = (v.get("impact")?.as_i64()?, v.get("likelihood")?.as_i64()?);
        let date = v.get("date").and_then(Value::as_str).map_or(String::new(), |d| format!("{d}: "));
        let note = v.get("note").and_then(Value::as_str).map_or(String::new(), |n| format!(" ({n})"));
        Some(format!("{date}impact {i} × likelihood {l}{note}"))
    };
    if let (Some(Value::Array(was)), Some(Value::Array(now))) = (old, new) {
        if field == "history" && now.starts_with(was) {
            let added: Option<Vec<String>> = now[was.len()..].iter().map(levels).collect();
            if let Some(added) = added {
                let earlier =
                    if was.len() == 1 { "1 assessment".to_string() } else { format!("{} assessments", was.len()) };
                return (earlier, format!("+ {}", added.join("\n+ ")));
            }
        }
    }
    let one = |v: Option<&Value>| v.and_then(levels).unwrap_or_else(|| shown(&v.cloned()));
    (one(old), one(new))
}

/// The residual and target scores the plan changes on the risks it updates.
fn rescored(register: &Register, plan: &Plan, scales: &ScaleSet) -> Vec<(String, &'static str, String, String)> {
    let shown = |s: Scored| Score::of(s.score, s.band, scales).to_string();
    let mut out = Vec::new();
    for (at, risk) in &plan.risks {
        let Some(before) = at.and_then(|i| register.risks.get(i)).filter(|b| *b != risk) else { continue };
        let (was, now) = (rate(before, scales), rate(risk, scales));
        for (which, a, b) in [("residual", was.residual, now.residual), ("target", was.target, now.target)] {
            if a.score != b.score || a.band != b.band {
                out.push((risk.id.to_string(), which, shown(a), shown(b)));
            }
        }
    }
    out
}

/// The title of a risk added or removed whole.
fn title_of(c: &Change) -> String {
    let value = c.new.as_ref().or(c.old.as_ref());
    value.and_then(|v| v.get("title")).and_then(|t| t.as_str()).unwrap_or_default().to_string()
}

/// The note an import puts in the history of each risk it re-assesses.
pub fn note(file: &str) -> String {
    format!("Imported from {file}")
}
