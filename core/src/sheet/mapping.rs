//! Which column of a sheet fills which risk field.

use super::column_letters;

/// A risk field a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    ResidualGiven,
    TargetImpact,
    TargetLikelihood,
    TargetGiven,
    Services,
    Controls,
    AcceptedBy,
    AcceptedOn,
    AcceptedUntil,
}

impl Target {
    pub const ALL: [Target; 28] = [
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
        Target::ResidualGiven,
        Target::TargetImpact,
        Target::TargetLikelihood,
        Target::TargetGiven,
        Target::Services,
        Target::Controls,
        Target::AcceptedBy,
        Target::AcceptedOn,
        Target::AcceptedUntil,
    ];

    /// The field's name as shown, its key (in forms and on the command line),
    /// and the header names that map to it on their own (compared lower-cased,
    /// letters and digits only). Rampart's own CSV and workbook headers are
    /// among them, so its exports map themselves.
    pub fn names(self) -> (&'static str, &'static str, &'static [&'static str]) {
        match self {
            Target::Id => ("Id", "id", &["id", "riskid", "ref", "reference"]),
            Target::Title => ("Title", "title", &["title", "risk", "riskname", "name", "risktitle"]),
            Target::Kind => ("Kind (threat or opportunity)", "kind", &["kind", "risktype", "threatoropportunity"]),
            Target::Description => ("Description", "description", &["description", "details"]),
            Target::Category => ("Category", "category", &["category", "riskcategory"]),
            Target::Subcategory => ("Subcategory", "subcategory", &["subcategory"]),
            Target::Owner => ("Owner", "owner", &["owner", "riskowner"]),
            Target::Trigger => ("Trigger", "trigger", &["trigger", "cause"]),
            Target::ImpactDescription => {
                ("Impact description", "impact_description", &["impactdescription", "consequence", "consequences"])
            }
            Target::Mitigation => ("Mitigation", "mitigation", &["mitigation", "treatmentplan", "actions"]),
            Target::Identified => ("Identified", "identified", &["identified", "dateidentified", "raised"]),
            Target::ReviewDate => ("Review date", "review_date", &["reviewdate", "nextreview", "review"]),
            Target::TargetDate => ("Target date", "target_date", &["targetdate", "duedate"]),
            Target::Status => ("Status", "status", &["status"]),
            Target::Treatment => ("Treatment", "treatment", &["treatment", "response"]),
            Target::InherentImpact => {
                ("Inherent impact", "inherent_impact", &["inherentimpact", "impact", "grossimpact"])
            }
            Target::InherentLikelihood => (
                "Inherent likelihood",
                "inherent_likelihood",
                &["inherentlikelihood", "likelihood", "probability", "grosslikelihood"],
            ),
            Target::ResidualImpact => ("Residual impact", "residual_impact", &["residualimpact", "netimpact"]),
            Target::ResidualLikelihood => {
                ("Residual likelihood", "residual_likelihood", &["residuallikelihood", "netlikelihood"])
            }
            Target::ResidualGiven => ("Residual given (yes: as written)", "residual_given", &["residualgiven"]),
            Target::TargetImpact => ("Target impact", "target_impact", &["targetimpact"]),
            Target::TargetLikelihood => ("Target likelihood", "target_likelihood", &["targetlikelihood"]),
            Target::TargetGiven => ("Target given (yes: as written)", "target_given", &["targetgiven"]),
            Target::Services => ("Services", "services", &["services", "service", "servicesaffected"]),
            Target::Controls => ("Controls", "controls", &["controls"]),
            Target::AcceptedBy => ("Accepted by", "accepted_by", &["acceptedby"]),
            Target::AcceptedOn => ("Accepted on", "accepted_on", &["acceptedon", "acceptancedate"]),
            Target::AcceptedUntil => {
                ("Accepted until", "accepted_until", &["accepteduntil", "acceptanceexpires", "acceptanceexpiry"])
            }
        }
    }

    pub fn label(self) -> &'static str {
        self.names().0
    }

    pub fn key(self) -> &'static str {
        self.names().1
    }

    pub fn from_key(key: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// Which column (by position) fills each field, in the order of [`Target::ALL`].
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping(pub Vec<Option<usize>>);

/// A header as compared: lower-cased letters and digits only.
pub(super) fn normalise(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

impl Mapping {
    /// Each field mapped to the first header that names it, if any.
    pub fn guess(headers: &[String]) -> Self {
        let headers: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
        Mapping(Target::ALL.iter().map(|t| headers.iter().position(|h| t.names().2.contains(&h.as_str()))).collect())
    }

    /// No field mapped.
    pub fn none() -> Self {
        Mapping(vec![None; Target::ALL.len()])
    }

    pub fn column(&self, target: Target) -> Option<usize> {
        Target::ALL.iter().position(|t| *t == target).and_then(|k| self.0.get(k).copied().flatten())
    }

    pub fn set(&mut self, target: Target, column: Option<usize>) {
        if let Some(k) = Target::ALL.iter().position(|t| *t == target) {
            self.0[k] = column;
        }
    }

    /// A sentence for each column that fills more than one field, naming the
    /// column and the fields: allowed (a sheet may give one rating for
    /// two), but more often a slip in choosing columns, so both the page and
    /// the command line say so before anything is applied.
    pub fn shared_columns(&self, headers: &[String]) -> Vec<String> {
        let mut columns: Vec<(usize, Vec<Target>)> = Vec::new();
        for t in Target::ALL {
            let Some(c) = self.column(t) else { continue };
            match columns.iter_mut().find(|(column, _)| *column == c) {
                Some((_, fields)) => fields.push(t),
                None => columns.push((c, vec![t])),
            }
        }
        columns.sort_by_key(|(c, _)| *c);
        (columns.into_iter().filter(|(_, fields)| fields.len() > 1))
            .map(|(c, fields)| {
                let header = headers.get(c).map(String::as_str).unwrap_or_default();
                let labels: Vec<&str> = fields.iter().map(|t| t.label()).collect();
                let (last, rest) = labels.split_last().unwrap_or((&"", &[]));
                format!(
                    "Column {} \"{header}\" fills {} and {last}: check that each field has the column meant for it.",
                    column_letters(c),
                    rest.join(", "),
                )
            })
            .collect()
    }

    /// The mapping as `key=column` pairs (columns from 1; 0: not imported),
    /// one a line: what a form or the command line hands back to [`Mapping::read`].
    pub fn write(&self) -> String {
        Target::ALL.iter().map(|t| format!("{}={}\n", t.key(), self.column(*t).map_or(0, |c| c + 1))).collect()
    }

    /// `key=column` pairs (columns by header, letters or number from 1; 0 or empty: not
    /// imported) over the `base` mapping: a field not named keeps its column.
    pub fn read(base: &Mapping, pairs: &[(String, String)], headers: &[String]) -> Result<Mapping, String> {
        let mut out = base.clone();
        for (key, value) in pairs {
            let Some(target) = Target::from_key(key) else {
                let keys: Vec<&str> = Target::ALL.iter().map(|t| t.key()).collect();
                return Err(format!("\"{key}\" is not a field to map; the fields are {}", keys.join(", ")));
            };
            let value = value.trim();
            let column = match value.parse::<usize>() {
                Ok(0) => None,
                Ok(n) if n <= headers.len() => Some(n - 1),
                Ok(n) => return Err(format!("{key}: the sheet has {} columns, not {n}", headers.len())),
                Err(_) if value.is_empty() => None,
                Err(_) => Some(
                    (headers.iter().position(|h| h.trim() == value))
                        .or_else(|| column_of_letters(value).filter(|c| *c < headers.len()))
                        .ok_or_else(|| format!("{key}: no column of the sheet is headed \"{value}\""))?,
                ),
            };
            out.set(target, column);
        }
        Ok(out)
    }
}

/// The column a spreadsheet shows as `letters` (A → 0, AA → 26), if they are letters.
pub(super) fn column_of_letters(letters: &str) -> Option<usize> {
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(letters.bytes().fold(0usize, |n, b| n * 26 + usize::from(b - b'A') + 1) - 1)
}
