//! Findings: every problem the analysis finds (SPEC §6, §8 "Output").

use crate::bidi::isolate;
use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::calendar::minute_label;
use crate::model::{Axis, Date, Register};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

crate::model::keyed!(Severity { Error => "error", "error"; Warning => "warning", "warning"; Info => "info", "info"; });

/// Which part of the register a finding concerns, for grouping in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// References and scales: the register itself is inconsistent.
    Register,
    Risks,
    Continuity,
    Sla,
    /// Management reviews' decisions.
    Reviews,
}

// The key names the area in the app's addresses (`#/findings?area=sla`).
crate::model::keyed!(Area {
    Register => "register", "Register";
    Risks => "risks", "Risks";
    Continuity => "continuity", "Continuity";
    Sla => "sla", "SLA alignment";
    Reviews => "reviews", "Management reviews";
});

/// What was found, with its named numbers. Serializes as `"code": "…"` plus the
/// named fields of SPEC §8.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingKind {
    BiaRtoBreach {
        rto: f64,
        finish: f64,
        late_hours: f64,
    },
    BiaRtoInversion {
        rto: f64,
        dependency_rto: f64,
    },
    BiaRtoExceedsMtpd {
        rto: f64,
        mtpd: f64,
    },
    BiaCycle {},
    BiaExerciseRtoMissed {
        recovered: f64,
        rto: f64,
    },
    BiaExerciseSlowerThanPlan {
        recovered: f64,
        planned: f64,
    },
    BiaNotExercised {
        /// The date of the last exercise (not in the future) with a result for the node.
        last: Option<Date>,
    },
    /// Shared: the findings of every pair with the same priority and targets
    /// on the same calendars have the same gap.
    SlaResponseMisaligned(Arc<TimingGap>),
    SlaResolutionMisaligned(Arc<TimingGap>),
    SlaPriorityUncovered {
        priority: Arc<str>,
    },
    SlaRtoMisaligned {
        customer: f64,
        underpinning: f64,
    },
    SlaRpoMisaligned {
        customer: f64,
        underpinning: f64,
    },
    SlaAvailabilityShortfall {
        composed: f64,
        committed: f64,
    },
    SlaTermGap {
        end: Date,
        customer_end: Option<Date>,
        /// The underpinning agreement has already ended (before the analysis date).
        #[serde(skip)]
        ended: bool,
    },
    SlaNoUnderpinning {},
    RiskAboveAppetite {
        score: i64,
        appetite: crate::model::Threshold,
        /// Formally accepted (an acceptance in force): information only.
        #[serde(skip)]
        accepted: bool,
    },
    RiskReviewOverdue {
        review_date: Date,
    },
    RiskTargetMissed {
        target_date: Date,
        residual: i64,
        target: i64,
    },
    RiskResidualAboveInherent {
        residual: i64,
        inherent: i64,
    },
    RiskAcceptanceExpired {
        expires: Date,
    },
    RiskAcceptanceOutdated {
        accepted_score: i64,
        residual: i64,
    },
    ReviewDecisionOverdue {
        due: Date,
    },
    RiskActionOverdue {
        due: Date,
    },
    RefUnknown {
        #[serde(rename = "ref")]
        reference: Arc<str>,
        /// The field holding the reference.
        field: RefField,
    },
    /// Boxed: rare, and the largest, it would make every finding larger.
    ScaleOutOfRange(Box<LevelOutOfRange>),
}

/// The named fields of a `SCALE_OUT_OF_RANGE` finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelOutOfRange {
    #[serde(rename = "where")]
    pub location: RatingPlace,
    pub axis: Axis,
    pub level: i64,
    pub max: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
}

/// The field of an item that holds a reference (`REF_UNKNOWN`'s `field`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefField {
    /// A node's `depends_on` (plain or an `any_of` member).
    DependsOn,
    /// A risk's `services`.
    Services,
    /// An agreement's `service`.
    Service,
    /// A supplier contract's or OLA's `party`.
    Party,
    /// A risk action's `control`.
    Control,
    /// A scenario's `fails`.
    Fails,
    /// An exercise result's `node`.
    Node,
    /// An exercise's `scenario`.
    Scenario,
}

impl RefField {
    /// The field's name in the file.
    pub fn key(self) -> &'static str {
        match self {
            RefField::DependsOn => "depends_on",
            RefField::Services => "services",
            RefField::Service => "service",
            RefField::Party => "party",
            RefField::Control => "control",
            RefField::Fails => "fails",
            RefField::Node => "node",
            RefField::Scenario => "scenario",
        }
    }

    /// What the reference should name.
    fn names(self) -> &'static str {
        match self {
            RefField::Party => "supplier",
            RefField::Control => "control of the same risk",
            RefField::Scenario => "scenario",
            RefField::Fails | RefField::Node | RefField::DependsOn | RefField::Services | RefField::Service => {
                "service"
            }
        }
    }
}

/// The named fields of a response or resolution misalignment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimingGap {
    pub priority: Arc<str>,
    pub late_hours: f64,
    pub customer_target: f64,
    pub underpinning_target: f64,
    /// The first minute of the week (Monday 00:00 = 0) at which the worst lateness occurs.
    pub worst_start_minute: i64,
    /// For an incident raised then: the customer's and the underpinning deadline, in
    /// minutes from the same Monday 00:00.
    pub customer_due_minute: i64,
    pub underpinning_due_minute: i64,
}

impl FindingKind {
    /// The finding code, as in the spec (`BIA_RTO_BREACH`, …).
    pub fn code(&self) -> &'static str {
        match self {
            FindingKind::BiaRtoBreach { .. } => "BIA_RTO_BREACH",
            FindingKind::BiaRtoInversion { .. } => "BIA_RTO_INVERSION",
            FindingKind::BiaRtoExceedsMtpd { .. } => "BIA_RTO_EXCEEDS_MTPD",
            FindingKind::BiaCycle {} => "BIA_CYCLE",
            FindingKind::BiaExerciseRtoMissed { .. } => "BIA_EXERCISE_RTO_MISSED",
            FindingKind::BiaExerciseSlowerThanPlan { .. } => "BIA_EXERCISE_SLOWER_THAN_PLAN",
            FindingKind::BiaNotExercised { .. } => "BIA_NOT_EXERCISED",
            FindingKind::SlaResponseMisaligned(_) => "SLA_RESPONSE_MISALIGNED",
            FindingKind::SlaResolutionMisaligned(_) => "SLA_RESOLUTION_MISALIGNED",
            FindingKind::SlaPriorityUncovered { .. } => "SLA_PRIORITY_UNCOVERED",
            FindingKind::SlaRtoMisaligned { .. } => "SLA_RTO_MISALIGNED",
            FindingKind::SlaRpoMisaligned { .. } => "SLA_RPO_MISALIGNED",
            FindingKind::SlaAvailabilityShortfall { .. } => "SLA_AVAILABILITY_SHORTFALL",
            FindingKind::SlaTermGap { .. } => "SLA_TERM_GAP",
            FindingKind::SlaNoUnderpinning {} => "SLA_NO_UNDERPINNING",
            FindingKind::RiskAboveAppetite { .. } => "RISK_ABOVE_APPETITE",
            FindingKind::RiskReviewOverdue { .. } => "RISK_REVIEW_OVERDUE",
            FindingKind::RiskTargetMissed { .. } => "RISK_TARGET_MISSED",
            FindingKind::RiskResidualAboveInherent { .. } => "RISK_RESIDUAL_ABOVE_INHERENT",
            FindingKind::RiskAcceptanceExpired { .. } => "RISK_ACCEPTANCE_EXPIRED",
            FindingKind::RiskAcceptanceOutdated { .. } => "RISK_ACCEPTANCE_OUTDATED",
            FindingKind::RiskActionOverdue { .. } => "RISK_ACTION_OVERDUE",
            FindingKind::ReviewDecisionOverdue { .. } => "REVIEW_DECISION_OVERDUE",
            FindingKind::RefUnknown { .. } => "REF_UNKNOWN",
            FindingKind::ScaleOutOfRange(_) => "SCALE_OUT_OF_RANGE",
        }
    }

    pub fn area(&self) -> Area {
        match self {
            FindingKind::RefUnknown { .. } | FindingKind::ScaleOutOfRange(_) => Area::Register,
            FindingKind::RiskAboveAppetite { .. }
            | FindingKind::RiskReviewOverdue { .. }
            | FindingKind::RiskTargetMissed { .. }
            | FindingKind::RiskResidualAboveInherent { .. }
            | FindingKind::RiskAcceptanceExpired { .. }
            | FindingKind::RiskAcceptanceOutdated { .. }
            | FindingKind::RiskActionOverdue { .. } => Area::Risks,
            FindingKind::BiaRtoBreach { .. }
            | FindingKind::BiaRtoInversion { .. }
            | FindingKind::BiaRtoExceedsMtpd { .. }
            | FindingKind::BiaCycle {}
            | FindingKind::BiaExerciseRtoMissed { .. }
            | FindingKind::BiaExerciseSlowerThanPlan { .. }
            | FindingKind::BiaNotExercised { .. } => Area::Continuity,
            FindingKind::SlaResponseMisaligned(_)
            | FindingKind::SlaResolutionMisaligned(_)
            | FindingKind::SlaPriorityUncovered { .. }
            | FindingKind::SlaRtoMisaligned { .. }
            | FindingKind::SlaRpoMisaligned { .. }
            | FindingKind::SlaAvailabilityShortfall { .. }
            | FindingKind::SlaTermGap { .. }
            | FindingKind::SlaNoUnderpinning {} => Area::Sla,
            FindingKind::ReviewDecisionOverdue { .. } => Area::Reviews,
        }
    }

    /// The severity settled in SPEC §8.
    pub fn severity(&self) -> Severity {
        match self {
            FindingKind::RefUnknown { .. } | FindingKind::ScaleOutOfRange(_) | FindingKind::BiaCycle {} => {
                Severity::Error
            }
            FindingKind::RiskAboveAppetite { accepted: true, .. } => Severity::Info,
            FindingKind::BiaExerciseSlowerThanPlan { .. } | FindingKind::BiaNotExercised { .. } => Severity::Info,
            FindingKind::RiskAboveAppetite { .. }
            | FindingKind::RiskReviewOverdue { .. }
            | FindingKind::RiskTargetMissed { .. }
            | FindingKind::RiskResidualAboveInherent { .. }
            | FindingKind::RiskAcceptanceExpired { .. }
            | FindingKind::RiskAcceptanceOutdated { .. }
            | FindingKind::RiskActionOverdue { .. }
            | FindingKind::ReviewDecisionOverdue { .. }
            | FindingKind::BiaRtoBreach { .. }
            | FindingKind::BiaRtoInversion { .. }
            | FindingKind::BiaRtoExceedsMtpd { .. }
            | FindingKind::BiaExerciseRtoMissed { .. }
            | FindingKind::SlaResponseMisaligned(_)
            | FindingKind::SlaResolutionMisaligned(_)
            | FindingKind::SlaPriorityUncovered { .. }
            | FindingKind::SlaRtoMisaligned { .. }
            | FindingKind::SlaRpoMisaligned { .. }
            | FindingKind::SlaAvailabilityShortfall { .. }
            | FindingKind::SlaTermGap { .. }
            | FindingKind::SlaNoUnderpinning {} => Severity::Warning,
        }
    }
}

/// Where a level that is outside its scale was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatingPlace {
    Inherent,
    Residual,
    Target,
    /// The risk's `history` entry with this index (from 0).
    History(u32),
    /// A rating of a service's impact over time.
    Impact,
}

impl fmt::Display for RatingPlace {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            RatingPlace::Inherent => f.write_str("inherent"),
            RatingPlace::Residual => f.write_str("residual"),
            RatingPlace::Target => f.write_str("target"),
            RatingPlace::History(k) => write!(f, "history[{k}]"),
            RatingPlace::Impact => f.write_str("impact"),
        }
    }
}

impl Serialize for RatingPlace {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// An item a finding names: a position in one of the register's lists, or the
/// id that names nothing of a `REF_UNKNOWN`. Positions keep findings small and
/// cheap to make; [`Finding::subject_ids`] turns them into ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Risk(u32),
    /// An action (second number) of a risk (first).
    Action(u32, u32),
    Scenario(u32),
    Exercise(u32),
    Service(u32),
    Agreement(u32),
    Review(u32),
    /// A decision (second number) of a review (first).
    Decision(u32, u32),
    /// The unknown reference of a `REF_UNKNOWN` finding.
    UnknownRef,
}

impl Subject {
    pub fn risk(i: usize) -> Self {
        Subject::Risk(i as u32)
    }
    pub fn action(risk: usize, action: usize) -> Self {
        Subject::Action(risk as u32, action as u32)
    }
    pub fn service(i: usize) -> Self {
        Subject::Service(i as u32)
    }
    pub fn agreement(i: usize) -> Self {
        Subject::Agreement(i as u32)
    }
}

/// The items a finding names, most specific first: one or two kept in the
/// finding itself, more (a cycle's nodes, a node's alternatives) on the heap.
/// A register's analysis writes hundreds of thousands of findings, so their
/// size counts: with this a finding is 56 bytes (a `SmallVec` made it 80).
#[derive(Clone, PartialEq, Eq)]
pub struct Subjects(Kept);

#[derive(Clone, PartialEq, Eq)]
enum Kept {
    One([Subject; 1]),
    Two([Subject; 2]),
    Many(Box<[Subject]>),
}

impl Subjects {
    pub fn one(subject: Subject) -> Self {
        Subjects(Kept::One([subject]))
    }
    pub fn two(first: Subject, second: Subject) -> Self {
        Subjects(Kept::Two([first, second]))
    }
}

impl std::ops::Deref for Subjects {
    type Target = [Subject];
    fn deref(&self) -> &[Subject] {
        match &self.0 {
            Kept::One(s) => s,
            Kept::Two(s) => s,
            Kept::Many(s) => s,
        }
    }
}

impl std::ops::DerefMut for Subjects {
    fn deref_mut(&mut self) -> &mut [Subject] {
        match &mut self.0 {
            Kept::One(s) => s,
            Kept::Two(s) => s,
            Kept::Many(s) => s,
        }
    }
}

impl FromIterator<Subject> for Subjects {
    fn from_iter<I: IntoIterator<Item = Subject>>(items: I) -> Self {
        let all: Vec<Subject> = items.into_iter().collect();
        match all[..] {
            [one] => Subjects::one(one),
            [first, second] => Subjects::two(first, second),
            _ => Subjects(Kept::Many(all.into())),
        }
    }
}

impl fmt::Debug for Subjects {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

// Kept from growing unnoticed: every finding of a large register is this size.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Finding>() == 56);

/// One problem found in a register.
///
/// A finding names its subjects by position in the register it was found in; use
/// [`Finding::subject_ids`], [`Finding::message`] and [`Finding::report`] with that
/// register.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: FindingKind,
    /// The items concerned, most specific first (SPEC §8 table).
    pub subjects: Subjects,
}

impl Finding {
    pub fn new(kind: FindingKind, subjects: Subjects) -> Self {
        Finding { kind, subjects }
    }

    /// The severity settled in SPEC §8, which follows from the kind (and, above
    /// appetite, from whether the risk is accepted).
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// Whether the finding is about the risk at `i` (it names the risk or one
    /// of its actions first): one of the findings of that risk alone.
    pub fn is_about_risk(&self, i: usize) -> bool {
        self.risk() == Some(i)
    }

    /// The position of the risk the finding is about (it names the risk or one
    /// of its actions first), if it is about one.
    pub fn risk(&self) -> Option<usize> {
        match self.subjects.first() {
            Some(Subject::Risk(k) | Subject::Action(k, _)) => Some(*k as usize),
            _ => None,
        }
    }

    /// The ids of the subjects.
    pub fn subject_ids<'a>(&'a self, register: &'a Register) -> Vec<&'a str> {
        self.subjects.iter().map(|s| self.subject_id(*s, register)).collect()
    }

    fn subject_id<'a>(&'a self, subject: Subject, register: &'a Register) -> &'a str {
        let id = match subject {
            Subject::Risk(i) => register.risks.get(i as usize).map(|r| r.id.as_str()),
            Subject::Action(i, k) => {
                register.risks.get(i as usize).and_then(|r| r.actions.get(k as usize)).map(|a| a.id.as_str())
            }
            Subject::Service(i) => register.services.get(i as usize).map(|s| s.id.as_str()),
            Subject::Scenario(i) => register.scenarios.get(i as usize).map(|s| s.id.as_str()),
            Subject::Exercise(i) => register.exercises.get(i as usize).map(|e| e.id.as_str()),
            Subject::Agreement(i) => register.agreements.get(i as usize).map(|a| a.id.as_str()),
            Subject::Review(i) => register.reviews.get(i as usize).map(|r| r.id.as_str()),
            Subject::Decision(i, k) => {
                register.reviews.get(i as usize).and_then(|r| r.decisions.get(k as usize)).map(|d| d.id.as_str())
            }
            Subject::UnknownRef => match &self.kind {
                FindingKind::RefUnknown { reference, .. } => Some(&**reference),
                _ => None,
            },
        };
        id.unwrap_or("?")
    }

    /// One sentence for a person, with the numbers in it.
    pub fn message(&self, register: &Register) -> String {
        self.report(register).to_string()
    }

    /// The finding with its register: displays as its sentence, serializes as
    /// `{"code", named fields…, "severity", "subjects", "message"}`.
    pub fn report<'a>(&'a self, register: &'a Register) -> FindingReport<'a> {
        FindingReport { finding: self, register }
    }
}

/// A finding together with the register it was found in.
#[derive(Clone, Copy)]
pub struct FindingReport<'a> {
    finding: &'a Finding,
    register: &'a Register,
}

impl Serialize for FindingReport<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// The message, written as it is made (no string per finding).
        struct Message<'a>(FindingReport<'a>);
        impl Serialize for Message<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&self.0)
            }
        }
        #[derive(Serialize)]
        struct Out<'a> {
            #[serde(flatten)]
            kind: &'a FindingKind,
            severity: Severity,
            subjects: Vec<&'a str>,
            message: Message<'a>,
        }
        let f = self.finding;
        Out { kind: &f.kind, severity: f.severity(), subjects: f.subject_ids(self.register), message: Message(*self) }
            .serialize(s)
    }
}

impl fmt::Display for FindingReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let finding = self.finding;
        let ids = finding.subject_ids(self.register);
        // Ids from the file are fenced in: none can reorder the sentence around it.
        let (a, b) = (isolate(ids.first().copied().unwrap_or("")), isolate(ids.get(1).copied().unwrap_or("")));
        match &finding.kind {
            FindingKind::BiaRtoBreach { rto, finish, late_hours } => write!(
                f,
                "{a} is recovered at {}, {} past its RTO of {}",
                fmt_hours(*finish),
                fmt_hours(*late_hours),
                fmt_hours(*rto)
            ),
            FindingKind::BiaRtoInversion { rto, dependency_rto } if ids.len() > 2 => write!(
                f,
                "{a} has an RTO of {} but every alternative it can use ({}) has a longer RTO, the shortest {}",
                fmt_hours(*rto),
                ids[1..].join(", "),
                fmt_hours(*dependency_rto)
            ),
            FindingKind::BiaRtoInversion { rto, dependency_rto } => write!(
                f,
                "{a} has an RTO of {} but needs {b}, whose RTO is {}",
                fmt_hours(*rto),
                fmt_hours(*dependency_rto)
            ),
            FindingKind::BiaRtoExceedsMtpd { rto, mtpd } => write!(
                f,
                "{a}: RTO {} is longer than the maximum tolerable period of disruption ({})",
                fmt_hours(*rto),
                fmt_hours(*mtpd)
            ),
            FindingKind::BiaCycle {} => write!(
                f,
                "dependency cycle: {} need each other, so none of them (nor anything that needs them) can be scheduled",
                ids.join(", ")
            ),
            FindingKind::BiaExerciseRtoMissed { recovered, rto } => write!(
                f,
                "{a}: {b} came back after {}, past its RTO of {}",
                fmt_hours(*recovered),
                fmt_hours(*rto)
            ),
            FindingKind::BiaExerciseSlowerThanPlan { recovered, planned } => write!(
                f,
                "{a}: {b} came back after {}, later than the plan's {}",
                fmt_hours(*recovered),
                fmt_hours(*planned)
            ),
            FindingKind::BiaNotExercised { last: Some(last) } => {
                write!(f, "{a} has an RTO but no exercise in the last 365 days has tested it (last on {last})")
            }
            FindingKind::BiaNotExercised { last: None } => {
                write!(f, "{a} has an RTO but no exercise has ever tested it")
            }
            FindingKind::SlaResponseMisaligned(g) => write_timing(f, &a, &b, "response", g),
            FindingKind::SlaResolutionMisaligned(g) => write_timing(f, &a, &b, "resolution", g),
            FindingKind::SlaPriorityUncovered { priority } => {
                write!(f, "{b} has no target for priority \"{}\", which {a} promises", isolate(priority))
            }
            FindingKind::SlaRtoMisaligned { customer, underpinning } => write!(
                f,
                "{a} promises an RTO of {} but {b} only commits to {}",
                fmt_hours(*customer),
                fmt_hours(*underpinning)
            ),
            FindingKind::SlaRpoMisaligned { customer, underpinning } => write!(
                f,
                "{a} promises an RPO of {} but {b} only commits to {}",
                fmt_hours(*customer),
                fmt_hours(*underpinning)
            ),
            FindingKind::SlaAvailabilityShortfall { composed, committed } => write!(
                f,
                "{a} commits to {} availability but {b} can at best deliver {} from what it depends on",
                fmt_percent(*committed),
                fmt_percent(*composed)
            ),
            FindingKind::SlaTermGap { end, ended: true, .. } => {
                write!(f, "{a}: underpinning term gap: {b} ended on {end}")
            }
            FindingKind::SlaTermGap { end, customer_end: None, .. } => {
                write!(f, "{a}: underpinning term gap: {b} ends on {end} but {a} has no end date")
            }
            FindingKind::SlaTermGap { end, customer_end: Some(ce), .. } => {
                write!(f, "{a}: underpinning term gap: {b} ends on {end}, before {a} ends on {ce}")
            }
            FindingKind::SlaNoUnderpinning {} => {
                write!(f, "{a}: supplier service {b} has no supplier contract or OLA behind it")
            }
            FindingKind::RiskAboveAppetite { score, appetite, accepted: true } => {
                write!(f, "{a}: residual score {score} is above the appetite of {appetite} (formally accepted)")
            }
            FindingKind::RiskAboveAppetite { score, appetite, accepted: false } => write!(
                f,
                "{a}: residual score {score} is above the appetite of {appetite}; treat it or record a formal acceptance"
            ),
            FindingKind::RiskReviewOverdue { review_date } => write!(f, "{a}: review was due on {review_date}"),
            FindingKind::RiskTargetMissed { target_date, residual, target } if residual < target => write!(
                f,
                "{a}: opportunity's target score {target} was due by {target_date}; the residual score is only {residual}"
            ),
            FindingKind::RiskTargetMissed { target_date, residual, target } => {
                write!(f, "{a}: target score {target} was due by {target_date}; the residual score is still {residual}")
            }
            FindingKind::RiskAcceptanceExpired { expires } => write!(
                f,
                "{a}: the acceptance of its residual risk expired on {expires}; renew it or treat the risk"
            ),
            FindingKind::RiskAcceptanceOutdated { accepted_score, residual } => write!(
                f,
                "{a}: a residual score of {accepted_score} was accepted, but it is now {residual}; accept it again or treat the risk"
            ),
            FindingKind::RiskActionOverdue { due } => write!(f, "{a}: action {b} was due on {due} and is not done"),
            FindingKind::ReviewDecisionOverdue { due } => {
                write!(f, "{a}: decision {b} was due on {due} and is not done")
            }
            FindingKind::RiskResidualAboveInherent { residual, inherent } => write!(
                f,
                "{a}: residual score {residual} is above the inherent score {inherent}; controls should not raise a risk"
            ),
            FindingKind::RefUnknown { reference, field } => write!(
                f,
                "{a}: {} names \"{}\", which is not a {} in this register",
                field.key(),
                isolate(reference),
                field.names()
            ),
            FindingKind::ScaleOutOfRange(out) => {
                let LevelOutOfRange { location, axis, level, max, hours } = &**out;
                write!(f, "{a}: {location} {axis} level {level} ")?;
                if let Some(h) = hours {
                    write!(f, "(at {}) ", fmt_hours(*h))?;
                }
                write!(f, "is outside the {axis} scale (1 to {max})")
            }
        }
    }
}

fn write_timing(f: &mut fmt::Formatter, sla: &str, u: &str, word: &str, g: &TimingGap) -> fmt::Result {
    write!(
        f,
        "{sla} priority {}: {u} {word} ({}) can end {} after {sla}'s ({}); worst for an incident raised {}: \
         customer due {}, {u} due {}",
        isolate(&g.priority),
        fmt_hours(g.underpinning_target),
        fmt_hours(g.late_hours),
        fmt_hours(g.customer_target),
        minute_label(g.worst_start_minute),
        minute_label(g.customer_due_minute),
        minute_label(g.underpinning_due_minute)
    )
}

/// Hours for a message: `4 h`, `1.5 h`, `0.25 h`.
pub fn fmt_hours(h: f64) -> impl fmt::Display {
    struct H(f64);
    impl fmt::Display for H {
        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
            let rounded = (self.0 * 1000.0).round() / 1000.0;
            write!(f, "{rounded} h")
        }
    }
    H(h)
}

/// A percentage for a message, with as many decimals as it needs (up to 4).
pub fn fmt_percent(p: f64) -> impl fmt::Display {
    struct P(f64);
    impl fmt::Display for P {
        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
            let rounded = (self.0 * 10_000.0).round() / 10_000.0;
            write!(f, "{rounded}%")
        }
    }
    P(p)
}

/// Equality of computed figures within 1e-9 (relative), so that binary rounding
/// alone never makes a breach, lateness or shortfall (SPEC §8 "Numbers").
pub fn approx_eq(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// `a > b`, and not merely by binary rounding.
pub fn clearly_greater(a: f64, b: f64) -> bool {
    a > b && !approx_eq(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Threshold;
    use serde_json::json;

    #[test]
    fn findings_serialize_with_code_and_named_fields() {
        let mut r = Register::new("t");
        r.services.push(crate::model::Service::new(crate::model::Id::new("web").unwrap(), "Web"));
        let f = Finding::new(
            FindingKind::BiaRtoBreach { rto: 4.0, finish: 6.5, late_hours: 2.5 },
            Subjects::one(Subject::Service(0)),
        );
        let v = serde_json::to_value(f.report(&r)).unwrap();
        assert_eq!(v["code"], "BIA_RTO_BREACH");
        assert_eq!(v["severity"], "warning");
        assert_eq!(v["late_hours"], 2.5);
        assert_eq!(v["subjects"][0], "web");
        assert_eq!(v["message"], "web is recovered at 6.5 h, 2.5 h past its RTO of 4 h");
    }

    /// A register of one risk, `a`.
    fn risk_a() -> Register {
        let mut r = Register::new("t");
        r.risks.push(crate::model::Risk::new(
            crate::model::Id::new("a").unwrap(),
            "A",
            crate::model::Rating::new(4, 4),
        ));
        r
    }

    #[test]
    fn reserved_word_fields_keep_their_spec_names() {
        let r = risk_a();
        let f = Finding::new(
            FindingKind::RefUnknown { reference: "x".into(), field: RefField::DependsOn },
            Subjects::two(Subject::Risk(0), Subject::UnknownRef),
        );
        let v = serde_json::to_value(f.report(&r)).unwrap();
        assert_eq!(v["subjects"], serde_json::json!(["a", "x"]));
        assert_eq!(v["ref"], "x");
        assert_eq!(v["severity"], "error");
    }

    /// The names of a finding's fields in its report, sorted.
    fn keys(f: &Finding, r: &Register) -> Vec<String> {
        let v = serde_json::to_value(f.report(r)).unwrap();
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    }

    #[test]
    fn what_a_finding_keeps_for_itself_is_not_in_its_report() {
        let r = risk_a();
        let appetite = |accepted| {
            let kind = FindingKind::RiskAboveAppetite { score: 16, appetite: Threshold::whole(6), accepted };
            Finding::new(kind, Subjects::one(Subject::Risk(0)))
        };
        for (accepted, severity) in [(true, "info"), (false, "warning")] {
            let f = appetite(accepted);
            assert_eq!(keys(&f, &r), ["appetite", "code", "message", "score", "severity", "subjects"]);
            assert_eq!(serde_json::to_value(f.report(&r)).unwrap()["severity"], severity);
        }
        let level = |hours| {
            let out = LevelOutOfRange { location: RatingPlace::Residual, axis: Axis::Impact, level: 7, max: 5, hours };
            Finding::new(FindingKind::ScaleOutOfRange(Box::new(out)), Subjects::one(Subject::Risk(0)))
        };
        let scale = ["axis", "code", "level", "max", "message", "severity", "subjects", "where"];
        assert_eq!(keys(&level(None), &r), scale);
        let v = serde_json::to_value(level(Some(24.0)).report(&r)).unwrap();
        assert_eq!(
            (&v["where"], &v["hours"], &v["code"]),
            (&json!("residual"), &json!(24.0), &json!("SCALE_OUT_OF_RANGE"))
        );
        assert_eq!(v["message"], "a: residual impact level 7 (at 24 h) is outside the impact scale (1 to 5)");
    }

    #[test]
    fn subjects_keep_one_or_two_inline_and_any_number_in_order() {
        let many: Subjects = (0..5).map(Subject::Service).collect();
        assert_eq!(&many[..], &(0..5).map(Subject::Service).collect::<Vec<_>>()[..]);
        let two: Subjects = [Subject::Risk(1), Subject::Action(1, 0)].into_iter().collect();
        assert_eq!(two, Subjects::two(Subject::Risk(1), Subject::Action(1, 0)));
        let mut one: Subjects = std::iter::once(Subject::Risk(3)).collect();
        assert_eq!(one, Subjects::one(Subject::Risk(3)));
        one[0] = Subject::Risk(2);
        assert_eq!((one.len(), one.first()), (1, Some(&Subject::Risk(2))));
        assert_eq!(format!("{two:?}"), "[Risk(1), Action(1, 0)]");
    }

    #[test]
    fn rounding_noise_is_not_a_difference() {
        assert!(approx_eq(0.1 + 0.2, 0.3));
        assert!(!clearly_greater(0.1 + 0.2, 0.3));
        assert!(clearly_greater(0.31, 0.3));
    }

    #[test]
    fn hours_print_without_noise() {
        assert_eq!(fmt_hours(64.0).to_string(), "64 h");
        assert_eq!(fmt_hours(0.1 + 0.2).to_string(), "0.3 h");
    }
}
