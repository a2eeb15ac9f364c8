//! Bringing a risk register kept in a spreadsheet in: read the CSV, map its
//! columns to risk fields (guessed from the headers, changed by the user), then
//! check every row. All or nothing: one problem anywhere and nothing is imported,
//! with each problem named by row and column. Plain Rust, tested natively.

use rampart_core::model::{Date, Extras, Id, Keyed, Level, Rating, Register, Risk};
use rampart_core::scoring::{rate, ScaleSet};

/// A CSV file as read: its header row and the rows under it.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Why a CSV file could not be read at all.
#[derive(Debug, Clone, PartialEq)]
pub enum CsvError {
    NotUtf8,
    Empty,
    /// The CSV parser's message, with the line it names.
    Malformed(String),
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            CsvError::NotUtf8 => {
                f.write_str("the file is not UTF-8 text; save it from the spreadsheet as \"CSV UTF-8\"")
            }
            CsvError::Empty => f.write_str("the file has no header row"),
            CsvError::Malformed(why) => write!(f, "the file is not valid CSV: {why}"),
        }
    }
}

impl CsvTable {
    /// Reads CSV bytes: UTF-8 (a byte-order mark is skipped), comma or semicolon
    /// separated (whichever the header row uses more), quoted cells allowed.
    pub fn parse(bytes: &[u8]) -> Result<Self, CsvError> {
        let text = std::str::from_utf8(bytes).map_err(|_| CsvError::NotUtf8)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.lines().next().unwrap_or_default();
        let delimiter = if first.matches(';').count() > first.matches(',').count() { ';' } else { ',' };
        let mut records = records(text, delimiter)?.into_iter().filter(|r| r.iter().any(|c| !c.trim().is_empty()));
        let headers = records.next().ok_or(CsvError::Empty)?.iter().map(|h| h.trim().to_string()).collect();
        let rows = records.collect();
        Ok(CsvTable { headers, rows })
    }
}

/// Splits CSV text into records (RFC 4180): a cell in double quotes may hold the
/// delimiter, line breaks and doubled quotes; lines end with LF or CRLF. A quote
/// inside an unquoted cell is kept as written, as spreadsheets do.
fn records(text: &str, delimiter: char) -> Result<Vec<Vec<String>>, CsvError> {
    let (mut out, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut was_quoted) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            c if quoted => cell.push(c),
            '"' if cell.is_empty() && !was_quoted => (quoted, was_quoted) = (true, true),
            c if c == delimiter => {
                row.push(std::mem::take(&mut cell));
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut cell));
                out.push(std::mem::take(&mut row));
                was_quoted = false;
            }
            c => cell.push(c),
        }
    }
    if quoted {
        return Err(CsvError::Malformed(format!("a quoted cell in row {} is never closed", out.len() + 1)));
    }
    if !cell.is_empty() || !row.is_empty() || was_quoted {
        row.push(cell);
        out.push(row);
    }
    Ok(out)
}

/// A risk field a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Id,
    Title,
    Kind,
    Description,
    Category,
    Subcategory,
    Owner,
    Trigger,
    ImpactDescription,
    Mitigation,
    Identified,
    ReviewDate,
    TargetDate,
    Status,
    Treatment,
    InherentImpact,
    InherentLikelihood,
    ResidualImpact,
    ResidualLikelihood,
    TargetImpact,
    TargetLikelihood,
    Services,
    AcceptedBy,
    AcceptedOn,
    AcceptedUntil,
}

impl Target {
    pub const ALL: [Target; 25] = [
        Target::Id,
        Target::Title,
        Target::Kind,
        Target::Description,
        Target::Category,
        Target::Subcategory,
        Target::Owner,
        Target::Trigger,
        Target::ImpactDescription,
        Target::Mitigation,
        Target::Identified,
        Target::ReviewDate,
        Target::TargetDate,
        Target::Status,
        Target::Treatment,
        Target::InherentImpact,
        Target::InherentLikelihood,
        Target::ResidualImpact,
        Target::ResidualLikelihood,
        Target::TargetImpact,
        Target::TargetLikelihood,
        Target::Services,
        Target::AcceptedBy,
        Target::AcceptedOn,
        Target::AcceptedUntil,
    ];

    /// The field's name as shown, and the header names that map to it on their own
    /// (compared lower-cased, without spaces, `_` or `-`).
    pub fn names(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Target::Id => ("Id", &["id", "riskid", "ref", "reference"]),
            Target::Title => ("Title", &["title", "risk", "riskname", "name", "risktitle"]),
            Target::Kind => ("Kind (threat or opportunity)", &["kind", "risktype", "threatoropportunity"]),
            Target::Description => ("Description", &["description", "details"]),
            Target::Category => ("Category", &["category", "riskcategory"]),
            Target::Subcategory => ("Subcategory", &["subcategory"]),
            Target::Owner => ("Owner", &["owner", "riskowner"]),
            Target::Trigger => ("Trigger", &["trigger", "cause"]),
            Target::ImpactDescription => ("Impact description", &["impactdescription", "consequence", "consequences"]),
            Target::Mitigation => ("Mitigation", &["mitigation", "treatmentplan", "actions"]),
            Target::Identified => ("Identified", &["identified", "dateidentified", "raised"]),
            Target::ReviewDate => ("Review date", &["reviewdate", "nextreview", "review"]),
            Target::TargetDate => ("Target date", &["targetdate", "duedate"]),
            Target::Status => ("Status", &["status"]),
            Target::Treatment => ("Treatment", &["treatment", "response"]),
            Target::InherentImpact => ("Inherent impact", &["inherentimpact", "impact", "grossimpact"]),
            Target::InherentLikelihood => {
                ("Inherent likelihood", &["inherentlikelihood", "likelihood", "probability", "grosslikelihood"])
            }
            Target::ResidualImpact => ("Residual impact", &["residualimpact", "netimpact"]),
            Target::ResidualLikelihood => ("Residual likelihood", &["residuallikelihood", "netlikelihood"]),
            Target::TargetImpact => ("Target impact", &["targetimpact"]),
            Target::TargetLikelihood => ("Target likelihood", &["targetlikelihood"]),
            Target::Services => ("Services", &["services", "service", "servicesaffected"]),
            Target::AcceptedBy => ("Accepted by", &["acceptedby"]),
            Target::AcceptedOn => ("Accepted on", &["acceptedon", "acceptancedate"]),
            Target::AcceptedUntil => ("Accepted until", &["accepteduntil", "acceptanceexpires", "acceptanceexpiry"]),
        }
    }

    pub fn label(self) -> &'static str {
        self.names().0
    }
}

/// Which column (by position) fills each field, in the order of [`Target::ALL`].
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping(pub Vec<Option<usize>>);

fn normalise(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

impl Mapping {
    /// Each field mapped to the first header that names it, if any.
    pub fn guess(headers: &[String]) -> Self {
        let headers: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
        Mapping(Target::ALL.iter().map(|t| headers.iter().position(|h| t.names().1.contains(&h.as_str()))).collect())
    }

    pub fn column(&self, target: Target) -> Option<usize> {
        Target::ALL.iter().position(|t| *t == target).and_then(|k| self.0.get(k).copied().flatten())
    }

    pub fn set(&mut self, target: Target, column: Option<usize>) {
        if let Some(k) = Target::ALL.iter().position(|t| *t == target) {
            self.0[k] = column;
        }
    }
}

/// One problem, at a row of the file (counting the header as row 1, as a
/// spreadsheet does) and a column.
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "Row {}, column \"{}\": {}", self.row, self.column, self.message)
    }
}

/// What importing would do: each risk with the position of the risk it updates
/// (`None`: added at the end).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub risks: Vec<(Option<usize>, Risk)>,
}

impl Plan {
    pub fn added(&self) -> usize {
        self.risks.iter().filter(|(at, _)| at.is_none()).count()
    }
}

/// Checks every row against the register: a row whose id is a risk's updates the
/// mapped fields of that risk (an empty cell clears an optional field); any other
/// id adds a risk, which needs a title and an inherent rating. Levels are numbers
/// or the scale's labels; dates are `YYYY-MM-DD`.
pub fn plan(
    register: &Register,
    scales: &ScaleSet,
    table: &CsvTable,
    mapping: &Mapping,
) -> Result<Plan, Vec<RowProblem>> {
    let mut problems = Vec::new();
    if mapping.column(Target::Id).is_none() {
        return Err(vec![RowProblem {
            row: 1,
            column: "–".into(),
            message: "choose the column that holds the risk ids".into(),
        }]);
    }
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut plan = Plan::default();
    for (k, row) in table.rows.iter().enumerate() {
        let line = k + 2;
        let cell = |t: Target| mapping.column(t).map(|c| undo_neutralised(row.get(c).map_or("", |s| s.trim())));
        let mut problem = |t: Target, message: String| {
            let column = mapping.column(t).and_then(|c| table.headers.get(c)).cloned().unwrap_or_default();
            problems.push(RowProblem { row: line, column, message });
        };
        let raw_id = cell(Target::Id).unwrap_or_default();
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
        let at = register.risks.iter().position(|r| r.id == id);
        if at.is_none() && register.id_taken(&id, None) {
            problem(Target::Id, format!("\"{id}\" is the id of something in the register that is not a risk"));
            continue;
        }
        let before = at.map(|i| register.risks[i].clone());
        let mut risk = before.clone().unwrap_or_else(|| Risk::new(id.clone(), "", Rating::new(1, 1)));

        let text = |t: Target, field: &mut Option<String>| {
            if let Some(v) = cell(t) {
                *field = (!v.is_empty()).then(|| v.to_string());
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
            Some(t) if !t.is_empty() => risk.title = t.to_string(),
            _ if before.is_none() => problem(Target::Title, "a new risk needs a title".into()),
            _ => {}
        }

        let mut date = |t: Target| -> Option<Option<Date>> {
            let v = cell(t)?;
            if v.is_empty() {
                return Some(None);
            }
            match Date::parse(v) {
                Ok(d) => Some(Some(d)),
                Err(_) => {
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
            risk.services = Vec::new();
            for s in v.split([';', ',']).map(str::trim).filter(|s| !s.is_empty()) {
                if !register.has_service(s) {
                    problem(Target::Services, format!("no service has the id \"{s}\""));
                } else if !risk.services.iter().any(|x| x == s) {
                    risk.services.push(s.into());
                }
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
                let expires = same.and_then(|a| a.expires);
                let by = same.map_or_else(|| by.to_string(), |a| a.by.clone());
                let extra = old.map(|a| a.extra).unwrap_or_default();
                risk.acceptance = Some(rampart_core::model::Acceptance { by, date, expires, score: None, extra });
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
        if let Some(a) = risk.acceptance.as_ref().filter(|a| a.expires.is_some_and(|e| e < a.date)) {
            let until = a.expires.map(|e| e.to_string()).unwrap_or_default();
            problem(Target::AcceptedUntil, format!("accepted until {until} is before it was accepted ({})", a.date));
        }

        // Levels: a number or a label of the scale, within the scale.
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
                    None
                }
            }
        };
        let (impacts, likelihoods) = (&scales.impact, &scales.likelihood);
        let pair = |i: Option<Option<i64>>, l: Option<Option<i64>>| (i.flatten(), l.flatten());
        let inherent = pair(level(Target::InherentImpact, impacts), level(Target::InherentLikelihood, likelihoods));
        let residual = pair(level(Target::ResidualImpact, impacts), level(Target::ResidualLikelihood, likelihoods));
        let target = pair(level(Target::TargetImpact, impacts), level(Target::TargetLikelihood, likelihoods));
        match inherent {
            (Some(i), Some(l)) => risk.inherent = Rating { impact: Level(i), likelihood: Level(l), ..risk.inherent },
            (None, None) if before.is_some() => {}
            _ => problem(Target::InherentImpact, "the inherent rating needs both an impact and a likelihood".into()),
        }
        // A residual or target equal to what the controls give stays derived, so an
        // exported register comes back unchanged; a different one is explicit.
        for (which, given) in [(Target::ResidualImpact, residual), (Target::TargetImpact, target)] {
            let (Some(i), Some(l)) = given else { continue };
            let is_residual = which == Target::ResidualImpact;
            let explicit = if is_residual { &risk.residual } else { &risk.target };
            let derived = rate(&Risk { residual: None, target: None, ..risk.clone() }, scales);
            let derived = if is_residual { derived.residual } else { derived.target };
            let value = (explicit.is_some() || (derived.impact, derived.likelihood) != (i, l)).then(|| Rating {
                impact: Level(i),
                likelihood: Level(l),
                extra: Extras::default(),
            });
            if is_residual {
                risk.residual = value;
            } else {
                risk.target = value;
            }
        }
        let before_acceptance = before.as_ref().and_then(|b| b.acceptance.as_ref());
        if risk.kind() == rampart_core::model::RiskKind::Threat {
            crate::risks::form::record_accepted_score(&mut risk, before_acceptance, scales);
        }
        plan.risks.push((at, risk));
    }
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(problems)
    }
}

/// Takes back the apostrophe that a formula-safe export puts before `=`, `+`, `-`, `@`.
fn undo_neutralised(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
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

#[cfg(test)]
mod tests;
