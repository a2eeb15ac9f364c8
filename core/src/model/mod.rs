//! The register, format v1 (SPEC §1–§5), as Rust types.
//!
//! These types are the file: deserializing one checks every value that can be
//! checked on its own (types, ranges, dates, calendars, scale sizes), keeps every
//! unknown field in `extra`, and serializes back to the same JSON. Checks that need
//! the whole file (duplicate ids, a priority twice in one agreement) are in
//! `crate::import`.

mod colour;
mod values;

use std::collections::BTreeMap;
use std::fmt;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, value::MapAccessDeserializer, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

pub use colour::Colour;
use values::{null_as_empty, ListVisitor, NumberVisitor};
pub use values::{ClockTime, Date, Extras, Hours, Id, Level, Percent, Score, Threshold, Timestamp, MAX_ID_CHARS};

/// For an enum of the format: every value (`ALL`), its key in a file (`key`,
/// the same as serde writes: a test holds them together), the value of a key
/// (`from_key`) and its name for people (`label`), each written once here.
macro_rules! keyed {
    ($t:ident { $($v:ident => $key:literal, $label:literal;)* }) => {
        impl $t {
            /// Every value, in the order of the format.
            pub const ALL: &'static [$t] = &[$($t::$v),*];

            /// The value as a register file writes it.
            pub fn key(self) -> &'static str {
                match self { $($t::$v => $key),* }
            }

            /// The value a file writes as `key`.
            pub fn from_key(key: &str) -> Option<Self> {
                <Self as $crate::model::Keyed>::from_key(key)
            }

            /// The value for people.
            pub fn label(self) -> &'static str {
                match self { $($t::$v => $label),* }
            }
        }

        impl $crate::model::Keyed for $t {
            const ALL: &'static [$t] = $t::ALL;
            fn key(self) -> &'static str {
                $t::key(self)
            }
            fn label(self) -> &'static str {
                $t::label(self)
            }
        }
    };
}

/// What `keyed!` gives an enum, for code that works with any of them (a
/// select of its values, a spreadsheet cell that names one).
pub trait Keyed: Copy + PartialEq + 'static {
    const ALL: &'static [Self];
    fn key(self) -> &'static str;
    fn label(self) -> &'static str;

    /// The value a file writes as `key`.
    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.key() == key)
    }

    /// The keys for a message: "new, open or closed".
    fn keys_in_words() -> String {
        let keys: Vec<&str> = Self::ALL.iter().map(|v| v.key()).collect();
        match keys.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

pub(crate) use keyed;

keyed!(RiskStatus { New => "new", "new"; Open => "open", "open"; Closed => "closed", "closed"; });
keyed!(Treatment {
    Avoid => "avoid", "avoid";
    Reduce => "reduce", "reduce";
    Transfer => "transfer", "transfer";
    Accept => "accept", "accept";
    Exploit => "exploit", "exploit";
    Enhance => "enhance", "enhance";
    Share => "share", "share";
});
keyed!(RiskKind { Threat => "threat", "threat"; Opportunity => "opportunity", "opportunity"; });
keyed!(ActionStatus { Planned => "planned", "planned"; InProgress => "in_progress", "in progress"; Done => "done", "done"; });
keyed!(Axis { Likelihood => "likelihood", "likelihood"; Impact => "impact", "impact"; });
keyed!(ControlStatus { Implemented => "implemented", "implemented"; Planned => "planned", "planned"; });
keyed!(NodeKind {
    Service => "service", "service";
    Process => "process", "process";
    System => "system", "system";
    Site => "site", "site";
    SupplierService => "supplier_service", "supplier service";
});
keyed!(SupplierType {
    External => "external", "external";
    Internal => "internal", "internal";
    CustomerAsSupplier => "customer_as_supplier", "customer as supplier";
});
keyed!(AgreementKind {
    CustomerSla => "customer_sla", "customer SLA";
    SupplierContract => "supplier_contract", "supplier contract";
    Ola => "ola", "OLA";
});

/// The value of `format` in every register file.
pub const FORMAT_TAG: &str = "rampart-register";
/// The newest format version this build reads and writes.
pub const FORMAT_VERSION: i64 = 1;

/// A whole register file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "Rampart register, format v1")]
pub struct Register {
    /// Always `"rampart-register"`.
    pub format: String,
    /// Format version: 1.
    pub version: i64,
    /// The register's title.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// Set on every export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Timestamp>,
    /// Revision ids, oldest first, at most [`LINEAGE_LIMIT`]: each export by the
    /// app appends one (SPEC §9.3). Two files share history when their lineages
    /// share an id.
    #[serde(default, deserialize_with = "lineage_ids", skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 100))]
    pub lineage: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scales: Option<Scales>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub risks: Vec<Risk>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub services: Vec<Service>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub suppliers: Vec<Supplier>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub agreements: Vec<Agreement>,
    /// Failure scenarios (SPEC §9.2).
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<Scenario>,
    /// Continuity exercises and what they measured (SPEC §9.2).
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub exercises: Vec<Exercise>,
    /// Management reviews and what they decided (SPEC §9.4).
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<Review>,
    #[serde(flatten)]
    pub extra: Extras,
}

/// A management review: what top management looked at and decided (SPEC §9.4,
/// ISO/IEC 20000-1 9.3). The next review pack starts from the latest one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Review {
    pub id: Id,
    pub date: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    #[serde(flatten)]
    pub extra: Extras,
}

/// Whether a review's decision has been carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionStatus {
    Open,
    Done,
}

/// One decision of a management review. Decision ids are ids: unique in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Decision {
    pub id: Id,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    pub status: DecisionStatus,
    #[serde(flatten)]
    pub extra: Extras,
}

/// A failure scenario: which nodes are lost; what needs them follows (SPEC §9.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Scenario {
    pub id: Id,
    pub name: String,
    /// The nodes lost: at least one.
    #[serde(deserialize_with = "non_empty_fails")]
    #[schemars(length(min = 1))]
    pub fails: Vec<String>,
    #[serde(flatten)]
    pub extra: Extras,
}

/// At most [`LINEAGE_LIMIT`] revision ids (SPEC §9.5).
fn lineage_ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let ids = d.deserialize_any(ListVisitor {
        expecting: "a list of revision ids",
        optional: true,
        check: |ids: Vec<String>| match ids.len() {
            n if n > LINEAGE_LIMIT => Err(format!(
                "a lineage holds at most {LINEAGE_LIMIT} revision ids (the oldest are dropped); this one has {n}"
            )),
            _ => Ok(ids),
        },
    })?;
    Ok(ids.unwrap_or_default())
}

fn non_empty_fails<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let ids = d.deserialize_any(ListVisitor {
        expecting: "a list of node ids",
        optional: false,
        check: |ids: Vec<String>| {
            if ids.is_empty() {
                Err("a scenario fails at least one node".into())
            } else {
                Ok(ids)
            }
        },
    })?;
    Ok(ids.unwrap_or_default())
}

/// A continuity exercise: when, under which scenario, and how long each node
/// took to come back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Exercise {
    pub id: Id,
    pub name: String,
    pub date: Date,
    /// A scenario's id; absent: everything fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<ExerciseResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(flatten)]
    pub extra: Extras,
}

/// How long one node took to come back in an exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExerciseResult {
    pub node: String,
    /// Hours from the start of the exercise until the node was back.
    pub recovered: Hours,
    #[serde(flatten)]
    pub extra: Extras,
}

/// The most revision ids a register's `lineage` keeps (the oldest are dropped).
pub const LINEAGE_LIMIT: usize = 100;

impl Register {
    /// Appends revision `id` to the lineage, dropping the oldest beyond [`LINEAGE_LIMIT`].
    pub fn add_revision(&mut self, id: String) {
        self.lineage.push(id);
        let over = self.lineage.len().saturating_sub(LINEAGE_LIMIT);
        self.lineage.drain(..over);
    }

    /// The common base of two registers' histories: the newest revision id
    /// present in both lineages (SPEC §9.3).
    pub fn common_base<'a>(&'a self, other: &Register) -> Option<&'a str> {
        self.lineage.iter().rev().find(|id| other.lineage.contains(id)).map(String::as_str)
    }

    /// Every id in the register (risks with their controls and actions, services, suppliers,
    /// agreements, scenarios, exercises): ids are unique across all of them.
    pub fn ids(&self) -> impl Iterator<Item = &Id> {
        (self.risks.iter().flat_map(Risk::ids))
            .chain(self.services.iter().map(|s| &s.id))
            .chain(self.suppliers.iter().map(|s| &s.id))
            .chain(self.agreements.iter().map(|a| &a.id))
            .chain(self.scenarios.iter().map(|s| &s.id))
            .chain(self.exercises.iter().map(|e| &e.id))
            .chain(self.reviews.iter().flat_map(|r| std::iter::once(&r.id).chain(r.decisions.iter().map(|d| &d.id))))
    }

    /// Whether `id` names an item other than `own` (the item being edited or
    /// replaced, which may keep its id).
    pub fn id_taken(&self, id: &str, own: Option<&Id>) -> bool {
        self.ids().any(|x| x.as_str() == id && Some(x) != own)
    }

    /// Whether a service (any BIA node) has this id. A linear scan: for one edit,
    /// not for a whole analysis (which uses the dependency graph's index).
    pub fn has_service(&self, id: &str) -> bool {
        self.services.iter().any(|s| s.id.as_str() == id)
    }

    /// The ids of every item that names the service `id`: the nodes that
    /// depend on it (plainly or among alternatives), the risks that threaten
    /// it, the agreements on it, the scenarios that lose it and the exercises
    /// that measured it, in that order, each once. What a delete of the
    /// service would leave naming nothing.
    pub fn naming_service(&self, id: &str) -> Vec<&str> {
        let nodes = (self.services.iter())
            .filter(|s| s.depends_on.iter().any(|d| d.ids().any(|m| m == id)))
            .map(|s| s.id.as_str());
        let risks = self.risks.iter().filter(|r| r.services.iter().any(|s| s == id)).map(|r| r.id.as_str());
        let agreements = self.agreements.iter().filter(|a| a.service.as_deref() == Some(id)).map(|a| a.id.as_str());
        let scenarios = self.scenarios.iter().filter(|s| s.fails.iter().any(|x| x == id)).map(|s| s.id.as_str());
        let exercises = self.exercises.iter().filter(|e| e.results.iter().any(|r| r.node == id)).map(|e| e.id.as_str());
        nodes.chain(risks).chain(agreements).chain(scenarios).chain(exercises).collect()
    }

    /// An empty register with the given title and default scales.
    pub fn new(name: impl Into<String>) -> Self {
        Register {
            format: FORMAT_TAG.into(),
            version: FORMAT_VERSION,
            name: name.into(),
            organization: None,
            updated: None,
            lineage: Vec::new(),
            scales: None,
            risks: Vec::new(),
            services: Vec::new(),
            suppliers: Vec::new(),
            agreements: Vec::new(),
            scenarios: Vec::new(),
            exercises: Vec::new(),
            reviews: Vec::new(),
            extra: Extras::default(),
        }
    }
}

/// Scoring configuration (SPEC §2). Each member defaults on its own.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Scales {
    /// Likelihood level labels, lowest first (2 to 10 levels).
    #[serde(default, deserialize_with = "scale_labels", skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 2, max = 10))]
    pub likelihood: Option<Vec<String>>,
    /// Impact level labels, lowest first (2 to 10 levels).
    #[serde(default, deserialize_with = "scale_labels", skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 2, max = 10))]
    pub impact: Option<Vec<String>>,
    /// Score bands in strictly ascending `min`; the first has `min` 1.
    #[serde(default, deserialize_with = "bands", skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub bands: Option<Vec<Band>>,
    /// Residual score above which a risk must be treated or accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appetite: Option<Threshold>,
    /// Appetite per risk category, overriding `appetite`.
    #[serde(default, deserialize_with = "category_appetites", skip_serializing_if = "Option::is_none")]
    pub appetite_by_category: Option<BTreeMap<String, Threshold>>,
    #[serde(flatten)]
    pub extra: Extras,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Band {
    pub name: String,
    /// The lowest score in the band (may be fractional: `min` 4.5 starts at 5).
    pub min: Threshold,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(flatten)]
    pub extra: Extras,
}

/// A scale has 2 to 10 levels.
pub fn check_scale_labels(labels: &[String]) -> Result<(), String> {
    if (2..=10).contains(&labels.len()) {
        Ok(())
    } else {
        Err(format!("a scale has 2 to 10 levels; this one has {}", labels.len()))
    }
}

/// Bands come in strictly ascending `min`, and the first has `min` 1.
pub fn check_bands(bands: &[Band]) -> Result<(), String> {
    match bands.first() {
        None => return Err("at least one band is needed".into()),
        Some(first) if first.min != Threshold::whole(1) => {
            return Err(format!("the first band (\"{}\") must have min 1, not {}", first.name, first.min))
        }
        _ => {}
    }
    match bands.windows(2).find(|w| w[1].min <= w[0].min) {
        Some(w) => Err(format!(
            "bands must be in strictly ascending min: \"{}\" (min {}) follows \"{}\" (min {})",
            w[1].name, w[1].min, w[0].name, w[0].min
        )),
        None => Ok(()),
    }
}

impl Scales {
    /// Whether these scales could be written to a file and read back.
    pub fn check(&self) -> Result<(), String> {
        for labels in [&self.likelihood, &self.impact].into_iter().flatten() {
            check_scale_labels(labels)?;
        }
        self.bands.as_deref().map_or(Ok(()), check_bands)
    }
}

fn scale_labels<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    d.deserialize_any(ListVisitor {
        expecting: "a list of 2 to 10 level names",
        optional: true,
        check: |labels: Vec<String>| check_scale_labels(&labels).map(|()| labels),
    })
}

fn bands<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Band>>, D::Error> {
    d.deserialize_any(ListVisitor {
        expecting: "a list of bands, lowest first",
        optional: true,
        check: |bands: Vec<Band>| check_bands(&bands).map(|()| bands),
    })
}

fn category_appetites<'de, D: Deserializer<'de>>(d: D) -> Result<Option<BTreeMap<String, Threshold>>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<BTreeMap<String, Threshold>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object mapping category names to appetite scores")
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(k) = map.next_key::<String>()? {
                let v: Threshold = map.next_value()?;
                if out.insert(k.clone(), v).is_some() {
                    return Err(de::Error::custom(format!("category \"{k}\" appears twice")));
                }
            }
            Ok(Some(out))
        }
    }
    d.deserialize_option(V)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum RiskStatus {
    New,
    #[default]
    Open,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    Avoid,
    Reduce,
    Transfer,
    Accept,
    /// Of an opportunity (SPEC §9.1): make it happen.
    Exploit,
    /// Of an opportunity: make it likelier or larger.
    Enhance,
    /// Of an opportunity: with a partner better placed to take it.
    Share,
}

impl Treatment {
    /// The treatments of a threat, then those of an opportunity (`accept` is both).
    pub fn of(kind: RiskKind) -> &'static [Treatment] {
        match kind {
            RiskKind::Threat => &[Treatment::Avoid, Treatment::Reduce, Treatment::Transfer, Treatment::Accept],
            RiskKind::Opportunity => &[Treatment::Exploit, Treatment::Enhance, Treatment::Share, Treatment::Accept],
        }
    }

    /// Why a risk of `kind` cannot take this treatment, or `None` when it can:
    /// "\"reduce\" is not a treatment of an opportunity; use exploit, enhance, share, accept".
    pub fn misfit(self, kind: RiskKind) -> Option<String> {
        let fitting = Treatment::of(kind);
        let keys: Vec<&str> = fitting.iter().map(|t| t.key()).collect();
        (!fitting.contains(&self)).then(|| {
            format!("\"{}\" is not a treatment of {}; use {}", self.key(), kind.with_article(), keys.join(", "))
        })
    }
}

impl RiskKind {
    /// "a threat", "an opportunity".
    pub fn with_article(self) -> &'static str {
        match self {
            RiskKind::Threat => "a threat",
            RiskKind::Opportunity => "an opportunity",
        }
    }
}

/// A threat (the default) or an opportunity, a positive risk (SPEC §9.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    #[default]
    Threat,
    Opportunity,
}

/// How far a treatment action has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Planned,
    InProgress,
    Done,
}

/// A step of a risk's treatment plan (SPEC §9.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Action {
    pub id: Id,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    pub status: ActionStatus,
    /// The id of the control of the same risk this action puts in place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    #[serde(flatten)]
    pub extra: Extras,
}

/// An impact × likelihood assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Rating {
    pub impact: Level,
    pub likelihood: Level,
    #[serde(flatten)]
    pub extra: Extras,
}

impl Rating {
    pub fn new(impact: i64, likelihood: i64) -> Self {
        Rating { impact: Level(impact), likelihood: Level(likelihood), extra: Extras::default() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Axis {
    Likelihood,
    Impact,
}

impl fmt::Display for Axis {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ControlStatus {
    Implemented,
    Planned,
}

/// A control on a risk: lowers one axis by `by` levels once implemented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Control {
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub reduces: Axis,
    #[serde(deserialize_with = "control_step")]
    #[schemars(range(min = 1))]
    pub by: i64,
    pub status: ControlStatus,
    #[serde(flatten)]
    pub extra: Extras,
}

fn control_step<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_f64(NumberVisitor("a whole number of levels, 1 or more", |by| {
        if by.fract() == 0.0 && (1.0..1e15).contains(&by) {
            Ok(by as i64)
        } else {
            Err(format!("a control lowers its axis by a whole number of levels, at least 1; found {by}"))
        }
    }))
}

/// Who formally accepted the residual risk, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Acceptance {
    pub by: String,
    pub date: Date,
    /// The acceptance holds up to and including this day (SPEC §9.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    /// The residual score that was accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
    #[serde(flatten)]
    pub extra: Extras,
}

/// A past residual assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HistoryEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    pub impact: Level,
    pub likelihood: Level,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(flatten)]
    pub extra: Extras,
}

/// A risk (SPEC §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Risk {
    pub id: Id,
    pub title: String,
    /// Absent means `threat`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<RiskKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subcategory: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mitigation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identified: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_date: Option<Date>,
    /// Absent means `open`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RiskStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treatment: Option<Treatment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
    /// Assessed with no controls.
    pub inherent: Rating,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<Control>,
    /// An explicit re-assessment after controls, overriding the derived one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual: Option<Rating>,
    /// An explicit target, overriding the derived one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Rating>,
    /// Ids of the services this risk threatens.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// Past residual assessments.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEntry>,
    /// The treatment plan.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    #[serde(flatten)]
    pub extra: Extras,
}

impl Risk {
    /// The risk's id, its controls' ids and its actions' ids.
    pub fn ids(&self) -> impl Iterator<Item = &Id> {
        std::iter::once(&self.id).chain(self.controls.iter().map(|c| &c.id)).chain(self.actions.iter().map(|a| &a.id))
    }

    pub fn new(id: Id, title: impl Into<String>, inherent: Rating) -> Self {
        Risk {
            id,
            title: title.into(),
            kind: None,
            description: None,
            category: None,
            subcategory: None,
            owner: None,
            trigger: None,
            impact_description: None,
            mitigation: None,
            identified: None,
            review_date: None,
            target_date: None,
            status: None,
            treatment: None,
            acceptance: None,
            inherent,
            controls: Vec::new(),
            residual: None,
            target: None,
            services: Vec::new(),
            history: Vec::new(),
            actions: Vec::new(),
            extra: Extras::default(),
        }
    }

    pub fn status(&self) -> RiskStatus {
        self.status.unwrap_or_default()
    }

    pub fn kind(&self) -> RiskKind {
        self.kind.unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    #[default]
    Service,
    Process,
    System,
    Site,
    SupplierService,
}

/// One point of an impact-over-time curve: from `hours` into a disruption, the
/// impact is `level`. `key` is the hour key as written in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImpactRating {
    pub key: String,
    pub hours: f64,
    pub level: Level,
}

/// Impact ratings over time, e.g. `{"4": 2, "24": 4}`, in file order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImpactCurve(pub Vec<ImpactRating>);

impl ImpactCurve {
    /// The rating with the greatest hour key ≤ `hours` (`None` = the greatest key).
    pub fn at(&self, hours: Option<f64>) -> Option<Level> {
        self.0
            .iter()
            .filter(|r| hours.is_none_or(|h| r.hours <= h))
            .max_by(|a, b| a.hours.total_cmp(&b.hours))
            .map(|r| r.level)
    }

    /// The first time (hours) at which the impact has reached `level` or more: the
    /// RTO a continuity planner would suggest when `level` is intolerable.
    pub fn first_reaching(&self, level: i64) -> Option<f64> {
        self.0.iter().filter(|r| r.level.0 >= level).map(|r| r.hours).min_by(f64::total_cmp)
    }
}

impl Serialize for ImpactCurve {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|r| (&r.key, r.level)))
    }
}

impl<'de> Deserialize<'de> for ImpactCurve {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ImpactCurve;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object mapping hours to impact levels, such as {\"4\": 2, \"24\": 4}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ImpactCurve, A::Error> {
                let mut out: Vec<ImpactRating> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    // Checked before the value is read, so that the error is placed at the key.
                    let hours = parse_hour_key(&key).map_err(de::Error::custom)?;
                    if let Some(prev) = out.iter().find(|r| r.hours == hours) {
                        return Err(de::Error::custom(format!("hour {key} is rated twice (also as \"{}\")", prev.key)));
                    }
                    let level: Level = map.next_value()?;
                    out.push(ImpactRating { key, hours, level });
                }
                Ok(ImpactCurve(out))
            }
        }
        d.deserialize_map(V)
    }
}

fn parse_hour_key(key: &str) -> Result<f64, String> {
    let plain = !key.is_empty() && key.bytes().all(|c| c.is_ascii_digit() || c == b'.');
    match key.parse::<f64>() {
        Ok(h) if plain && h.is_finite() => Ok(h),
        _ => Err(format!("impact key \"{key}\" is not a number of hours (0 or more)")),
    }
}

impl JsonSchema for ImpactCurve {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ImpactCurve".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "description": "Impact level reached after a number of hours of disruption.",
            "propertyNames": {"pattern": "^[0-9]*\\.?[0-9]*$"},
            "additionalProperties": {"type": "integer"}
        })
    }
}

/// A set of alternatives: at least one member must be up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AnyOf {
    #[serde(deserialize_with = "non_empty_ids")]
    #[schemars(length(min = 1))]
    pub any_of: Vec<String>,
    #[serde(flatten)]
    pub extra: Extras,
}

fn non_empty_ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let ids = d.deserialize_any(ListVisitor {
        expecting: "a list of node ids",
        optional: false,
        check: |ids: Vec<String>| {
            if ids.is_empty() {
                Err("an any_of group needs at least one member".into())
            } else {
                Ok(ids)
            }
        },
    })?;
    Ok(ids.unwrap_or_default())
}

/// An entry of `depends_on`.
#[derive(Debug, Clone, PartialEq)]
pub enum Dependency {
    /// Needs this node.
    On(String),
    /// Needs at least one of these.
    AnyOf(AnyOf),
}

impl Dependency {
    /// The ids it names: one, or the group's alternatives.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        let (one, group) = match self {
            Dependency::On(id) => (Some(id.as_str()), &[][..]),
            Dependency::AnyOf(g) => (None, g.any_of.as_slice()),
        };
        one.into_iter().chain(group.iter().map(String::as_str))
    }
}

impl Serialize for Dependency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Dependency::On(id) => s.serialize_str(id),
            Dependency::AnyOf(g) => g.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Dependency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Dependency;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a service id or {\"any_of\": [ids]}")
            }
            fn visit_str<E>(self, v: &str) -> Result<Dependency, E> {
                Ok(Dependency::On(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Dependency, E> {
                Ok(Dependency::On(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Dependency, A::Error> {
                AnyOf::deserialize(MapAccessDeserializer::new(map)).map(Dependency::AnyOf)
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Dependency {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Dependency".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let group = g.subschema_for::<AnyOf>();
        json_schema!({"oneOf": [{"type": "string"}, group]})
    }
}

/// A node of the business impact analysis (SPEC §4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Service {
    pub id: Id,
    pub name: String,
    /// Absent means `service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<NodeKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Maximum tolerable period of disruption, hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtpd: Option<Hours>,
    /// Recovery time objective, hours from the start of the disruption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto: Option<Hours>,
    /// Recovery point objective, hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo: Option<Hours>,
    /// Hours to restore this node once what it needs is up (absent = 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<Hours>,
    /// Availability of this node alone, percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Percent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<ImpactCurve>,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<Dependency>,
    #[serde(flatten)]
    pub extra: Extras,
}

impl Service {
    pub fn new(id: Id, name: impl Into<String>) -> Self {
        Service {
            id,
            name: name.into(),
            kind: None,
            owner: None,
            mtpd: None,
            rto: None,
            rpo: None,
            recovery: None,
            availability: None,
            impact: None,
            depends_on: Vec::new(),
            extra: Extras::default(),
        }
    }
    pub fn kind(&self) -> NodeKind {
        self.kind.unwrap_or_default()
    }
    pub fn recovery_hours(&self) -> f64 {
        self.recovery.map_or(0.0, Hours::get)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum SupplierType {
    #[default]
    External,
    Internal,
    CustomerAsSupplier,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Supplier {
    pub id: Id,
    pub name: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub supplier_type: Option<SupplierType>,
    #[serde(flatten)]
    pub extra: Extras,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgreementKind {
    CustomerSla,
    SupplierContract,
    Ola,
}

impl AgreementKind {
    /// Supplier contracts and OLAs underpin customer SLAs.
    pub fn is_underpinning(self) -> bool {
        !matches!(self, AgreementKind::CustomerSla)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] =
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
    /// Monday is 0.
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn short_name(self) -> &'static str {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][self as usize]
    }
}

/// Support hours on some days of the week, the same window on each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "WeeklyHoursFields")]
pub struct WeeklyHours {
    pub days: Vec<Weekday>,
    pub from: ClockTime,
    pub to: ClockTime,
    #[serde(flatten)]
    pub extra: Extras,
}

#[derive(Deserialize, JsonSchema)]
struct WeeklyHoursFields {
    days: Vec<Weekday>,
    from: ClockTime,
    to: ClockTime,
    #[serde(flatten)]
    extra: Extras,
}

impl WeeklyHours {
    /// A weekly window: at least one day, starting before it ends (`24:00` may end it).
    pub fn new(days: Vec<Weekday>, from: ClockTime, to: ClockTime) -> Result<Self, String> {
        if days.is_empty() {
            return Err("support hours need at least one day".into());
        }
        if from.minutes() >= 1440 {
            return Err(format!("support hours cannot start at {from}"));
        }
        if from >= to {
            return Err(format!("support hours must start before they end: from {from} to {to}"));
        }
        Ok(WeeklyHours { days, from, to, extra: Extras::default() })
    }
}

impl TryFrom<WeeklyHoursFields> for WeeklyHours {
    type Error = String;
    fn try_from(f: WeeklyHoursFields) -> Result<Self, String> {
        Ok(WeeklyHours { extra: f.extra, ..WeeklyHours::new(f.days, f.from, f.to)? })
    }
}

/// An agreement's support hours: all the time, or a weekly window.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum SupportHours {
    #[default]
    TwentyFourSeven,
    Weekly(WeeklyHours),
}

/// In words: "round the clock (24x7)", or the days and the window ("Mon Tue
/// Wed Thu Fri 08:00–18:00").
impl fmt::Display for SupportHours {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            SupportHours::TwentyFourSeven => f.write_str("round the clock (24x7)"),
            SupportHours::Weekly(w) => {
                for d in &w.days {
                    write!(f, "{} ", d.short_name())?;
                }
                write!(f, "{}–{}", w.from, w.to)
            }
        }
    }
}

impl Serialize for SupportHours {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            SupportHours::TwentyFourSeven => s.serialize_str("24x7"),
            SupportHours::Weekly(w) => w.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for SupportHours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SupportHours;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("\"24x7\" or {\"days\": [...], \"from\": \"HH:MM\", \"to\": \"HH:MM\"}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SupportHours, E> {
                if v == "24x7" {
                    Ok(SupportHours::TwentyFourSeven)
                } else {
                    Err(E::custom(format!(
                        "support hours \"{v}\" are not understood: use \"24x7\" or a weekly window object"
                    )))
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<SupportHours, A::Error> {
                WeeklyHours::deserialize(MapAccessDeserializer::new(map)).map(SupportHours::Weekly)
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for SupportHours {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SupportHours".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let weekly = g.subschema_for::<WeeklyHours>();
        json_schema!({"oneOf": [{"const": "24x7"}, weekly]})
    }
}

/// Response and resolution targets for one priority, in the agreement's support hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Target {
    pub priority: std::sync::Arc<str>,
    pub response: Hours,
    pub resolution: Hours,
    #[serde(flatten)]
    pub extra: Extras,
}

/// A customer SLA, supplier contract or OLA (SPEC §5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Agreement {
    pub id: Id,
    pub name: String,
    pub kind: AgreementKind,
    /// Customer name (free text), or the supplier's id for contracts and OLAs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// Id of the service this agreement covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Absent means 24x7.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<SupportHours>,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Percent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto: Option<Hours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo: Option<Hours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    /// Last day in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    #[serde(flatten)]
    pub extra: Extras,
}

impl Agreement {
    pub fn new(id: Id, name: impl Into<String>, kind: AgreementKind) -> Self {
        Agreement {
            id,
            name: name.into(),
            kind,
            party: None,
            service: None,
            hours: None,
            targets: Vec::new(),
            availability: None,
            rto: None,
            rpo: None,
            start: None,
            end: None,
            extra: Extras::default(),
        }
    }
    pub fn support_hours(&self) -> &SupportHours {
        const ALWAYS: SupportHours = SupportHours::TwentyFourSeven;
        self.hours.as_ref().unwrap_or(&ALWAYS)
    }
}
