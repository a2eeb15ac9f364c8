//! The compare view's content as HTML, rendered here so that the view weighs
//! nothing at start: every change between two registers, item by item with
//! each field's value before and after, filtered by kind, with a Take button
//! per change when a file is compared with the open register; and what
//! changed in the analysis. Every text escaped.

use std::fmt::Write as _;

use rampart_core::diff::{shown, AnalysisChanges, Change, ChangeKind, FindingLine};
use rampart_core::findings::fmt_hours;
use rampart_core::review::Esc;
use rampart_core::Register;

/// The most items listed at once (each with all its changes).
pub const SHOWN: usize = 200;

/// The changes of one item (a risk, a node, …), or of the register's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Group<'a> {
    /// "Risk", "Node", …, or "Register" for its own fields.
    pub what: &'static str,
    /// The item's key, and its name or title as the new side (else the old) has it.
    pub key: Option<String>,
    pub name: String,
    /// Each change with its position among all the changes (what Take names).
    pub changes: Vec<(usize, &'a Change)>,
}

/// Which changes to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    Only(ChangeKind),
}

impl Filter {
    /// `all`, `added`, `removed` or `changed` (anything else: all).
    pub fn from_key(key: &str) -> Self {
        match key {
            "added" => Filter::Only(ChangeKind::Added),
            "removed" => Filter::Only(ChangeKind::Removed),
            "changed" => Filter::Only(ChangeKind::Changed),
            _ => Filter::All,
        }
    }

    pub fn keeps(self, c: &Change) -> bool {
        match self {
            Filter::All => true,
            Filter::Only(kind) => c.kind() == kind,
        }
    }
}

fn what(list: &str) -> &'static str {
    match list {
        "risks" => "Risk",
        "services" => "Node",
        "suppliers" => "Supplier",
        "agreements" => "Agreement",
        "scenarios" => "Scenario",
        "exercises" => "Exercise",
        "reviews" => "Review",
        _ => "Item",
    }
}

/// The changes grouped by item, in the order found (the register's own fields,
/// then each list in the file's order).
pub fn groups<'a>(changes: &'a [Change], old: &Register, new: &Register, filter: Filter) -> Vec<Group<'a>> {
    let mut out: Vec<Group> = Vec::new();
    for (i, c) in changes.iter().enumerate().filter(|(_, c)| filter.keeps(c)) {
        let (list, key) = (c.list(), c.item().map(str::to_string));
        if let Some(g) = out.last_mut().filter(|g| g.key == key && g.what == list.map_or("Register", what)) {
            g.changes.push((i, c));
            continue;
        }
        let name = match (list, &key) {
            (Some(list), Some(key)) => name_of(new, list, key).or_else(|| name_of(old, list, key)).unwrap_or_default(),
            _ => String::new(),
        };
        out.push(Group { what: list.map_or("Register", what), key, name, changes: vec![(i, c)] });
    }
    out
}

fn name_of(r: &Register, list: &str, key: &str) -> Option<String> {
    let found = |id: &str| id == key;
    match list {
        "risks" => r.risks.iter().find(|x| found(&x.id)).map(|x| x.title.clone()),
        "services" => r.services.iter().find(|x| found(&x.id)).map(|x| x.name.clone()),
        "suppliers" => r.suppliers.iter().find(|x| found(&x.id)).map(|x| x.name.clone()),
        "agreements" => r.agreements.iter().find(|x| found(&x.id)).map(|x| x.name.clone()),
        "scenarios" => r.scenarios.iter().find(|x| found(&x.id)).map(|x| x.name.clone()),
        "exercises" => r.exercises.iter().find(|x| found(&x.id)).map(|x| x.name.clone()),
        "reviews" => r.reviews.iter().find(|x| found(&x.id)).map(|x| x.title.clone().unwrap_or_default()),
        _ => None,
    }
}

/// Two registers compared, as the view shows them.
pub struct View<'a> {
    pub old: &'a Register,
    pub new: &'a Register,
    pub old_name: &'a str,
    pub new_name: &'a str,
    pub changes: &'a [Change],
    pub analysis: &'a AnalysisChanges,
    pub filter: Filter,
    /// The file whose changes can be taken into the open register, one by one.
    pub take_from: Option<&'a str>,
}

/// The view's HTML (below its title).
pub fn html(v: &View) -> String {
    let mut o = String::with_capacity(8192);
    let changes = v.changes;
    if changes.is_empty() {
        o.push_str("<p class=\"ok\">They are the same register: no field differs.</p>");
    } else {
        let count = |kind: ChangeKind| changes.iter().filter(|c| c.kind() == kind).count();
        o.push_str("<fieldset class=\"filters\"><legend>Show</legend>");
        let radios = [
            ("all", "All", changes.len(), Filter::All),
            ("added", "Added", count(ChangeKind::Added), Filter::Only(ChangeKind::Added)),
            ("removed", "Removed", count(ChangeKind::Removed), Filter::Only(ChangeKind::Removed)),
            ("changed", "Changed", count(ChangeKind::Changed), Filter::Only(ChangeKind::Changed)),
        ];
        for (key, label, n, f) in radios {
            let checked = if v.filter == f { " checked" } else { "" };
            let _ = write!(
                o,
                "<label for=\"changes-{key}\"><input type=\"radio\" name=\"change-filter\" id=\"changes-{key}\" \
                 value=\"{key}\"{checked}>{label} ({n})</label>"
            );
        }
        o.push_str("</fieldset>");
        if let Some(file) = v.take_from {
            let _ = write!(
                o,
                "<p class=\"hint\">Take a change of {} into the open register with its button (Undo takes it back).</p>",
                Esc(file)
            );
        }
        let listed = groups(changes, v.old, v.new, v.filter);
        for g in listed.iter().take(SHOWN) {
            let _ = write!(o, "<section class=\"card change-group\"><h3>{} ", g.what);
            if let Some(k) = &g.key {
                let _ = write!(o, "<code>{}</code>", Esc(k));
            }
            let _ = write!(
                o,
                " <bdi>{}</bdi></h3><table class=\"changes\"><thead><tr><th scope=\"col\">Field</th>\
                 <th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
                Esc(&g.name),
                Esc(v.old_name),
                Esc(v.new_name)
            );
            if v.take_from.is_some() {
                o.push_str("<th scope=\"col\"><span class=\"visually-hidden\">Take</span></th>");
            }
            o.push_str("</tr></thead><tbody>");
            for (i, c) in &g.changes {
                let (kind, field) = match (c.kind(), c.field()) {
                    (ChangeKind::Added, f) if f.is_empty() => ("added", "added".to_string()),
                    (ChangeKind::Removed, f) if f.is_empty() => ("removed", "removed".to_string()),
                    (ChangeKind::Added, f) => ("added", f),
                    (ChangeKind::Removed, f) => ("removed", f),
                    (ChangeKind::Changed, f) => ("changed", f),
                };
                let _ = write!(
                    o,
                    "<tr class=\"change {kind}\"><th scope=\"row\">{}</th><td class=\"old\"><bdi>{}</bdi></td>\
                     <td class=\"new\"><bdi>{}</bdi></td>",
                    Esc(&field),
                    Esc(&shown(&c.old)),
                    Esc(&shown(&c.new))
                );
                if v.take_from.is_some() {
                    let _ = write!(
                        o,
                        "<td><button type=\"button\" data-act=\"take-{i}\" data-path=\"{path}\" aria-label=\"Take {path}\">Take</button></td>",
                        path = Esc(&c.path)
                    );
                }
                o.push_str("</tr>");
            }
            o.push_str("</tbody></table></section>");
        }
        if listed.len() > SHOWN {
            let _ = write!(
                o,
                "<p>The first {SHOWN} of {} items; the command line (rampart diff) lists them all.</p>",
                listed.len()
            );
        }
    }
    analysis(&mut o, v.analysis);
    o
}

/// What changed in the analysis: findings added and resolved, risks re-scored,
/// recovery times that moved.
fn analysis(o: &mut String, a: &AnalysisChanges) {
    if a.is_empty() {
        o.push_str("<p class=\"ok\">The analysis is the same on both sides.</p>");
        return;
    }
    o.push_str(
        "<section class=\"card analysis-changes\" aria-labelledby=\"analysis-changes-title\">\
         <h3 id=\"analysis-changes-title\">What changed in the analysis</h3>",
    );
    let findings = |o: &mut String, title: &str, lines: &[FindingLine]| {
        if lines.is_empty() {
            return;
        }
        let _ = write!(o, "<h4>{title}</h4><ul class=\"findings\">");
        for f in lines {
            let _ = write!(
                o,
                "<li class=\"{}\"><span class=\"code\">{}</span> {}</li>",
                f.severity.label(),
                Esc(&f.code),
                Esc(&f.message)
            );
        }
        o.push_str("</ul>");
    };
    findings(o, "New findings", &a.findings_added);
    findings(o, "Resolved findings", &a.findings_resolved);
    if !a.rescored.is_empty() {
        o.push_str("<h4>Risks re-scored (residual)</h4><ul>");
        for r in &a.rescored {
            let line = format!(": {} → {}", r.old, r.new);
            let _ = write!(o, "<li><code>{}</code>{}</li>", Esc(&r.risk), Esc(&line));
        }
        o.push_str("</ul>");
    }
    if !a.recovery_moved.is_empty() {
        let hours = |h: Option<f64>| h.map_or("not planned".to_string(), |h| fmt_hours(h).to_string());
        o.push_str("<h4>Recovery times that moved</h4><ul>");
        for m in &a.recovery_moved {
            let line = format!(": back at {} → {}", hours(m.old), hours(m.new));
            let _ = write!(o, "<li><code>{}</code>{}</li>", Esc(&m.node), Esc(&line));
        }
        o.push_str("</ul>");
    }
    o.push_str("</section>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_core::diff;

    fn example() -> Register {
        rampart_core::import(include_str!("../../../examples/online-banking.json")).unwrap()
    }

    #[test]
    fn changes_are_grouped_by_item_with_its_name_and_each_field_named() {
        let old = example();
        let mut new = old.clone();
        new.name = "Renamed register".into();
        new.risks[0].owner = Some("Someone".into());
        new.risks[0].title = "New title".into();
        new.services.remove(2);
        let changes = diff::changes(&old, &new);
        let all = groups(&changes, &old, &new, Filter::All);
        let seen: Vec<(&str, Option<&str>, &str, Vec<String>)> = all
            .iter()
            .map(|g| (g.what, g.key.as_deref(), g.name.as_str(), g.changes.iter().map(|(_, c)| c.field()).collect()))
            .collect();
        assert_eq!(
            seen,
            [
                ("Register", None, "", vec!["name".to_string()]),
                ("Risk", Some("R-001"), "New title", vec!["owner".into(), "title".into()]),
                ("Node", Some(old.services[2].id.as_str()), old.services[2].name.as_str(), vec![String::new()]),
            ]
        );
        let removed = groups(&changes, &old, &new, Filter::from_key("removed"));
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].changes[0].0, 3, "a change keeps its place among all the changes");
        assert_eq!(shown(&changes[0].new), "Renamed register");
    }

    #[test]
    fn the_view_escapes_every_text_and_offers_take_only_for_a_file() {
        let old = example();
        let mut new = old.clone();
        new.risks[0].title = "<img src=x onerror=alert(1)>".into();
        let changes = diff::changes(&old, &new);
        let analysis = AnalysisChanges::default();
        let view = |take_from| View {
            old: &old,
            new: &new,
            old_name: "the open register",
            new_name: "<b>file</b>.json",
            changes: &changes,
            analysis: &analysis,
            filter: Filter::All,
            take_from,
        };
        let html = html(&view(Some("<b>file</b>.json")));
        assert!(!html.contains("<img") && !html.contains("<b>file"), "{html}");
        assert!(html.contains(
            "data-act=\"take-0\" data-path=\"$.risks[id=&quot;R-001&quot;].title\" aria-label=\"Take $.risks[id=&quot;R-001&quot;].title\""
        ));
        assert!(html.contains("id=\"changes-all\" value=\"all\" checked>All (1)"));
        assert!(!super::html(&view(None)).contains("data-act"), "revisions compared: nothing to take");
    }
}
