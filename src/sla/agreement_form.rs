//! The agreements editor's form: every field of a customer SLA, supplier contract
//! or OLA (SPEC §5) as typed, checked into an [`Agreement`]. Support hours are
//! round the clock or a weekly window picked as days, from and to. Plain Rust,
//! tested natively.

use rampart_core::model::{
    Agreement, AgreementKind, ClockTime, Date, Extras, Hours, Id, Percent, Register, SupportHours, Target, Weekday,
    WeeklyHours,
};

use crate::app::form_values::{self, kept_required, kept_text};

/// One priority's targets as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TargetForm {
    pub priority: String,
    pub response: String,
    pub resolution: String,
    extra: Extras,
}

/// The agreement as typed. Text fields hold what the inputs hold; empty means absent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AgreementForm {
    pub id: String,
    pub name: String,
    /// An `AgreementKind` key.
    pub kind: String,
    /// A customer's name, or a supplier's id.
    pub party: String,
    /// A node id.
    pub service: String,
    /// Round the clock; else the weekly window below.
    pub always: bool,
    /// Monday first.
    pub days: [bool; 7],
    /// `HH:MM`.
    pub from: String,
    pub to: String,
    pub targets: Vec<TargetForm>,
    pub availability: String,
    pub rto: String,
    pub rpo: String,
    /// `YYYY-MM-DD`.
    pub start: String,
    pub end: String,
    base: Option<Agreement>,
    editing: Option<Id>,
}

/// The input a problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Name,
    Hours,
    Target(usize),
    Availability,
    Rto,
    Rpo,
    Start,
    End,
}

/// Why the agreement cannot be saved yet, at one input.
pub type Problem = crate::app::form_kit::Problem<Field>;

fn number(h: Option<f64>) -> String {
    h.map(|h| h.to_string()).unwrap_or_default()
}

impl AgreementForm {
    /// A new agreement: round the clock, one priority to fill in.
    pub fn blank(id: String, kind: AgreementKind) -> Self {
        AgreementForm {
            id,
            kind: kind.key().into(),
            always: true,
            days: [true, true, true, true, true, false, false],
            from: "09:00".into(),
            to: "17:00".into(),
            targets: vec![TargetForm { priority: "P1".into(), ..TargetForm::default() }],
            ..AgreementForm::default()
        }
    }

    pub fn from_agreement(a: &Agreement) -> Self {
        let (always, days, from, to) = match a.support_hours() {
            SupportHours::TwentyFourSeven => {
                (true, [true, true, true, true, true, false, false], "09:00".into(), "17:00".into())
            }
            SupportHours::Weekly(w) => {
                (false, Weekday::ALL.map(|d| w.days.contains(&d)), w.from.to_string(), w.to.to_string())
            }
        };
        AgreementForm {
            id: a.id.to_string(),
            name: a.name.clone(),
            kind: a.kind.key().into(),
            party: a.party.clone().unwrap_or_default(),
            service: a.service.clone().unwrap_or_default(),
            always,
            days,
            from,
            to,
            targets: a
                .targets
                .iter()
                .map(|t| TargetForm {
                    priority: t.priority.to_string(),
                    response: t.response.get().to_string(),
                    resolution: t.resolution.get().to_string(),
                    extra: t.extra.clone(),
                })
                .collect(),
            availability: number(a.availability.map(Percent::get)),
            rto: number(a.rto.map(Hours::get)),
            rpo: number(a.rpo.map(Hours::get)),
            start: a.start.map(|d| d.to_string()).unwrap_or_default(),
            end: a.end.map(|d| d.to_string()).unwrap_or_default(),
            base: Some(a.clone()),
            editing: Some(a.id.clone()),
        }
    }

    pub fn editing(&self) -> Option<&Id> {
        self.editing.as_ref()
    }

    pub fn kind(&self) -> AgreementKind {
        AgreementKind::from_key(&self.kind).unwrap_or(AgreementKind::CustomerSla)
    }

    /// The agreement, or every problem that stops it being saved in `register`.
    pub fn check(&self, register: &Register) -> Result<Agreement, Vec<Problem>> {
        let mut problems = Vec::new();
        let p = &mut problems;
        let id = crate::app::form_values::free_id(&self.id, |id| register.id_taken(id, self.editing()))
            .map_err(|why| at(p, Field::Id, why))
            .ok();
        if self.name.trim().is_empty() {
            at(p, Field::Name, "Give the agreement a name".into());
        }
        let hours = if self.always {
            None
        } else {
            let days: Vec<Weekday> = Weekday::ALL.into_iter().filter(|d| self.days[d.index()]).collect();
            let window = ClockTime::parse(self.from.trim())
                .and_then(|from| Ok((from, ClockTime::parse(self.to.trim())?)))
                .and_then(|(from, to)| WeeklyHours::new(days, from, to));
            match window {
                Ok(w) => Some(SupportHours::Weekly(WeeklyHours { extra: self.base_hours_extra(), ..w })),
                Err(why) => {
                    at(p, Field::Hours, format!("Support hours: {why}"));
                    None
                }
            }
        };
        let rto = hours_of(p, Field::Rto, &self.rto, "RTO");
        let rpo = hours_of(p, Field::Rpo, &self.rpo, "RPO");
        let mut targets = Vec::new();
        for (k, t) in self.targets.iter().enumerate() {
            let field = Field::Target(k);
            let priority = t.priority.trim();
            if priority.is_empty() {
                at(p, field, format!("Target {}: name the priority", k + 1));
                continue;
            }
            if self.targets[..k].iter().any(|o| o.priority.trim() == priority) {
                at(p, field, format!("Priority \"{priority}\" has two targets"));
                continue;
            }
            let label = format!("Priority {priority}");
            let (response, resolution) =
                (hours_of(p, field, &t.response, &label), hours_of(p, field, &t.resolution, &label));
            match (response, resolution) {
                (Some(response), Some(resolution)) => {
                    // A priority name is matched exactly (SPEC §8): one as opened keeps its spaces.
                    let opened = self.base.iter().flat_map(|b| &b.targets).any(|o| *o.priority == *t.priority);
                    let priority = if opened { t.priority.as_str() } else { priority };
                    targets.push(Target { priority: priority.into(), response, resolution, extra: t.extra.clone() })
                }
                _ if t.response.trim().is_empty() || t.resolution.trim().is_empty() => {
                    at(p, field, format!("{label}: give both a response and a resolution time"))
                }
                _ => {}
            }
        }
        let availability = form_values::percent(&self.availability, "Availability")
            .map_err(|m| at(p, Field::Availability, m))
            .ok()
            .flatten();
        let (start, end) = (date(p, Field::Start, &self.start, "Start"), date(p, Field::End, &self.end, "End"));
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                at(p, Field::End, format!("The term ends ({e}) before it starts ({s})"));
            }
        }

        let (Some(id), true) = (id, problems.is_empty()) else { return Err(problems) };
        let base = self.base.as_ref();
        // Support hours left as opened are written as the file had them (day order, repeats).
        let opened = base.map(AgreementForm::from_agreement);
        let hours_untouched = opened
            .is_some_and(|o| (o.always, o.days, &o.from, &o.to) == (self.always, self.days, &self.from, &self.to));
        let hours = if hours_untouched { base.and_then(|b| b.hours.clone()) } else { hours };
        Ok(Agreement {
            id,
            name: kept_required(base.map(|b| &b.name), &self.name),
            kind: self.kind(),
            party: kept_text(base.and_then(|b| b.party.as_ref()), &self.party),
            service: kept_text(base.and_then(|b| b.service.as_ref()), &self.service),
            // Round the clock is the default: written only when the file had it.
            hours: hours.or_else(|| base.and_then(|b| b.hours.clone()).filter(|h| *h == SupportHours::TwentyFourSeven)),
            targets,
            availability,
            rto,
            rpo,
            start,
            end,
            extra: base.map(|b| b.extra.clone()).unwrap_or_default(),
        })
    }

    fn base_hours_extra(&self) -> Extras {
        match self.base.as_ref().map(Agreement::support_hours) {
            Some(SupportHours::Weekly(w)) => w.extra.clone(),
            _ => Extras::default(),
        }
    }
}

fn at(problems: &mut Vec<Problem>, field: Field, message: String) {
    problems.push(Problem::new(field, message));
}

/// A typed value, or `None` with its problem noted at `field`.
fn value<T>(problems: &mut Vec<Problem>, field: Field, read: Result<Option<T>, String>) -> Option<T> {
    read.map_err(|message| at(problems, field, message)).ok().flatten()
}

fn hours_of(problems: &mut Vec<Problem>, field: Field, text: &str, label: &str) -> Option<Hours> {
    value(problems, field, form_values::hours(text, label))
}

fn date(problems: &mut Vec<Problem>, field: Field, text: &str, label: &str) -> Option<Date> {
    value(problems, field, form_values::date(text, label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_agreement_of_the_example_reads_back_unchanged_from_its_form() {
        let r = crate::app::testing::example();
        for a in &r.agreements {
            let form = AgreementForm::from_agreement(a);
            assert_eq!(form.check(&r).as_ref(), Ok(a), "{}", a.id);
        }
        assert!(
            r.agreements.iter().any(|a| matches!(a.hours, Some(SupportHours::Weekly(_)))),
            "a weekly window is covered"
        );
    }

    #[test]
    fn the_week_picker_makes_a_weekly_window_and_refuses_an_empty_or_backward_one() {
        let r = crate::app::testing::example();
        let mut form = AgreementForm::blank("uc-new".into(), AgreementKind::SupplierContract);
        form.name = "New contract".into();
        form.targets[0].response = "1".into();
        form.targets[0].resolution = "12".into();
        form.always = false;
        let a = form.check(&r).unwrap();
        let Some(SupportHours::Weekly(w)) = &a.hours else { panic!("{:?}", a.hours) };
        assert_eq!(w.days, [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri]);
        assert_eq!((w.from.to_string(), w.to.to_string()), ("09:00".into(), "17:00".into()));
        form.always = true;
        assert_eq!(form.check(&r).unwrap().hours, None, "round the clock is the default");

        form.always = false;
        form.days = [false; 7];
        form.from = "18:00".into();
        let fields = |f: &AgreementForm| f.check(&r).unwrap_err().iter().map(|p| p.field).collect::<Vec<_>>();
        assert_eq!(fields(&form), [Field::Hours]);
        form.days[0] = true;
        assert_eq!(fields(&form), [Field::Hours], "from 18:00 to 17:00");
    }

    #[test]
    fn targets_terms_and_ids_are_checked_at_their_inputs() {
        let r = crate::app::testing::example();
        let mut form = AgreementForm::blank("sla-retail".into(), AgreementKind::CustomerSla);
        form.targets = vec![
            TargetForm { priority: "P1".into(), response: "1".into(), resolution: "".into(), ..TargetForm::default() },
            TargetForm { priority: "P1".into(), response: "1".into(), resolution: "4".into(), ..TargetForm::default() },
        ];
        form.availability = "100.5".into();
        form.start = "2027-01-01".into();
        form.end = "2026-12-31".into();
        let problems = form.check(&r).unwrap_err();
        let fields: Vec<Field> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [Field::Id, Field::Name, Field::Target(0), Field::Target(1), Field::Availability, Field::End],
            "{problems:?}"
        );
    }
}
