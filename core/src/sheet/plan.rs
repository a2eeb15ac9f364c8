//! Every row of a sheet checked against the register: what importing it would
//! do, or every problem by row and column.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{column_letters, Mapping, Table, Target, FORMULA_STARTS};
use crate::diff::Change;
use crate::lifecycle::{record_accepted_score, record_assessment};
use crate::model::{
    Acceptance, Action, ActionStatus, Axis, Control, ControlStatus, Date, Extras, Id, Keyed, Level, Rating, Register,
    Risk, RiskKind,
};
use crate::scoring::{rate, ScaleSet};

/// One problem, at a row of the sheet (as the spreadsheet numbers it) and a
/// column (its header and letters); row 0 is the sheet as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowProblem {
    /// The sheet's name, when the file has several.
    pub sheet: String,
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        if !self.sheet.is_empty() {
            write!(f, "Sheet \"{}\", ", self.sheet)?;
        }
        match (self.row, self.column.is_empty()) {
            (0, _) => f.write_str(&self.message),
            (row, true) => write!(f, "Row {row}: {}", self.message),
            (row, false) => write!(f, "Row {row}, column {}: {}", self.column, self.message),
        }
    }
}

/// The sheets an import reads: the risks (mapped column by column) and, from
/// a workbook Rampart wrote, its Controls and Actions sheets (read by their
/// headers: `risk, id, name, reduces, by, status` and `risk, id, title,
/// owner, due, status, control`). Where a Controls (Actions) sheet is read,
/// it lists every control (action) of the risks on the risks sheet: one not
/// listed is removed from its risk, as the preview shows.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub risks: &'a Table,
    pub controls: Option<&'a Table>,
    pub actions: Option<&'a Table>,
}

/// How an import treats what the sheet does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Remove the register's risks that no row of the sheet names (never by
    /// default: a sheet of some risks updates those).
    pub remove_missing: bool,
}

/// What importing would do: each risk with the position of the risk it
/// updates (`None`: added at the end), and the risks removed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Plan {
    pub risks: Vec<(Option<usize>, Risk)>,
    #[serde(default)]
    pub removed: Vec<Id>,
}

impl Plan {
    pub fn added(&self) -> usize {
        self.risks.iter().filter(|(at, _)| at.is_none()).count()
    }

    /// The risks the plan adds, updates (any field differs from the risk with
    /// its id in `register`) and removes: what the preview and the revision say.
    pub fn counts(&self, register: &Register) -> (usize, usize, usize) {
        let now: HashMap<&Id, &Risk> = register.risks.iter().map(|r| (&r.id, r)).collect();
        let updated = (self.risks.iter()).filter(|(_, r)| now.get(&r.id).is_some_and(|old| *old != r)).count();
        (self.added(), updated, self.removed.len())
    }

    /// Applies the plan to `register` as one change: each risk replaces the
    /// risk with its id (keeping that risk's history) or is added at the end;
    /// a residual that differs from before is recorded in the risk's history
    /// on `today` with `note`; the risks named in `removed` go.
    pub fn apply(&self, register: &mut Register, scales: &ScaleSet, today: Date, note: &str) {
        self.put(register, |risk, before| {
            let before = before.map(|b| rate(b, scales).residual);
            record_assessment(risk, before, scales, today, Some(note.to_string()));
        });
    }

    /// Puts each planned risk in `register` (in place of the risk with its id,
    /// whose history it keeps, or at the end), after `record` has seen it
    /// beside the risk it replaces; then removes the risks in `removed`.
    fn put(&self, register: &mut Register, mut record: impl FnMut(&mut Risk, Option<&Risk>)) {
        let mut at: HashMap<Id, usize> = (register.risks.iter().enumerate()).map(|(k, r)| (r.id.clone(), k)).collect();
        for (_, planned) in &self.risks {
            let mut risk = planned.clone();
            // By id, not the planned position: the register is the truth.
            let found = at.get(&risk.id).copied();
            risk.history = found.map(|i| register.risks[i].history.clone()).unwrap_or_default();
            record(&mut risk, found.map(|i| &register.risks[i]));
            match found {
                Some(i) => register.risks[i] = risk,
                None => {
                    at.insert(risk.id.clone(), register.risks.len());
                    register.risks.push(risk);
                }
            }
        }
        if !self.removed.is_empty() {
            let removed: HashSet<&Id> = self.removed.iter().collect();
            register.risks.retain(|r| !removed.contains(&r.id));
        }
    }

    /// What applying the plan would change in `register`, field by field
    /// (the diff of SPEC §9.5).
    pub fn preview(&self, register: &Register, scales: &ScaleSet, today: Date, note: &str) -> Vec<Change> {
        let mut after = register.clone();
        self.apply(&mut after, scales, today, note);
        crate::diff::changes(register, &after)
    }
}

/// A problem collector that names the column of a field by its header.
struct Problems<'a> {
    sheet: &'a Table,
    list: Vec<RowProblem>,
}

impl Problems<'_> {
    fn at(&mut self, row: usize, column: Option<usize>, message: String) {
        let column = column.map_or_else(String::new, |c| {
            let header = self.sheet.headers.get(c).map(String::as_str).unwrap_or_default();
            format!("{} \"{header}\"", column_letters(c))
        });
        self.list.push(RowProblem { sheet: self.sheet.name.clone(), row, column, message });
    }
}

/// Checks every row against the register: a row whose id is a risk's updates the
/// mapped fields of that risk (an empty cell clears an optional field); any other
/// id adds a risk, which needs a title and an inherent rating. Levels are numbers
/// or the scale's labels; dates are `YYYY-MM-DD` (or the sheet's own dates).
pub fn plan<'a>(
    register: &Register,
    scales: &ScaleSet,
    source: Source<'a>,
    mapping: &Mapping,
    options: Options,
) -> Result<Plan, Vec<RowProblem>> {
    let table = source.risks;
    let mut problems = Problems { sheet: table, list: Vec::new() };
    if mapping.column(Target::Id).is_none() {
        problems.at(0, None, "choose the column that holds the risk ids".into());
        return Err(problems.list);
    }
    let risk_at: HashMap<&str, usize> = (register.risks.iter().enumerate()).map(|(k, r)| (r.id.as_str(), k)).collect();
    let services: HashSet<&str> = register.services.iter().map(|s| s.id.as_str()).collect();
    let other_ids: HashSet<&str> = (register.ids().map(Id::as_str)).filter(|id| !risk_at.contains_key(id)).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut plan = Plan::default();
    let undo = |s: &'a str| if table.neutralised { undo_neutralised(s) } else { s };
    let mut later: Vec<RatingCells> = Vec::new();
    for row in &table.rows {
        let line = row.number;
        let cell = |t: Target| mapping.column(t).map(|c| undo(row.cells.get(c).map_or("", |s| s.trim())));
        // A row with nothing in the mapped columns (formulas dragged down,
        // notes beside the table) is no risk.
        if Target::ALL.iter().all(|t| cell(*t).is_none_or(str::is_empty)) {
            continue;
        }
        let mut problem = |t: Target, message: String| problems.at(line, mapping.column(t), message);
        // An id is matched as written, then without the spaces around it.
        let untrimmed = mapping.column(Target::Id).and_then(|c| row.cells.get(c)).map_or("", |s| undo(s));
        let raw_id = match risk_at.contains_key(untrimmed) {
            true => untrimmed,
            false => cell(Target::Id).unwrap_or_default(),
        };
        let id = match Id::new(raw_id) {
            Ok(id) => id,
            Err(why) => {
                problem(Target::Id, why);
                continue;
            }
        };
        if let Some(first) = seen.insert(id.to_string(), line) {
            problem(Target::Id, format!("\"{id}\" is also the id on row {first}"));
            continue;
        }
        let at = risk_at.get(id.as_str()).copied();
        if at.is_none() && other_ids.contains(id.as_str()) {
            problem(Target::Id, format!("\"{id}\" is the id of something in the register that is not a risk"));
            continue;
        }
        let before = at.map(|i| &register.risks[i]);
        let mut risk = before.cloned().unwrap_or_else(|| Risk::new(id.clone(), "", Rating::new(1, 1)));

        let text = |t: Target, field: &mut Option<String>| {
            if let Some(v) = cell(t) {
                if field.as_deref().map(str::trim) != Some(v) {
                    *field = (!v.is_empty()).then(|| v.to_string());
                }
            }
        };
        text(Target::Description, &mut risk.description);
        text(Target::Category, &mut risk.category);
        text(Target::Subcategory, &mut risk.subcategory);
        text(Target::Owner, &mut risk.owner);
        text(Target::Trigger, &mut risk.trigger);
        text(Target::ImpactDescription, &mut risk.impact_description);
        text(Target::Mitigation, &mut risk.mitigation);
        match cell(Target::Title) {
            Some(t) if !t.is_empty() && t != risk.title.trim() => risk.title = t.to_string(),
            Some(_) if !risk.title.is_empty() => {}
            _ if before.is_none() => problem(Target::Title, "a new risk needs a title".into()),
            _ => {}
        }

        let mut date = |t: Target| -> Option<Option<Date>> {
            let v = cell(t)?;
            match cell_date(v) {
                Ok(d) => Some(d),
                Err(()) => {
                    problem(t, format!("\"{v}\" is not a date; write dates as YYYY-MM-DD"));
                    None
                }
            }
        };
        if let Some(d) = date(Target::Identified) {
            risk.identified = d;
        }
        if let Some(d) = date(Target::ReviewDate) {
            risk.review_date = d;
        }
        if let Some(d) = date(Target::TargetDate) {
            risk.target_date = d;
        }
        let accepted_on = date(Target::AcceptedOn);
        let accepted_until = date(Target::AcceptedUntil);

        if let Some(v) = cell(Target::Status) {
            if let Some(status) = keyed_cell(v, "status", &mut |m| problem(Target::Status, m)) {
                if status.unwrap_or_default() != risk.status() {
                    risk.status = status;
                }
            }
        }
        if let Some(v) = cell(Target::Kind) {
            // The kind the risk already has (written or by default) is left as written.
            if let Some(kind) = keyed_cell(v, "kind", &mut |m| problem(Target::Kind, m)) {
                if kind.unwrap_or_default() != risk.kind() {
                    risk.kind = kind;
                }
            }
        }
        if let Some(v) = cell(Target::Treatment) {
            if let Some(treatment) = keyed_cell(v, "treatment", &mut |m| problem(Target::Treatment, m)) {
                risk.treatment = treatment;
            }
        }
        if let Some(why) = risk.treatment.and_then(|t| t.misfit(risk.kind())) {
            problem(Target::Treatment, why);
        }
        if let Some(v) = cell(Target::Services) {
            let listed: Vec<&str> = v.split([';', ',']).map(str::trim).filter(|s| !s.is_empty()).collect();
            // The same services (in any order, however often) leave the list as written.
            let wanted: HashSet<&str> = listed.iter().copied().collect();
            if wanted != risk.services.iter().map(String::as_str).collect() {
                let mut now: Vec<String> = Vec::new();
                for s in listed {
                    // A reference the risk already has is kept even to no service (the analysis reports it).
                    if !services.contains(s) && !risk.services.iter().any(|x| x == s) {
                        problem(Target::Services, format!("no service has the id \"{s}\""));
                    } else if !now.iter().any(|x| x == s) {
                        now.push(s.into());
                    }
                }
                risk.services = now;
            }
        }
        if let Some(v) = cell(Target::Controls) {
            match read_controls_cell(v, &risk.controls) {
                Ok(controls) => risk.controls = controls,
                Err(why) => problem(Target::Controls, why),
            }
        }
        match (cell(Target::AcceptedBy), accepted_on) {
            (None, None) => {}
            (Some(""), Some(None)) | (Some(""), None) | (None, Some(None)) => risk.acceptance = None,
            (Some(by), Some(Some(date))) if !by.is_empty() => {
                // The same acceptance keeps its expiry (and, below, its score);
                // another one (by someone else, or on another day) starts without.
                let old = risk.acceptance.take();
                let same = old.as_ref().filter(|a| a.by.trim() == by && a.date == date);
                let (expires, score) = (same.and_then(|a| a.expires), same.and_then(|a| a.score));
                let by = same.map_or_else(|| by.to_string(), |a| a.by.clone());
                let extra = old.map(|a| a.extra).unwrap_or_default();
                risk.acceptance = Some(Acceptance { by, date, expires, score, extra });
            }
            _ => problem(Target::AcceptedBy, "a formal acceptance needs who accepted and the date".into()),
        }
        match (accepted_until, risk.acceptance.as_mut()) {
            (Some(until), Some(acceptance)) => acceptance.expires = until,
            (Some(Some(_)), None) => {
                problem(Target::AcceptedUntil, "an expiry needs an acceptance: who and when".into())
            }
            _ => {}
        }
        // An expiry before the acceptance is refused when the sheet makes it,
        // not when the register already has it (the analysis reports that).
        let as_before = |a: &Acceptance| {
            let was = before.and_then(|b| b.acceptance.as_ref());
            was.is_some_and(|w| (w.date, w.expires) == (a.date, a.expires))
        };
        if let Some(a) = risk.acceptance.as_ref().filter(|a| a.expires.is_some_and(|e| e < a.date) && !as_before(a)) {
            let until = a.expires.map(|e| e.to_string()).unwrap_or_default();
            problem(Target::AcceptedUntil, format!("accepted until {until} is before it was accepted ({})", a.date));
        }

        // Levels: a number or a label of the scale, within the scale.
        let mut refused = false;
        let mut level = |t: Target, labels: &[String]| -> Option<Option<i64>> {
            let v = cell(t)?;
            if v.is_empty() {
                return Some(None);
            }
            let n = v
                .parse::<i64>()
                .ok()
                .or_else(|| labels.iter().position(|l| l.eq_ignore_ascii_case(v)).map(|p| p as i64 + 1));
            match n {
                Some(n) if (1..=labels.len() as i64).contains(&n) => Some(Some(n)),
                _ => {
                    let names = labels.iter().enumerate().map(|(k, l)| format!("{} {l}", k + 1)).collect::<Vec<_>>();
                    problem(t, format!("\"{v}\" is not a level of the scale ({})", names.join(", ")));
                    refused = true;
                    None
                }
            }
        };
        let (impacts, likelihoods) = (&scales.impact, &scales.likelihood);
        let inherent = (level(Target::InherentImpact, impacts), level(Target::InherentLikelihood, likelihoods));
        let residual = (level(Target::ResidualImpact, impacts), level(Target::ResidualLikelihood, likelihoods));
        let target = (level(Target::TargetImpact, impacts), level(Target::TargetLikelihood, likelihoods));
        match inherent {
            (Some(Some(i)), Some(Some(l))) if (risk.inherent.impact.0, risk.inherent.likelihood.0) != (i, l) => {
                risk.inherent = Rating { impact: Level(i), likelihood: Level(l), ..risk.inherent }
            }
            (Some(Some(_)), Some(Some(_))) => {}
            (None | Some(None), None | Some(None)) if before.is_some() => {}
            _ if refused => {}
            _ => problem(Target::InherentImpact, "the inherent rating needs both an impact and a likelihood".into()),
        }
        let mut given = |t: Target| -> Option<bool> {
            let v = cell(t)?;
            match v.to_lowercase().as_str() {
                "yes" | "y" | "true" | "1" => Some(true),
                "" | "no" | "n" | "false" | "0" => Some(false),
                _ => {
                    problem(t, format!("\"{v}\" is neither yes nor no (empty: no)"));
                    None
                }
            }
        };
        let said = (given(Target::ResidualGiven), given(Target::TargetGiven));
        for (which, (i, l)) in [(Target::ResidualImpact, residual), (Target::TargetImpact, target)] {
            if matches!((i, l), (Some(Some(_)), Some(None)) | (Some(None), Some(Some(_)))) && !refused {
                let what = if which == Target::ResidualImpact { "residual" } else { "target" };
                problem(which, format!("the {what} rating needs both an impact and a likelihood, or neither (derived from the controls)"));
            }
        }
        later.push(RatingCells { at: plan.risks.len(), residual, target, said });
        plan.risks.push((at, risk));
    }

    let mut list = problems.list;
    let planned: HashMap<String, usize> =
        plan.risks.iter().enumerate().map(|(k, (_, r))| (r.id.to_string(), k)).collect();
    if let Some(sheet) = source.controls {
        let read = replace_parts(&mut plan, sheet, &CONTROL_HEADER, &planned, |r| &mut r.controls, read_control);
        list.extend(read.err().unwrap_or_default());
    }
    if let Some(sheet) = source.actions {
        let read = replace_parts(&mut plan, sheet, &ACTION_HEADER, &planned, |r| &mut r.actions, read_action);
        list.extend(read.err().unwrap_or_default());
    }
    if !list.is_empty() {
        return Err(list);
    }
    // Residual and target once the controls are final (a workbook's Controls sheet included).
    for cells in later {
        let (at, risk) = &mut plan.risks[cells.at];
        let before = at.map(|i| &register.risks[i]);
        risk.residual = cells.decide(true, risk, before, scales);
        risk.target = cells.decide(false, risk, before, scales);
    }
    for (at, risk) in &mut plan.risks {
        let before = at.and_then(|i| register.risks[i].acceptance.as_ref());
        if risk.kind() == RiskKind::Threat {
            record_accepted_score(risk, before, scales);
        }
    }
    if options.remove_missing && plan.risks.is_empty() {
        list.push(RowProblem {
            sheet: table.name.clone(),
            row: 0,
            column: String::new(),
            message: "the sheet lists no risks: removing the risks it does not list would empty the register".into(),
        });
        return Err(list);
    }
    if options.remove_missing {
        plan.removed =
            (register.risks.iter()).filter(|r| !seen.contains_key(r.id.as_str())).map(|r| r.id.clone()).collect();
    }
    // What the rows make must be a register any reader takes (ids unique
    // across every list, treatments that fit): checked as a file is.
    let mut after = register.clone();
    plan.put(&mut after, |_, _| {});
    if let Err(e) = crate::import::check(&after) {
        // The row of the first risk named, in the place or the message (a
        // duplicate id names both places), when it is one of the sheet's.
        let (path, detail) = (e.place().path, e.detail());
        let named = [path.as_str(), detail.as_str()].into_iter().find_map(|t| t.split_once("$.risks[").map(|(_, r)| r));
        let index = named.and_then(|p| p.split(']').next()).and_then(|k| k.parse::<usize>().ok());
        let row = index.and_then(|k| after.risks.get(k)).and_then(|r| seen.get(r.id.as_str())).copied().unwrap_or(0);
        return Err(vec![RowProblem {
            sheet: table.name.clone(),
            row,
            column: String::new(),
            message: format!("the register would not be valid after the import: {detail} (at {path})"),
        }]);
    }
    Ok(plan)
}

/// A row's residual and target cells (each: unmapped, empty, or a level),
/// and whether the sheet says each was given, decided once the risk's
/// controls are final.
struct RatingCells {
    /// The risk's place in the plan.
    at: usize,
    residual: (Option<Option<i64>>, Option<Option<i64>>),
    target: (Option<Option<i64>>, Option<Option<i64>>),
    said: (Option<bool>, Option<bool>),
}

impl RatingCells {
    /// The residual (or target) the risk has after the import. Cells that show
    /// what the register shows leave it as it was, given or derived; both
    /// empty make it derived; levels equal to what the controls give stay
    /// derived unless the sheet says they were given; others are given.
    fn decide(&self, residual: bool, risk: &Risk, before: Option<&Risk>, scales: &ScaleSet) -> Option<Rating> {
        let ((i, l), said) = if residual { (self.residual, self.said.0) } else { (self.target, self.said.1) };
        let pick = |r: &Risk| if residual { r.residual.clone() } else { r.target.clone() };
        let (i, l) = match (i, l) {
            (Some(Some(i)), Some(Some(l))) => (i, l),
            (Some(None), Some(None)) => return None,
            _ => return pick(risk),
        };
        let shown_before = before.map(|b| {
            let rated = rate(b, scales);
            let s = if residual { rated.residual } else { rated.target };
            ((s.impact, s.likelihood), pick(b))
        });
        match shown_before {
            Some((levels, was)) if levels == (i, l) && said.is_none_or(|yes| yes == was.is_some()) => was,
            _ => {
                let derived = rate(&Risk { residual: None, target: None, ..risk.clone() }, scales);
                let derived = if residual { derived.residual } else { derived.target };
                let differs = (derived.impact, derived.likelihood) != (i, l);
                let written = said.map_or_else(|| pick(risk).is_some() || differs, |yes| yes || differs);
                written.then(|| Rating { impact: Level(i), likelihood: Level(l), extra: Extras::default() })
            }
        }
    }
}

/// Every planned risk's controls (or actions: `list`) replaced by the rows of
/// `sheet` that name it, each read by `read` beside the item of its id.
fn replace_parts<T: PartialEq + HasId>(
    plan: &mut Plan,
    sheet: &Table,
    header: &[&str],
    planned: &HashMap<String, usize>,
    list: fn(&mut Risk) -> &mut Vec<T>,
    read: fn(&[&str], Option<&T>) -> Result<T, CellProblem>,
) -> Result<(), Vec<RowProblem>> {
    let mut read = parts(sheet, header, planned, |cells, risk| {
        let old = list(&mut plan.risks[risk].1);
        read(cells, old.iter().find(|x| x.id().as_str() == cells[1]))
    })?;
    for (k, (_, risk)) in plan.risks.iter_mut().enumerate() {
        let items = read.remove(&k).unwrap_or_default();
        if items != *list(risk) {
            *list(risk) = items;
        }
    }
    Ok(())
}

/// A control or an action, known by its id.
trait HasId {
    fn id(&self) -> &Id;
}

impl HasId for Control {
    fn id(&self) -> &Id {
        &self.id
    }
}

impl HasId for Action {
    fn id(&self) -> &Id {
        &self.id
    }
}

/// Why a cell of a Controls or Actions row is refused: the cell's place in
/// the header, and the message.
type CellProblem = (usize, String);

const CONTROL_HEADER: [&str; 6] = ["risk", "id", "name", "reduces", "by", "status"];
const ACTION_HEADER: [&str; 7] = ["risk", "id", "title", "owner", "due", "status", "control"];

/// The rows of a Controls or Actions sheet (columns found by `header`), each
/// read by `read` (its cells in the header's order, and the planned risk it
/// belongs to), grouped by that risk's place in the plan.
fn parts<T>(
    sheet: &Table,
    header: &[&str],
    planned: &HashMap<String, usize>,
    mut read: impl FnMut(&[&str], usize) -> Result<T, CellProblem>,
) -> Result<HashMap<usize, Vec<T>>, Vec<RowProblem>> {
    let mut problems = Problems { sheet, list: Vec::new() };
    let columns: Vec<Option<usize>> = header.iter().map(|h| sheet.column(h)).collect();
    // Every column: one left out would clear what it holds for every item.
    for (h, c) in header.iter().zip(&columns) {
        if c.is_none() {
            problems.at(sheet.header_row, None, format!("the sheet has no \"{h}\" column"));
        }
    }
    if !problems.list.is_empty() {
        return Err(problems.list);
    }
    let (mut out, mut seen): (HashMap<usize, Vec<T>>, HashMap<String, usize>) = Default::default();
    for row in &sheet.rows {
        let cells: Vec<&str> = (columns.iter())
            .map(|c| c.and_then(|c| row.cells.get(c)).map_or("", |s| s.trim()))
            .map(|s| if sheet.neutralised { undo_neutralised(s) } else { s })
            .collect();
        let Some(&risk) = planned.get(cells[0]) else {
            let why = format!("\"{}\" is not the id of a risk on the risks sheet", cells[0]);
            problems.at(row.number, columns[0], why);
            continue;
        };
        if let Some(first) = seen.insert(cells[1].to_string(), row.number) {
            problems.at(row.number, columns[1], format!("\"{}\" is also the id on row {first}", cells[1]));
            continue;
        }
        match read(&cells, risk) {
            Ok(item) => out.entry(risk).or_default().push(item),
            Err((k, why)) => problems.at(row.number, columns[k], why),
        }
    }
    if problems.list.is_empty() {
        Ok(out)
    } else {
        Err(problems.list)
    }
}

/// A control from its cells (`CONTROL_HEADER`), keeping what `old` (the
/// control with its id) has beyond them.
fn read_control(cells: &[&str], old: Option<&Control>) -> Result<Control, CellProblem> {
    let id = Id::new(cells[1]).map_err(|e| (1, e))?;
    let reduces = Axis::from_key(&cells[3].to_lowercase())
        .ok_or_else(|| (3, format!("\"{}\" is not an axis; use {}", cells[3], Axis::keys_in_words())))?;
    let by = cells[4]
        .parse::<i64>()
        .ok()
        .filter(|b| *b >= 1)
        .ok_or_else(|| (4, format!("\"{}\" is not a number of levels (1 or more)", cells[4])))?;
    let status = ControlStatus::from_key(&cells[5].to_lowercase()).ok_or_else(|| {
        (5, format!("\"{}\" is not a control status; use {}", cells[5], ControlStatus::keys_in_words()))
    })?;
    let name = match old.and_then(|o| o.name.clone()) {
        Some(n) if n.trim() == cells[2] => Some(n),
        _ => (!cells[2].is_empty()).then(|| cells[2].to_string()),
    };
    let extra = old.map(|o| o.extra.clone()).unwrap_or_default();
    Ok(Control { id, name, reduces, by, status, extra })
}

/// An action from its cells (`ACTION_HEADER`), keeping what `old` has beyond them.
fn read_action(cells: &[&str], old: Option<&Action>) -> Result<Action, CellProblem> {
    let id = Id::new(cells[1]).map_err(|e| (1, e))?;
    let title = match old.map(|o| &o.title) {
        Some(t) if t.trim() == cells[2] => t.clone(),
        _ if cells[2].is_empty() => return Err((2, "an action needs a title".into())),
        _ => cells[2].to_string(),
    };
    let owner = match old.and_then(|o| o.owner.clone()) {
        Some(o) if o.trim() == cells[3] => Some(o),
        _ => (!cells[3].is_empty()).then(|| cells[3].to_string()),
    };
    let due =
        cell_date(cells[4]).map_err(|_| (4, format!("\"{}\" is not a date; write dates as YYYY-MM-DD", cells[4])))?;
    let status = ActionStatus::from_key(&cells[5].to_lowercase()).ok_or_else(|| {
        (5, format!("\"{}\" is not an action status; use {}", cells[5], ActionStatus::keys_in_words()))
    })?;
    let control = (!cells[6].is_empty()).then(|| cells[6].to_string());
    let extra = old.map(|o| o.extra.clone()).unwrap_or_default();
    Ok(Action { id, title, owner, due, status, control, extra })
}

/// A risk's controls as one cell of a CSV: a line each,
/// `id | name | reduces | by | status` (what [`plan()`] reads back from a
/// `controls` column).
pub fn controls_cell(controls: &[Control]) -> String {
    let lines: Vec<String> = (controls.iter())
        .map(|c| {
            format!(
                "{} | {} | {} | {} | {}",
                c.id,
                c.name.as_deref().unwrap_or(""),
                c.reduces.key(),
                c.by,
                c.status.key()
            )
        })
        .collect();
    lines.join("\n")
}

/// The controls of a `controls` cell, keeping what the risk's controls of the
/// same ids have beyond the cell.
fn read_controls_cell(v: &str, old: &[Control]) -> Result<Vec<Control>, String> {
    let mut out: Vec<Control> = Vec::new();
    for line in v.lines().map(str::trim).filter(|l| !l.is_empty()) {
        // The name, second, may hold a `|` of its own.
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        if parts.len() < 5 {
            return Err(format!("\"{line}\" is not a control; write id | name | reduces | by | status, a line each"));
        }
        let name = line.split('|').skip(1).take(parts.len() - 4).collect::<Vec<_>>().join("|");
        let n = parts.len();
        let cells = ["", parts[0], name.trim(), parts[n - 3], parts[n - 2], parts[n - 1]];
        let control = read_control(&cells, old.iter().find(|c| c.id.as_str() == parts[0]))
            .map_err(|(_, why)| format!("control \"{}\": {why}", parts[0]))?;
        if out.iter().any(|c| c.id == control.id) {
            return Err(format!("the control id \"{}\" is listed twice", control.id));
        }
        out.push(control);
    }
    if out.as_slice() == old {
        return Ok(old.to_vec());
    }
    Ok(out)
}

/// A date cell: empty, `YYYY-MM-DD`, or that with a time of midnight (as
/// some spreadsheets write a date).
fn cell_date(v: &str) -> Result<Option<Date>, ()> {
    if v.is_empty() {
        return Ok(None);
    }
    let day = v.strip_suffix("T00:00:00").or_else(|| v.strip_suffix(" 00:00:00")).unwrap_or(v);
    Date::parse(day).map(Some).map_err(|_| ())
}

/// Takes back the apostrophe that a formula-safe CSV puts before `=`, `+`,
/// `-`, `@`, tab, carriage return or an apostrophe of the text's own.
fn undo_neutralised(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

/// A cell that names a value of `T` (`what`: "status"), in any case: `None`
/// when it names none (which `problem` is told), `Some(None)` when empty.
fn keyed_cell<T: Keyed>(v: &str, what: &str, problem: &mut dyn FnMut(String)) -> Option<Option<T>> {
    if v.is_empty() {
        return Some(None);
    }
    let value = T::from_key(&v.to_lowercase());
    if value.is_none() {
        problem(format!("\"{v}\" is not a {what}; use {}", T::keys_in_words()));
    }
    value.map(Some)
}
