//! Three-way merge of registers (SPEC §9.3): per field of each matched object
//! (the matching rules of [`crate::diff`]), a change on one side is taken, the
//! same change on both once, different changes are a conflict; risks' history
//! is the union of both sides; lineage is ours then what theirs adds. The
//! result must import, or that too is a conflict.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::diff::{header, item_value, json_path, key_of, rule, same, same_object, Rule, Step, Within};
use crate::import::pretty;
use crate::model::Register;

/// A field (or an item) both sides changed differently, with its three values
/// (absent: not there on that side).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// The JSON path, each item named by its key.
    pub path: String,
    #[serde(default, skip_serializing)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub base: Option<Value>,
    #[serde(default)]
    pub ours: Option<Value>,
    #[serde(default)]
    pub theirs: Option<Value>,
    /// Why, when it is not the three values alone (the merged register would
    /// not import).
    #[serde(default, rename = "reason", skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// Which side a conflict is settled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// What a merge gives: the register, or the conflicts to settle.
#[derive(Debug)]
pub enum Merged {
    Clean(Box<Register>),
    Conflicts(Vec<Conflict>),
}

/// Merges `ours` and `theirs`, both changed from `base`.
pub fn merge(base: &Register, ours: &Register, theirs: &Register) -> Merged {
    merge_settled(base, ours, theirs, &|_| None)
}

/// Merges as [`merge`] does, settling each conflict the way `settle` says
/// (`None`: left a conflict). The app uses it once the user chose a side per
/// conflict.
pub fn merge_settled(
    base: &Register,
    ours: &Register,
    theirs: &Register,
    settle: &dyn Fn(&Conflict) -> Option<Side>,
) -> Merged {
    let mut m = Merger { conflicts: Vec::new(), settle };
    let mut merged = m.object(Within::Register, &header(base), &header(ours), &header(theirs), &mut Vec::new());
    // Lineage: ours, then the ids of theirs that ours lacks.
    let mut lineage = ours.lineage.clone();
    lineage.extend(theirs.lineage.iter().filter(|id| !ours.lineage.contains(id)).cloned());
    let over = lineage.len().saturating_sub(crate::model::LINEAGE_LIMIT);
    lineage.drain(..over);
    if lineage.is_empty() {
        merged.remove("lineage");
    } else {
        merged.insert("lineage".into(), lineage.into_iter().map(Value::String).collect());
    }
    // Read as a file is read (one deserializer in the bundle, not one more for `from_value`).
    let header: Result<Register, _> = serde_json::from_str(&pretty(&Value::Object(merged)));
    let risks = m.typed("risks", &base.risks, &ours.risks, &theirs.risks, |r| r.id.as_str());
    let services = m.typed("services", &base.services, &ours.services, &theirs.services, |s| s.id.as_str());
    let suppliers = m.typed("suppliers", &base.suppliers, &ours.suppliers, &theirs.suppliers, |s| s.id.as_str());
    let agreements = m.typed("agreements", &base.agreements, &ours.agreements, &theirs.agreements, |a| a.id.as_str());
    let scenarios = m.typed("scenarios", &base.scenarios, &ours.scenarios, &theirs.scenarios, |s| s.id.as_str());
    let exercises = m.typed("exercises", &base.exercises, &ours.exercises, &theirs.exercises, |e| e.id.as_str());
    let reviews = m.typed("reviews", &base.reviews, &ours.reviews, &theirs.reviews, |r| r.id.as_str());
    if !m.conflicts.is_empty() {
        return Merged::Conflicts(m.conflicts);
    }
    let not_imported = |path: String, why: String| {
        let why = Some(format!("the merged register would not import: {why}"));
        Merged::Conflicts(vec![Conflict { path, steps: Vec::new(), base: None, ours: None, theirs: None, why }])
    };
    let mut register = match header {
        Ok(r) => r,
        Err(e) => return not_imported("$".into(), e.to_string()),
    };
    (register.risks, register.services, register.suppliers) = (risks, services, suppliers);
    (register.agreements, register.scenarios, register.exercises) = (agreements, scenarios, exercises);
    register.reviews = reviews;
    // Whole-file rules (ids unique across the lists, treatments that fit) as
    // any file is checked: the merged register is read back as a file.
    match crate::import(&crate::import::to_json(&register)) {
        Ok(register) => Merged::Clean(Box::new(register)),
        Err(e) => not_imported(e.place().path.clone(), e.to_string()),
    }
}

struct Merger<'s> {
    conflicts: Vec<Conflict>,
    settle: &'s dyn Fn(&Conflict) -> Option<Side>,
}

impl Merger<'_> {
    fn object(
        &mut self,
        within: Within,
        b: &Map<String, Value>,
        o: &Map<String, Value>,
        t: &Map<String, Value>,
        at: &mut Vec<Step>,
    ) -> Map<String, Value> {
        let mut fields: Vec<&String> = o.keys().collect();
        fields.extend(t.keys().filter(|k| !o.contains_key(*k)));
        fields.extend(b.keys().filter(|k| !o.contains_key(*k) && !t.contains_key(*k)));
        let mut out = Map::new();
        for field in fields {
            at.push(Step::Field(field.clone()));
            let (x, y, z) = (b.get(field), o.get(field), t.get(field));
            let value = match rule(within, field) {
                Rule::Keyed { list, key } => Some(self.list(list, key, x, y, z, at)),
                // Lineage is joined once the rest is merged; `updated` is ours (SPEC §9.5).
                _ if within == Within::Register && field == "lineage" => None,
                _ if within == Within::Register && field == "updated" => y.cloned(),
                _ if within == Within::Item("risks") && field == "history" => history(y, z),
                r => self.value(r, x, y, z, at),
            };
            if let Some(v) = value {
                out.insert(field.clone(), v);
            }
            at.pop();
        }
        out
    }

    /// One field's value: the side that changed it, or a conflict.
    fn value(
        &mut self,
        r: Rule,
        b: Option<&Value>,
        o: Option<&Value>,
        t: Option<&Value>,
        at: &[Step],
    ) -> Option<Value> {
        if same(r, o, t) || same(r, b, t) {
            return o.cloned();
        }
        if same(r, b, o) {
            return t.cloned();
        }
        self.conflict(at, b, o, t)
    }

    fn conflict(&mut self, at: &[Step], b: Option<&Value>, o: Option<&Value>, t: Option<&Value>) -> Option<Value> {
        let c = Conflict {
            path: json_path(at),
            steps: at.to_vec(),
            base: b.cloned(),
            ours: o.cloned(),
            theirs: t.cloned(),
            why: None,
        };
        match (self.settle)(&c) {
            Some(Side::Ours) => c.ours,
            Some(Side::Theirs) => c.theirs,
            None => {
                self.conflicts.push(c);
                o.cloned()
            }
        }
    }

    /// A typed list of the register: items matched by id and compared as typed
    /// values first; only an item both sides changed is merged field by field.
    /// Ours' order, then what theirs added.
    fn typed<T>(&mut self, list: &'static str, b: &[T], o: &[T], t: &[T], id: fn(&T) -> &str) -> Vec<T>
    where
        T: Clone + PartialEq + serde::Serialize + serde::de::DeserializeOwned,
    {
        let index = |xs: &[T]| -> HashMap<String, usize> {
            xs.iter().enumerate().map(|(i, x)| (id(x).to_string(), i)).collect()
        };
        let (bi, oi, ti) = (index(b), index(o), index(t));
        let mut keys: Vec<&str> = o.iter().map(id).collect();
        keys.extend(t.iter().map(id).filter(|k| !oi.contains_key(*k)));
        keys.extend(b.iter().map(id).filter(|k| !oi.contains_key(*k) && !ti.contains_key(*k)));
        let mut out = Vec::with_capacity(o.len());
        let mut at = vec![Step::Field(list.into())];
        for k in keys {
            let (x, y, z) = (bi.get(k).map(|&i| &b[i]), oi.get(k).map(|&i| &o[i]), ti.get(k).map(|&i| &t[i]));
            if y == z || x == z {
                out.extend(y.cloned());
                continue;
            }
            if x == y {
                out.extend(z.cloned());
                continue;
            }
            // Both sides changed it: as JSON, field by field (or as one value).
            at.push(Step::Item { by: "id".into(), key: k.to_string() });
            let (vx, vy, vz) = (x.map(item_value), y.map(item_value), z.map(item_value));
            let merged = self.item(list, "id", vx.as_ref(), vy.as_ref(), vz.as_ref(), &mut at);
            match merged.map(|v| serde_json::from_str::<T>(&pretty(&v))) {
                Some(Ok(item)) => out.push(item),
                Some(Err(e)) => {
                    let path = json_path(&at);
                    let why = Some(format!("the merged item would not import: {e}"));
                    let (base, ours, theirs) = (vx, vy, vz);
                    self.conflicts.push(Conflict { path, steps: at.clone(), base, ours, theirs, why });
                }
                None => {}
            }
            at.pop();
        }
        out
    }

    /// One item of a keyed list on the three sides: field by field when all
    /// have it, else as one value (added on both, or deleted on one side).
    fn item(
        &mut self,
        list: &'static str,
        key: &'static str,
        x: Option<&Value>,
        y: Option<&Value>,
        z: Option<&Value>,
        at: &mut Vec<Step>,
    ) -> Option<Value> {
        if let (Some(Value::Object(x)), Some(Value::Object(y)), Some(Value::Object(z))) = (x, y, z) {
            return Some(Value::Object(self.object(Within::Item(list), x, y, z, at)));
        }
        let item_rule = Rule::Keyed { list, key };
        let whole = |a: Option<&Value>, b: Option<&Value>| match (a, b) {
            (Some(a), Some(b)) => same_object(item_rule, a, b),
            (None, None) => true,
            _ => false,
        };
        if whole(y, z) || whole(x, z) {
            y.cloned()
        } else if whole(x, y) {
            z.cloned()
        } else {
            self.conflict(at, x, y, z)
        }
    }

    /// A keyed list: items matched by key; ours' order, then what theirs added.
    fn list(
        &mut self,
        list: &'static str,
        key: &'static str,
        b: Option<&Value>,
        o: Option<&Value>,
        t: Option<&Value>,
        at: &mut Vec<Step>,
    ) -> Value {
        let items = |v: Option<&Value>| -> Vec<Value> {
            match v {
                Some(Value::Array(items)) => items.clone(),
                _ => Vec::new(),
            }
        };
        let (bs, os, ts) = (items(b), items(o), items(t));
        // Import checks every keyed list, but a register made in code may hold
        // an item without its key, or a key twice: matched by key it could lose
        // one, so it is merged as one value instead.
        let keyed = |xs: &[Value]| {
            let mut seen = HashSet::new();
            xs.iter().all(|v| key_of(v, key).is_some_and(|k| seen.insert(k)))
        };
        if !(keyed(&bs) && keyed(&os) && keyed(&ts)) {
            let whole = self.value(Rule::Value, b, o, t, at);
            return whole.unwrap_or(Value::Array(Vec::new()));
        }
        let index = |xs: &[Value]| -> HashMap<String, usize> {
            xs.iter().enumerate().filter_map(|(i, v)| Some((key_of(v, key)?.to_string(), i))).collect()
        };
        let (bi, oi, ti) = (index(&bs), index(&os), index(&ts));
        let mut keys: Vec<String> = os.iter().filter_map(|v| key_of(v, key)).map(str::to_string).collect();
        let ours: HashSet<String> = keys.iter().cloned().collect();
        keys.extend(ts.iter().filter_map(|v| key_of(v, key)).filter(|k| !ours.contains(*k)).map(str::to_string));
        let listed: HashSet<String> = keys.iter().cloned().collect();
        keys.extend(bs.iter().filter_map(|v| key_of(v, key)).filter(|k| !listed.contains(*k)).map(str::to_string));
        let mut out = Vec::new();
        for k in keys {
            let (x, y, z) = (bi.get(&k).map(|&i| &bs[i]), oi.get(&k).map(|&i| &os[i]), ti.get(&k).map(|&i| &ts[i]));
            at.push(Step::Item { by: key.into(), key: k.clone() });
            out.extend(self.item(list, key, x, y, z, at));
            at.pop();
        }
        Value::Array(out)
    }
}

/// A risk's history: the union of both sides' entries, ordered by date
/// (stable: ours first, then what theirs adds).
fn history(o: Option<&Value>, t: Option<&Value>) -> Option<Value> {
    let entries = |v: Option<&Value>| match v {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    let mut all = entries(o);
    for e in entries(t) {
        if !all.contains(&e) {
            all.push(e);
        }
    }
    all.sort_by(|x, y| {
        let date = |v: &Value| v.get("date").and_then(Value::as_str).map(str::to_string);
        date(x).cmp(&date(y))
    });
    (!all.is_empty()).then_some(Value::Array(all))
}
