//! The risk editor's form: every field of SPEC §3 as typed, checked into a
//! [`Risk`]. Plain Rust, so the checks are tested natively; a form that does not
//! check cannot be saved, so nothing invalid reaches the register.

use std::collections::HashSet;

use rampart_core::findings::Finding;
use rampart_core::model::{
    Axis, Control, ControlStatus, Date, Extras, Id, Level, Rating, Register, Risk, RiskKind, RiskStatus, Treatment,
};
use rampart_core::scoring::{rate, RiskRating, ScaleSet};

use crate::app::form_values::{kept_required, kept_text};

mod acceptance;
mod action;
pub use acceptance::{
    acceptance_days, acceptance_days_of, ACCEPTANCE_DAYS_KEY, DEFAULT_ACCEPTANCE_DAYS, MAX_ACCEPTANCE_DAYS,
};
pub use action::ActionForm;
use rampart_core::lifecycle::record_accepted_score;

/// A control as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ControlForm {
    pub id: String,
    pub name: String,
    /// `impact` or `likelihood`.
    pub reduces: String,
    pub by: String,
    /// `implemented` or `planned`.
    pub status: String,
    /// The control this row was opened from: what the user leaves is kept as it was.
    original: Option<Control>,
}

/// An impact and likelihood level as chosen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LevelsForm {
    pub impact: String,
    pub likelihood: String,
}

/// The risk as typed. Text fields hold what the inputs hold; empty means absent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RiskForm {
    pub id: String,
    pub title: String,
    /// A `RiskKind` key.
    pub kind: String,
    pub description: String,
    pub category: String,
    pub subcategory: String,
    pub owner: String,
    pub trigger: String,
    pub impact_description: String,
    pub mitigation: String,
    /// `YYYY-MM-DD`, as date inputs give them.
    pub identified: String,
    pub review_date: String,
    pub target_date: String,
    /// `new`, `open` or `closed`.
    pub status: String,
    /// Empty, or a `Treatment` key that fits the kind.
    pub treatment: String,
    pub accepted_by: String,
    pub accepted_on: String,
    /// The last day the acceptance holds (`acceptance.expires`), or empty.
    pub accepted_until: String,
    pub inherent: LevelsForm,
    /// `None`: derived from the controls.
    pub residual: Option<LevelsForm>,
    pub target: Option<LevelsForm>,
    pub controls: Vec<ControlForm>,
    pub actions: Vec<ActionForm>,
    /// Service ids, separated by commas.
    pub services: String,
    /// What the risk looked like when the form was opened: its history and unknown
    /// fields are kept.
    base: Option<Risk>,
    /// The id of the risk being edited; `None` for a new risk or a copy.
    editing: Option<Id>,
}

/// The input a problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Title,
    Identified,
    ReviewDate,
    TargetDate,
    Treatment,
    Acceptance,
    Inherent,
    Residual,
    Target,
    Services,
    ControlId(usize),
    ControlBy(usize),
    ActionId(usize),
    ActionTitle(usize),
    ActionDue(usize),
    ActionControl(usize),
}

/// Why the risk cannot be saved yet, at one input.
pub type Problem = crate::app::form_kit::Problem<Field>;

/// What the rest of the register says about a risk being edited.
pub struct Context<'a> {
    /// Every id in the register except the edited risk's own and its controls'.
    pub taken: &'a HashSet<Id>,
    pub register: &'a Register,
}

impl<'a> Context<'a> {
    /// Every id of `register` except those of `editing` (the risk being edited).
    pub fn taken_ids(register: &Register, editing: Option<&Risk>) -> HashSet<Id> {
        let own: HashSet<&Id> = editing.map(|r| r.ids().collect()).unwrap_or_default();
        register.ids().filter(|id| !own.contains(id)).cloned().collect()
    }
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn date_text(value: Option<Date>) -> String {
    value.map(|d| d.to_string()).unwrap_or_default()
}

fn levels(r: &Rating) -> LevelsForm {
    LevelsForm { impact: r.impact.0.to_string(), likelihood: r.likelihood.0.to_string() }
}

impl RiskForm {
    /// A blank risk with the given id, identified today, rated at the middle of the scales.
    pub fn blank(id: String, today: Date, scales: &ScaleSet) -> Self {
        let middle = |axis| ((scales.levels(axis) + 1) / 2).to_string();
        RiskForm {
            id,
            kind: RiskKind::Threat.key().into(),
            identified: today.to_string(),
            status: RiskStatus::New.key().into(),
            inherent: LevelsForm { impact: middle(Axis::Impact), likelihood: middle(Axis::Likelihood) },
            ..RiskForm::default()
        }
    }

    pub fn from_risk(risk: &Risk) -> Self {
        RiskForm {
            id: risk.id.to_string(),
            title: risk.title.clone(),
            kind: risk.kind().key().into(),
            description: text(&risk.description),
            category: text(&risk.category),
            subcategory: text(&risk.subcategory),
            owner: text(&risk.owner),
            trigger: text(&risk.trigger),
            impact_description: text(&risk.impact_description),
            mitigation: text(&risk.mitigation),
            identified: date_text(risk.identified),
            review_date: date_text(risk.review_date),
            target_date: date_text(risk.target_date),
            status: risk.status().key().into(),
            treatment: risk.treatment.map_or("", Treatment::key).into(),
            accepted_by: risk.acceptance.as_ref().map_or(String::new(), |a| a.by.clone()),
            accepted_on: date_text(risk.acceptance.as_ref().map(|a| a.date)),
            accepted_until: date_text(risk.acceptance.as_ref().and_then(|a| a.expires)),
            inherent: levels(&risk.inherent),
            residual: risk.residual.as_ref().map(levels),
            target: risk.target.as_ref().map(levels),
            controls: risk
                .controls
                .iter()
                .map(|c| ControlForm {
                    id: c.id.to_string(),
                    name: text(&c.name),
                    reduces: c.reduces.key().into(),
                    by: c.by.to_string(),
                    status: c.status.key().into(),
                    original: Some(c.clone()),
                })
                .collect(),
            actions: risk.actions.iter().map(|a| ActionForm::from_action(a, &risk.controls)).collect(),
            services: risk.services.join(", "),
            base: Some(risk.clone()),
            editing: Some(risk.id.clone()),
        }
    }

    /// A copy of `risk` under a new id: a new risk, so no history and no acceptance
    /// (acceptance is of one risk's residual, by someone, on a date). Controls and
    /// actions get new ids; each action still names its control (by row).
    pub fn duplicate_of(risk: &Risk, id: String) -> Self {
        let mut form = RiskForm::from_risk(&Risk { history: Vec::new(), acceptance: None, ..risk.clone() });
        form.title = format!("{} (copy)", risk.title);
        for (k, c) in form.controls.iter_mut().enumerate() {
            c.id = format!("{id}-C{}", k + 1);
        }
        for (k, a) in form.actions.iter_mut().enumerate() {
            a.id = format!("{id}-A{}", k + 1);
        }
        form.id = id;
        form.editing = None;
        form
    }

    /// The id of the risk this form edits; `None` for a new risk.
    pub fn editing(&self) -> Option<&Id> {
        self.editing.as_ref()
    }

    /// A control row with a fresh id.
    pub fn add_control(&mut self) {
        let base = self.id.trim();
        let id = (1..).map(|k| format!("{base}-C{k}")).find(|id| self.controls.iter().all(|c| &c.id != id));
        self.controls.push(ControlForm {
            id: id.unwrap_or_default(),
            reduces: "likelihood".into(),
            by: "1".into(),
            status: "planned".into(),
            ..ControlForm::default()
        });
    }

    pub fn kind(&self) -> RiskKind {
        RiskKind::from_key(&self.kind).unwrap_or_default()
    }

    /// What the form warns of without refusing the save.
    pub fn warnings(&self) -> Vec<Problem> {
        self.actions.iter().enumerate().filter_map(|(k, a)| a.warning(k)).collect()
    }

    /// Removes control row `k`; an action that put it in place keeps its id as
    /// one that names no control (shown, for the user to choose again).
    pub fn remove_control(&mut self, k: usize) {
        if k >= self.controls.len() {
            return;
        }
        let removed = self.controls.remove(k);
        for a in &mut self.actions {
            match a.control_row {
                Some(row) if row == k => (a.control_row, a.control_text) = (None, removed.id.trim().to_string()),
                Some(row) if row > k => a.control_row = Some(row - 1),
                _ => {}
            }
        }
    }

    /// An action row with a fresh id.
    pub fn add_action(&mut self) {
        let base = self.id.trim();
        let id = (1..).map(|k| format!("{base}-A{k}")).find(|id| self.actions.iter().all(|a| &a.id != id));
        self.actions.push(ActionForm::new(id.unwrap_or_default()));
    }

    /// A threat or an opportunity (a `RiskKind` key); a treatment of the other
    /// kind is cleared (`accept` fits both).
    pub fn set_kind(&mut self, kind: String) {
        let fits = RiskKind::from_key(&kind)
            .zip(Treatment::from_key(&self.treatment))
            .is_some_and(|(k, t)| Treatment::of(k).contains(&t));
        if !fits {
            self.treatment.clear();
        }
        self.kind = kind;
    }

    /// The risk, or every problem that stops it being saved.
    pub fn check(&self, cx: &Context) -> Result<Risk, Vec<Problem>> {
        let mut problems = Problems::default();
        let id = match crate::app::form_values::free_id(&self.id, |id| cx.taken.contains(id)) {
            Ok(id) => Some(id),
            Err(why) => problems.at(Field::Id, why),
        };
        if self.title.trim().is_empty() {
            problems.at::<()>(Field::Title, "Give the risk a title".into());
        }
        let identified = problems.date(Field::Identified, &self.identified, "Identified");
        let review_date = problems.date(Field::ReviewDate, &self.review_date, "Review date");
        let target_date = problems.date(Field::TargetDate, &self.target_date, "Target date");
        let base = self.base.as_ref();
        let kind = RiskKind::from_key(&self.kind).unwrap_or_default();
        // An opportunity is not accepted (its acceptance, from a file, is kept as it is).
        let acceptance = match kind {
            RiskKind::Threat => self.acceptance(&mut problems),
            RiskKind::Opportunity => base.and_then(|b| b.acceptance.clone()),
        };
        let treatment = Treatment::from_key(&self.treatment);
        if let Some(t) = treatment.filter(|t| !Treatment::of(kind).contains(t)) {
            problems
                .at::<()>(Field::Treatment, format!("\"{}\" is not a treatment of {}", t.label(), kind.with_article()));
        }
        let inherent = problems.rating(Field::Inherent, &self.inherent, "Inherent rating");
        let residual = self.residual.as_ref().map(|r| problems.rating(Field::Residual, r, "Residual rating"));
        let target = self.target.as_ref().map(|r| problems.rating(Field::Target, r, "Target rating"));

        let mut controls = Vec::with_capacity(self.controls.len());
        for (k, c) in self.controls.iter().enumerate() {
            let field = Field::ControlId(k);
            let cid = match Id::new(c.id.trim()) {
                Ok(cid) if cx.taken.contains(&cid) || Some(&cid) == id.as_ref() => {
                    problems.at(field, format!("Control {}: \"{cid}\" is already used in this register", k + 1))
                }
                Ok(cid) if self.controls[..k].iter().any(|o| o.id.trim() == cid.as_str()) => problems
                    .at(field, format!("Control {}: \"{cid}\" is the id of another control of this risk", k + 1)),
                Ok(cid) => Some(cid),
                Err(why) => problems.at(field, format!("Control {}: {why}", k + 1)),
            };
            let by = match c.by.trim().parse::<i64>() {
                Ok(by) if by >= 1 => Some(by),
                _ => problems.at(
                    Field::ControlBy(k),
                    format!("Control {}: it lowers its axis by a whole number of levels, 1 or more", k + 1),
                ),
            };
            let reduces = Axis::from_key(&c.reduces).unwrap_or(Axis::Likelihood);
            let status = ControlStatus::from_key(&c.status).unwrap_or(ControlStatus::Planned);
            if let (Some(id), Some(by)) = (cid, by) {
                let original = c.original.as_ref();
                let name = kept_text(original.and_then(|o| o.name.as_ref()), &c.name);
                let extra = original.map(|o| o.extra.clone()).unwrap_or_default();
                controls.push(Control { id, name, reduces, by, status, extra });
            }
        }

        let control_ids: Vec<String> = self.controls.iter().map(|c| c.id.trim().to_string()).collect();
        let mut actions = Vec::with_capacity(self.actions.len());
        for (k, a) in self.actions.iter().enumerate() {
            let taken = |aid: &Id| {
                cx.taken.contains(aid)
                    || Some(aid) == id.as_ref()
                    || control_ids.iter().any(|c| c == aid.as_str())
                    || self.actions[..k].iter().any(|o| o.id.trim() == aid.as_str())
            };
            actions.extend(a.check(k, taken, &control_ids, &mut problems));
        }

        let mut services: Vec<String> = Vec::new();
        for s in self.services.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if !cx.register.has_service(s) {
                problems.at::<()>(Field::Services, format!("No service has the id \"{s}\""));
            } else if !services.iter().any(|x| x == s) {
                services.push(s.into());
            }
        }

        let (Some(id), Some(inherent), true) = (id, inherent, problems.0.is_empty()) else { return Err(problems.0) };
        let status = RiskStatus::from_key(&self.status).unwrap_or_default();
        // Text the user did not touch is kept exactly (spaces and line ends included).
        let text =
            |pick: fn(&Risk) -> &Option<String>, typed: &str| kept_text(base.and_then(|b| pick(b).as_ref()), typed);
        let rating = |r: Option<Rating>, pick: fn(&Risk) -> &Option<Rating>| {
            let extra = base.and_then(|b| pick(b).as_ref()).map(|o| o.extra.clone()).unwrap_or_default();
            r.map(|r| Rating { extra, ..r })
        };
        let unchanged_services = base.filter(|b| b.services.join(", ") == self.services);
        let mut risk = Risk {
            id,
            title: kept_required(base.map(|b| &b.title), &self.title),
            // `threat` is the default: written only when the file had it.
            kind: Some(kind).filter(|k| *k != RiskKind::Threat || base.is_some_and(|b| b.kind.is_some())),
            description: text(|r| &r.description, &self.description),
            category: text(|r| &r.category, &self.category),
            subcategory: text(|r| &r.subcategory, &self.subcategory),
            owner: text(|r| &r.owner, &self.owner),
            trigger: text(|r| &r.trigger, &self.trigger),
            impact_description: text(|r| &r.impact_description, &self.impact_description),
            mitigation: text(|r| &r.mitigation, &self.mitigation),
            identified,
            review_date,
            target_date,
            // `open` is the default: written only when the file had it.
            status: Some(status).filter(|s| *s != RiskStatus::Open || base.is_some_and(|b| b.status.is_some())),
            treatment,
            acceptance,
            inherent: Rating { extra: base.map(|b| b.inherent.extra.clone()).unwrap_or_default(), ..inherent },
            controls,
            residual: rating(residual.flatten(), |r| &r.residual),
            target: rating(target.flatten(), |r| &r.target),
            services: unchanged_services.map_or(services, |b| b.services.clone()),
            history: base.map(|b| b.history.clone()).unwrap_or_default(),
            actions,
            extra: base.map(|b| b.extra.clone()).unwrap_or_default(),
        };
        if kind == RiskKind::Threat {
            let before = base.and_then(|b| b.acceptance.as_ref());
            record_accepted_score(&mut risk, before, &ScaleSet::from_register(cx.register.scales.as_ref()));
        }
        Ok(risk)
    }
}

/// The problems found so far; each `at` returns `None` so that a failed value
/// reads as absent.
#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn at<T>(&mut self, field: Field, message: String) -> Option<T> {
        self.0.push(Problem::new(field, message));
        None
    }

    fn date(&mut self, field: Field, value: &str, label: &str) -> Option<Date> {
        crate::app::form_values::date(value, label).map_err(|message| self.at::<()>(field, message)).ok().flatten()
    }

    fn rating(&mut self, field: Field, form: &LevelsForm, label: &str) -> Option<Rating> {
        let level = |v: &str| v.trim().parse::<i64>().ok().filter(|l| *l >= 1);
        match (level(&form.impact), level(&form.likelihood)) {
            (Some(i), Some(l)) => Some(Rating { impact: Level(i), likelihood: Level(l), extra: Extras::default() }),
            _ => self.at(field, format!("{label}: choose an impact and a likelihood")),
        }
    }
}

/// The ratings the controls give, ignoring any explicit residual or target: shown
/// beside explicit ones so that a disagreement is visible.
pub fn derived(risk: &Risk, scales: &ScaleSet) -> RiskRating {
    rate(&Risk { residual: None, target: None, ..risk.clone() }, scales)
}

/// What the analysis would say of this risk alone, with the register it speaks of
/// (the risk at position 0), for showing while the form is being edited.
pub fn live_findings(risk: &Risk, scales: &ScaleSet, today: Date, register: &Register) -> (Register, Vec<Finding>) {
    let findings = rampart_core::risk_findings(risk, scales, today, |id| register.has_service(id));
    let mut alone = Register::new("");
    alone.risks.push(risk.clone());
    (alone, findings)
}

/// The first free id of the form `R-<n>` (n above every number already used that way).
pub fn next_risk_id(register: &Register) -> String {
    let n = register.risks.iter().filter_map(|r| r.id.strip_prefix("R-")?.parse::<u64>().ok()).max().unwrap_or(0);
    format!("R-{:03}", n + 1)
}

#[cfg(test)]
mod tests;
