//! What changed between two registers (SPEC §9.3): field by field, objects
//! matched by id (an agreement's targets by priority), unknown fields
//! included; and what changed in their analysis. The registers are compared as
//! JSON values as the format writes them, so a number written `4` or `4.0` is
//! the same, and a field this version does not know is compared like the rest.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::Register;
use crate::Analysis;

/// Where an object sits, for the matching rules: the register itself, or an
/// item of one of its keyed lists (named as in the format).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Within {
    Register,
    /// An item of the keyed list of this name.
    Item(&'static str),
}

/// How a field of an object in `within` is compared and merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    /// A list of objects matched by this key; each matched pair field by field.
    Keyed { list: &'static str, key: &'static str },
    /// A list compared as a set of items.
    Set,
    /// Anything else: one value.
    Value,
}

pub(crate) fn rule(within: Within, field: &str) -> Rule {
    match (within, field) {
        (Within::Register, f) => match TYPED_LISTS.iter().find(|l| **l == f) {
            Some(list) => Rule::Keyed { list, key: "id" },
            None => Rule::Value,
        },
        (Within::Item("risks"), "controls") => Rule::Keyed { list: "controls", key: "id" },
        (Within::Item("risks"), "actions") => Rule::Keyed { list: "actions", key: "id" },
        (Within::Item("reviews"), "decisions") => Rule::Keyed { list: "decisions", key: "id" },
        (Within::Item("agreements"), "targets") => Rule::Keyed { list: "targets", key: "priority" },
        (Within::Item("services"), "depends_on") | (Within::Item("risks"), "services") => Rule::Set,
        _ => Rule::Value,
    }
}

/// An item's key (its id, or a target's priority) as text.
pub(crate) fn key_of<'a>(item: &'a Value, key: &str) -> Option<&'a str> {
    item.get(key).and_then(Value::as_str)
}

/// Whether two values of a field are the same under `rule` (a set ignores order
/// and repeats).
pub(crate) fn same(rule: Rule, a: Option<&Value>, b: Option<&Value>) -> bool {
    if nothing(a) && nothing(b) {
        return true;
    }
    match (rule, a, b) {
        (Rule::Set, Some(Value::Array(x)), Some(Value::Array(y))) => {
            let within = |p: &Value, q: &[Value]| q.iter().any(|v| json_eq(Some(p), Some(v)));
            x.iter().all(|v| within(v, y)) && y.iter().all(|v| within(v, x))
        }
        (Rule::Keyed { key, .. }, Some(Value::Array(x)), Some(Value::Array(y))) => {
            x.len() == y.len() && {
                let by_key: HashMap<&str, &Value> = y.iter().filter_map(|v| Some((key_of(v, key)?, v))).collect();
                x.iter().all(|v| key_of(v, key).and_then(|k| by_key.get(k)).is_some_and(|w| same_object(rule, v, w)))
            }
        }
        _ => json_eq(a, b),
    }
}

/// Absent, `null`, or an empty list: the same, as SPEC §9.5 settles.
fn nothing(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Array(items)) => items.is_empty(),
        _ => false,
    }
}

/// Two JSON values equal as SPEC §9.5 compares them: numbers by value
/// (4 = 4.0), and a member absent, `null` or an empty list alike.
pub(crate) fn json_eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    if nothing(a) && nothing(b) {
        return true;
    }
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            // Whole numbers by their digits (beyond 2^53 too), others by value: 4 = 4.0.
            let whole = |n: &serde_json::Number| !n.to_string().contains(['.', 'e', 'E']);
            match (whole(x), whole(y)) {
                (true, true) => x == y,
                _ => x.as_f64().is_some() && x.as_f64() == y.as_f64(),
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(Some(p), Some(q)))
        }
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            x.iter().all(|(k, v)| json_eq(Some(v), y.get(k))) && y.iter().all(|(k, v)| json_eq(x.get(k), Some(v)))
        }
        _ => a == b,
    }
}

/// Whether two items of a keyed list are the same, field by field under the rules.
pub(crate) fn same_object(rule: Rule, a: &Value, b: &Value) -> bool {
    let Rule::Keyed { list, .. } = rule else { return json_eq(Some(a), Some(b)) };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let same_at = |k: &String| same(self::rule(Within::Item(list), k), x.get(k), y.get(k));
            x.keys().all(same_at) && y.keys().all(same_at)
        }
        _ => json_eq(Some(a), Some(b)),
    }
}

/// Whether `changes` leave two registers equal: only `updated` and `lineage`
/// differ, which are listed but do not make two files unequal (SPEC §9.5).
pub fn equal(changes: &[Change]) -> bool {
    changes.iter().all(|c| matches!(c.steps.as_slice(), [Step::Field(f)] if f == "updated" || f == "lineage"))
}

/// One step of the way to a changed field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Step {
    /// A field of an object.
    Field(String),
    /// An item of a keyed list, by its key: `by` names the key (`id`,
    /// `priority`), `key` is its value.
    Item { by: String, key: String },
}

/// One difference: a field whose value differs, or an item added or removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The JSON path of the field, each item named by its key
    /// (`$.risks[id="R1"].title`).
    pub path: String,
    /// The way to it, each item by its key: what applying the change follows.
    pub steps: Vec<Step>,
    /// Absent: added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// Absent: removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

impl Change {
    pub fn kind(&self) -> ChangeKind {
        match (&self.old, &self.new) {
            (None, _) => ChangeKind::Added,
            (_, None) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        }
    }

    /// The top-level list the change is in (`risks`, `services`, …), or `None`
    /// for the register's own fields (name, scales, …).
    pub fn list(&self) -> Option<&str> {
        match (self.steps.first(), self.steps.get(1)) {
            (Some(Step::Field(f)), Some(Step::Item { .. })) => Some(f),
            _ => None,
        }
    }

    /// The key of the top-level item the change is in (a risk's id, …).
    pub fn item(&self) -> Option<&str> {
        match self.steps.get(1) {
            Some(Step::Item { key, .. }) => Some(key),
            _ => None,
        }
    }

    /// The field the change is at, within its item: `owner`,
    /// `controls[R-001-C1].status` (a nested item by its key); empty for an
    /// item added or removed whole.
    pub fn field(&self) -> String {
        let skip = if self.item().is_some() { 2 } else { 0 };
        let mut out = String::new();
        for step in self.steps.iter().skip(skip) {
            match step {
                Step::Field(f) if out.is_empty() => out.push_str(f),
                Step::Field(f) => out.push_str(&format!(".{f}")),
                Step::Item { key, .. } => out.push_str(&format!("[{key}]")),
            }
        }
        out
    }
}

/// A value as a person reads it: text as it is, anything else as JSON;
/// nothing for an absent value.
pub fn shown(v: &Option<Value>) -> String {
    match v {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// The register as the format writes it, for comparing.
pub fn as_value(register: &Register) -> Value {
    item_value(register)
}

/// A model value as JSON, read back from the text the export writes
/// (`import::pretty`), not `serde_json::to_value`: that would put a second
/// serializer of every type in the WebAssembly bundle.
pub(crate) fn item_value<T: Serialize>(item: &T) -> Value {
    serde_json::from_str(&crate::import::pretty(item)).unwrap_or(Value::Null)
}

/// The lists the model holds as typed items: compared item by item, and an
/// item only turned into JSON when it differs (registers mostly agree).
pub(crate) const TYPED_LISTS: [&str; 7] =
    ["risks", "services", "suppliers", "agreements", "scenarios", "exercises", "reviews"];

/// The register without its typed lists, as JSON: its header fields, scales,
/// lineage and every field this version does not know.
pub(crate) fn header(r: &Register) -> Map<String, Value> {
    let mut shell = Register::new(r.name.clone());
    (shell.format, shell.version, shell.organization) = (r.format.clone(), r.version, r.organization.clone());
    (shell.updated, shell.lineage) = (r.updated.clone(), r.lineage.clone());
    (shell.scales, shell.extra) = (r.scales.clone(), r.extra.clone());
    let Value::Object(mut map) = as_value(&shell) else { return Map::new() };
    for list in TYPED_LISTS {
        map.remove(list);
    }
    map
}

/// Every difference from `old` to `new`, by top-level field, each list in the
/// order of the new file.
pub fn changes(old: &Register, new: &Register) -> Vec<Change> {
    let mut out = Vec::new();
    diff_object(Within::Register, &header(old), &header(new), &mut Vec::new(), &mut out);
    typed_list(&mut out, "risks", &old.risks, &new.risks, |r| r.id.as_str());
    typed_list(&mut out, "services", &old.services, &new.services, |s| s.id.as_str());
    typed_list(&mut out, "suppliers", &old.suppliers, &new.suppliers, |s| s.id.as_str());
    typed_list(&mut out, "agreements", &old.agreements, &new.agreements, |a| a.id.as_str());
    typed_list(&mut out, "scenarios", &old.scenarios, &new.scenarios, |s| s.id.as_str());
    typed_list(&mut out, "exercises", &old.exercises, &new.exercises, |e| e.id.as_str());
    typed_list(&mut out, "reviews", &old.reviews, &new.reviews, |r| r.id.as_str());
    // By top-level field, as the file is read (stable: each list keeps its order).
    out.sort_by(|a, b| a.steps.first().map(step_name).cmp(&b.steps.first().map(step_name)));
    out
}

fn step_name(step: &Step) -> &str {
    match step {
        Step::Field(f) => f,
        Step::Item { key, .. } => key,
    }
}

/// A typed list: items matched by id, compared as typed values first.
fn typed_list<T: Serialize + PartialEq>(
    out: &mut Vec<Change>,
    list: &'static str,
    xs: &[T],
    ys: &[T],
    id: fn(&T) -> &str,
) {
    let old_at: HashMap<&str, usize> = xs.iter().enumerate().map(|(i, x)| (id(x), i)).collect();
    let mut seen = vec![false; xs.len()];
    let mut at = vec![Step::Field(list.into())];
    for y in ys {
        let i = old_at.get(id(y)).copied();
        at.push(Step::Item { by: "id".into(), key: id(y).to_string() });
        match i {
            None => out.push(change(&at, None, Some(item_value(y)))),
            Some(i) => {
                seen[i] = true;
                if xs[i] != *y {
                    if let (Value::Object(a), Value::Object(b)) = (item_value(&xs[i]), item_value(y)) {
                        diff_object(Within::Item(list), &a, &b, &mut at, out);
                    }
                }
            }
        }
        at.pop();
    }
    for (_, x) in xs.iter().enumerate().filter(|(i, _)| !seen[*i]) {
        at.push(Step::Item { by: "id".into(), key: id(x).to_string() });
        out.push(change(&at, Some(item_value(x)), None));
        at.pop();
    }
}

fn diff_object(
    within: Within,
    a: &Map<String, Value>,
    b: &Map<String, Value>,
    at: &mut Vec<Step>,
    out: &mut Vec<Change>,
) {
    let mut fields: Vec<&String> = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))).collect();
    fields.sort();
    for field in fields {
        let (x, y) = (a.get(field), b.get(field));
        at.push(Step::Field(field.clone()));
        match rule(within, field) {
            Rule::Keyed { list, key } => {
                let empty = Vec::new();
                let (xs, ys) = (as_list(x, &empty), as_list(y, &empty));
                diff_list(list, key, xs, ys, at, out);
            }
            r if !same(r, x, y) => out.push(change(at, x.cloned(), y.cloned())),
            _ => {}
        }
        at.pop();
    }
}

fn as_list<'a>(v: Option<&'a Value>, empty: &'a Vec<Value>) -> &'a Vec<Value> {
    match v {
        Some(Value::Array(items)) => items,
        _ => empty,
    }
}

fn diff_list(
    list: &'static str,
    key: &'static str,
    xs: &[Value],
    ys: &[Value],
    at: &mut Vec<Step>,
    out: &mut Vec<Change>,
) {
    let old_at: HashMap<&str, usize> = xs.iter().enumerate().filter_map(|(i, v)| Some((key_of(v, key)?, i))).collect();
    let mut seen = vec![false; xs.len()];
    for y in ys {
        let Some(k) = key_of(y, key) else { continue };
        let i = old_at.get(k).copied();
        at.push(Step::Item { by: key.into(), key: k.to_string() });
        match i {
            None => out.push(change(at, None, Some(y.clone()))),
            Some(i) => {
                seen[i] = true;
                if let (Value::Object(a), Value::Object(b)) = (&xs[i], y) {
                    diff_object(Within::Item(list), a, b, at, out);
                }
            }
        }
        at.pop();
    }
    for (_, x) in xs.iter().enumerate().filter(|(i, _)| !seen[*i]) {
        let Some(k) = key_of(x, key) else { continue };
        at.push(Step::Item { by: key.into(), key: k.to_string() });
        out.push(change(at, Some(x.clone()), None));
        at.pop();
    }
}

fn change(at: &[Step], old: Option<Value>, new: Option<Value>) -> Change {
    Change { path: json_path(at), steps: at.to_vec(), old, new }
}

/// `$.risks[id="R1"].controls[id="C1"].by`: each matched item by its key
/// (SPEC §9.5).
pub(crate) fn json_path(at: &[Step]) -> String {
    let mut path = String::from("$");
    for step in at {
        match step {
            Step::Field(f) => {
                path.push('.');
                path.push_str(f);
            }
            Step::Item { by, key } => {
                let quoted = serde_json::to_string(key).unwrap_or_default();
                path.push_str(&format!("[{by}={quoted}]"));
            }
        }
    }
    path
}

/// `old` with `changes` made: what [`changes`] found, applied (for tests and
/// for taking changes one by one).
pub fn apply(old: &Value, changes: &[Change]) -> Value {
    let mut out = old.clone();
    for c in changes {
        put(&mut out, Within::Register, &c.steps, c.new.clone());
    }
    out
}

fn put(into: &mut Value, within: Within, steps: &[Step], value: Option<Value>) {
    let Some((Step::Field(field), rest)) = steps.split_first() else { return };
    let Value::Object(map) = into else { return };
    if rest.is_empty() {
        match value {
            Some(v) => map.insert(field.clone(), v),
            None => map.remove(field),
        };
        return;
    }
    let Rule::Keyed { list, key } = rule(within, field) else { return };
    let Some((Step::Item { key: k, .. }, rest)) = rest.split_first() else { return };
    let items = map.entry(field.clone()).or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(items) = items else { return };
    let at = items.iter().position(|v| key_of(v, key) == Some(k));
    match (at, rest.is_empty(), value) {
        (Some(i), true, None) => {
            items.remove(i);
        }
        (Some(i), true, Some(v)) => items[i] = v,
        (None, true, Some(v)) => items.push(v),
        (Some(i), false, value) => put(&mut items[i], Within::Item(list), rest, value),
        _ => {}
    }
}

/// Two registers compared: what the app's compare view shows (the module that
/// computes it and the view exchange it as JSON).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Compared {
    pub changes: Vec<Change>,
    pub analysis: AnalysisChanges,
}

/// A finding as the diff reports it: matched by code and subjects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingLine {
    pub code: String,
    pub severity: crate::Severity,
    pub subjects: Vec<String>,
    pub message: String,
}

/// A risk whose residual score or band changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rescored {
    pub risk: String,
    pub old: Score,
    pub new: Score,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub score: i64,
    pub band: Option<String>,
}

impl Score {
    /// `score` with the name of its band (an index into `scales.bands`).
    pub fn of(score: i64, band: Option<u32>, scales: &crate::scoring::ScaleSet) -> Self {
        Score { score, band: scales.band_name(band).map(str::to_string) }
    }
}

/// A score as people read it: `9 (High)`, or `9` outside every band.
impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match &self.band {
            Some(band) => write!(f, "{} ({band})", self.score),
            None => write!(f, "{}", self.score),
        }
    }
}

impl FindingLine {
    /// Finding `f` of `register`, as a diff reports it.
    pub fn of(f: &crate::Finding, register: &Register) -> Self {
        FindingLine {
            code: f.code().to_string(),
            severity: f.severity(),
            subjects: f.subject_ids(register).into_iter().map(str::to_string).collect(),
            message: f.message(register),
        }
    }
}

/// A node whose planned recovery finish moved (`None`: not in that plan).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Moved {
    pub node: String,
    pub old: Option<f64>,
    pub new: Option<f64>,
}

/// What changed in the analysis: both registers analysed with the same options.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AnalysisChanges {
    pub findings_added: Vec<FindingLine>,
    pub findings_resolved: Vec<FindingLine>,
    pub rescored: Vec<Rescored>,
    /// Recovery finishes that moved, in the new plan's order, then nodes no longer planned.
    pub recovery_moved: Vec<Moved>,
}

impl AnalysisChanges {
    pub fn is_empty(&self) -> bool {
        self.findings_added.is_empty()
            && self.findings_resolved.is_empty()
            && self.rescored.is_empty()
            && self.recovery_moved.is_empty()
    }
}

/// Findings added and resolved (matched by code and subjects, as sets), risks
/// re-scored and recovery times that moved.
pub fn analysis_changes(old: (&Register, &Analysis), new: (&Register, &Analysis)) -> AnalysisChanges {
    let lines = |(r, a): (&Register, &Analysis)| -> Vec<FindingLine> {
        a.findings.iter().map(|f| FindingLine::of(f, r)).collect()
    };
    let (before, after) = (lines(old), lines(new));
    // Matched by (code, subjects) as sets (SPEC §9.5): a finding whose numbers
    // alone changed is neither added nor resolved.
    let unmatched = |of: &[FindingLine], against: &[FindingLine]| -> Vec<FindingLine> {
        let known: std::collections::HashSet<(&str, &[String])> =
            against.iter().map(|f| (f.code.as_str(), &f.subjects[..])).collect();
        let mut seen = std::collections::HashSet::new();
        (of.iter())
            .filter(|f| {
                let key = (f.code.as_str(), &f.subjects[..]);
                !known.contains(&key) && seen.insert(key)
            })
            .cloned()
            .collect()
    };
    let score = |a: &Analysis, i: usize| Score::of(a.ratings[i].residual.score, a.ratings[i].residual.band, &a.scales);
    let old_at: HashMap<&str, usize> = old.0.risks.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    let rescored = (new.0.risks.iter().enumerate())
        .filter_map(|(j, r)| {
            let i = *old_at.get(r.id.as_str())?;
            let (was, is) = (score(old.1, i), score(new.1, j));
            (was != is).then(|| Rescored { risk: r.id.to_string(), old: was, new: is })
        })
        .collect();
    let finish_of =
        |a: &Analysis| -> HashMap<String, f64> { a.recovery.iter().map(|s| (s.id.to_string(), s.finish)).collect() };
    let (was, is) = (finish_of(old.1), finish_of(new.1));
    let moved = |node: &str| {
        let (o, n) = (was.get(node).copied(), is.get(node).copied());
        let same = matches!((o, n), (Some(a), Some(b)) if crate::findings::approx_eq(a, b));
        (!same && o != n).then(|| Moved { node: node.to_string(), old: o, new: n })
    };
    let mut recovery_moved: Vec<Moved> = new.1.recovery.iter().filter_map(|s| moved(s.id.as_str())).collect();
    recovery_moved
        .extend(old.1.recovery.iter().filter(|s| !is.contains_key(s.id.as_str())).filter_map(|s| moved(s.id.as_str())));
    AnalysisChanges {
        findings_added: unmatched(&after, &before),
        findings_resolved: unmatched(&before, &after),
        rescored,
        recovery_moved,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_and_the_typed_lists_are_the_whole_register() {
        // A field added to `Register` must be in the header or a typed list, or diff and merge would miss it.
        let mut r = crate::import(include_str!("../../examples/online-banking.json")).unwrap();
        r.lineage = vec!["a".into()];
        r.organization = Some("Org".into());
        let Value::Object(whole) = as_value(&r) else { panic!() };
        let mut parts = header(&r);
        for list in TYPED_LISTS {
            if let Some(v) = whole.get(list) {
                parts.insert(list.into(), v.clone());
            }
        }
        assert_eq!(parts, whole);
    }
}
