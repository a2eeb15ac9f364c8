//! The exercise editor's form: a continuity exercise (SPEC §9.2) with each
//! node's actual recovery time, notes and lessons, checked into an
//! [`Exercise`]; and what a lesson becomes: a new risk's draft, or an action on
//! a risk. Plain Rust, tested natively.
//!
//! The format has no field for lessons: they are kept in the exercise's
//! `x-rampart-lessons` (a list of texts), which other tools keep as an unknown
//! field. Untouched values (names, notes, results, unknown fields) are kept.

use rampart_core::model::{Action, ActionStatus, Date, Exercise, ExerciseResult, Extras, Id, Register, Risk};
use serde_json::Value;

use crate::app::form_values::{self, kept_required, kept_text};

/// Where an exercise keeps its lessons.
pub const LESSONS_KEY: &str = "x-rampart-lessons";

/// The inputs of the exercise editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExerciseField {
    Id,
    Name,
    Date,
    Scenario,
    Result(usize),
}

/// A problem (it stops the save) or a warning at one input.
pub type Problem = crate::app::form_kit::Problem<ExerciseField>;

/// One node's result as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResultForm {
    pub node: String,
    /// Hours from the start of the exercise until the node was back.
    pub recovered: String,
    base: Option<ExerciseResult>,
}

impl ResultForm {
    pub fn new(node: impl Into<String>) -> Self {
        ResultForm { node: node.into(), ..ResultForm::default() }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExerciseForm {
    pub id: String,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// A scenario id; empty: everything fails.
    pub scenario: String,
    pub results: Vec<ResultForm>,
    pub notes: String,
    pub lessons: Vec<String>,
    /// The exercise being edited; `None` for a new one.
    base: Option<Exercise>,
}

/// The lessons kept in an exercise's unknown fields (none when the value there
/// is not a list of texts: then it is left as it is).
pub fn lessons(extra: &Extras) -> Vec<String> {
    match extra.0.get(LESSONS_KEY) {
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).map(str::to_string).collect()
        }
        _ => Vec::new(),
    }
}

impl ExerciseForm {
    /// A new exercise held `today`, under the register's first scenario if any.
    pub fn blank(id: String, today: Date, register: &Register) -> Self {
        ExerciseForm {
            id,
            date: today.to_string(),
            scenario: register.scenarios.first().map(|s| s.id.to_string()).unwrap_or_default(),
            ..ExerciseForm::default()
        }
    }

    pub fn from_exercise(e: &Exercise) -> Self {
        ExerciseForm {
            id: e.id.to_string(),
            name: e.name.clone(),
            date: e.date.to_string(),
            scenario: e.scenario.clone().unwrap_or_default(),
            results: (e.results.iter())
                .map(|r| ResultForm {
                    node: r.node.clone(),
                    recovered: r.recovered.get().to_string(),
                    base: Some(r.clone()),
                })
                .collect(),
            notes: e.notes.clone().unwrap_or_default(),
            lessons: lessons(&e.extra),
            base: Some(e.clone()),
        }
    }

    /// The id of the exercise being edited.
    pub fn editing(&self) -> Option<&Id> {
        self.base.as_ref().map(|e| &e.id)
    }

    /// The exercise, or what stops it being saved, at its inputs.
    pub fn check(&self, register: &Register) -> Result<Exercise, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut at = |field, message: String| problems.push(Problem::new(field, message));
        let id = form_values::free_id(&self.id, |id| register.id_taken(id, self.editing()))
            .map_err(|why| at(ExerciseField::Id, why))
            .ok();
        if self.name.trim().is_empty() {
            at(ExerciseField::Name, "Give the exercise a name".into());
        }
        let date = match form_values::date(&self.date, "Date") {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                at(ExerciseField::Date, "Date: when the exercise was held (YYYY-MM-DD)".into());
                None
            }
            Err(why) => {
                at(ExerciseField::Date, why);
                None
            }
        };
        let mut results = Vec::new();
        for (k, r) in self.results.iter().enumerate() {
            let node = r.node.trim();
            if node.is_empty() {
                at(ExerciseField::Result(k), format!("Result {}: choose the node", k + 1));
                continue;
            }
            match form_values::hours(&r.recovered, &format!("Result {} (recovered after)", k + 1)) {
                Ok(Some(recovered)) => results.push(match &r.base {
                    Some(b) if b.node == node && b.recovered == recovered => b.clone(),
                    b => ExerciseResult {
                        node: node.to_string(),
                        recovered,
                        extra: b.as_ref().map(|b| b.extra.clone()).unwrap_or_default(),
                    },
                }),
                Ok(None) => at(ExerciseField::Result(k), format!("Result {}: the hours until {node} was back", k + 1)),
                Err(why) => at(ExerciseField::Result(k), why),
            }
        }
        let (Some(id), Some(date), true) = (id, date, problems.is_empty()) else { return Err(problems) };
        let base = self.base.as_ref();
        let mut extra = base.map(|b| b.extra.clone()).unwrap_or_default();
        let lessons: Vec<String> =
            self.lessons.iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
        if lessons != self::lessons(&extra) {
            match lessons.is_empty() {
                true => extra.0.remove(LESSONS_KEY),
                false => extra.0.insert(LESSONS_KEY.into(), lessons.into_iter().map(Value::String).collect()),
            };
        }
        Ok(Exercise {
            id,
            name: kept_required(base.map(|b| &b.name), &self.name),
            date,
            scenario: Some(self.scenario.trim().to_string()).filter(|s| !s.is_empty()),
            results,
            notes: kept_text(base.and_then(|b| b.notes.as_ref()), &self.notes),
            extra,
        })
    }

    /// What the analysis will say of references that name nothing (kept, and
    /// reported as `REF_UNKNOWN`).
    pub fn warnings(&self, register: &Register) -> Vec<Problem> {
        let mut out = Vec::new();
        let scenario = self.scenario.trim();
        if !scenario.is_empty() && !register.scenarios.iter().any(|s| s.id.as_str() == scenario) {
            out.push(Problem::warning(ExerciseField::Scenario, format!("No scenario has the id {scenario}")));
        }
        for (k, r) in self.results.iter().enumerate() {
            let node = r.node.trim();
            if !node.is_empty() && !register.has_service(node) {
                out.push(Problem::warning(ExerciseField::Result(k), format!("No node has the id {node}")));
            }
        }
        out
    }
}

/// How a risk or an action made from a lesson names where it came from.
pub fn lesson_source(exercise: &Exercise) -> String {
    format!("lesson from exercise {} ({}, {})", exercise.id, exercise.name.trim(), exercise.date)
}

/// The title and description of a new risk made from `lesson`.
pub fn lesson_risk(exercise: &Exercise, lesson: &str) -> (String, String) {
    let title = crate::app::svg::short(lesson.trim(), 120);
    let source = crate::app::form_values::capitalised(&lesson_source(exercise));
    (title, format!("{source}: {}", lesson.trim()))
}

/// `risk` with a planned action made from `lesson`: its id the risk's next free
/// `<risk>-A<n>` in `register`, its title the lesson with where it came from.
pub fn with_lesson_action(register: &Register, risk: &Risk, exercise: &Exercise, lesson: &str) -> Risk {
    let base = risk.id.as_str();
    let id = (1..)
        .map(|k| format!("{base}-A{k}"))
        .filter_map(|id| Id::new(id).ok())
        .find(|id| !register.id_taken(id, None))
        .unwrap_or_else(|| risk.id.clone());
    let mut risk = risk.clone();
    risk.actions.push(Action {
        id,
        title: format!("{} ({})", lesson.trim(), lesson_source(exercise)),
        owner: risk.owner.clone(),
        due: None,
        status: ActionStatus::Planned,
        control: None,
        extra: Extras::default(),
    });
    risk
}

/// The risks and actions that name `exercise` as their source: what its lessons became.
pub fn made_from(register: &Register, exercise: &Id) -> Vec<Id> {
    let mark = format!("lesson from exercise {exercise} (");
    let at_start = crate::app::form_values::capitalised(&mark);
    let mut out = Vec::new();
    for r in &register.risks {
        if r.description.as_deref().is_some_and(|d| d.contains(&mark) || d.contains(&at_start)) {
            out.push(r.id.clone());
        }
        out.extend(r.actions.iter().filter(|a| a.title.contains(&mark)).map(|a| a.id.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register() -> Register {
        crate::app::testing::example()
    }

    #[test]
    fn every_exercise_of_the_example_reads_back_unchanged_from_its_form() {
        let r = register();
        assert!(!r.exercises.is_empty(), "the example has an exercise");
        for e in &r.exercises {
            let form = ExerciseForm::from_exercise(e);
            assert_eq!(form.check(&r).as_ref(), Ok(e));
            assert!(form.warnings(&r).is_empty(), "{:?}", form.warnings(&r));
        }
    }

    #[test]
    fn problems_are_said_at_their_input() {
        let r = register();
        let mut form = ExerciseForm::blank(r.services[0].id.to_string(), Date::parse("2026-11-23").unwrap(), &r);
        form.date = "2026-02-30".into();
        form.results = vec![ResultForm::new(""), ResultForm { recovered: "soon".into(), ..ResultForm::new("db") }];
        let problems = form.check(&r).unwrap_err();
        let at: Vec<_> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            at,
            [
                ExerciseField::Id,
                ExerciseField::Name,
                ExerciseField::Date,
                ExerciseField::Result(0),
                ExerciseField::Result(1)
            ]
        );
        assert_eq!(problems[4].message, "Result 2 (recovered after): a number of hours, 0 or more");
        form.scenario = "lose-moon".into();
        let warned: Vec<_> = form.warnings(&r).iter().map(|p| p.field).collect();
        assert_eq!(warned, [ExerciseField::Scenario, ExerciseField::Result(1)], "db is no node of the example");
    }

    #[test]
    fn lessons_live_in_an_unknown_field_and_a_changed_list_is_written_there() {
        let r = register();
        let e: Exercise = serde_json::from_str(
            r#"{"id": "x", "name": "X", "date": "2026-05-01", "results": [{"node": "n", "recovered": 2, "by": "me"}],
                "x-rampart-lessons": ["Keep the runbook printed"], "other": 1}"#,
        )
        .unwrap();
        let mut form = ExerciseForm::from_exercise(&e);
        assert_eq!(form.lessons, ["Keep the runbook printed"]);
        assert_eq!(form.check(&r).unwrap(), e, "untouched: the same");
        form.lessons.push("  Test the VPN at night ".into());
        form.results[0].recovered = "3".into();
        let changed = form.check(&r).unwrap();
        assert_eq!(lessons(&changed.extra), ["Keep the runbook printed", "Test the VPN at night"]);
        assert_eq!(changed.extra.0["other"], 1);
        assert_eq!(changed.results[0].extra.0["by"], "me", "a changed result keeps its unknown fields");
        form.lessons.clear();
        assert!(!form.check(&r).unwrap().extra.0.contains_key(LESSONS_KEY));
    }

    #[test]
    fn a_lesson_becomes_a_risk_draft_or_an_action_that_names_the_exercise() {
        let r = register();
        let e = &r.exercises[0];
        let (title, description) = lesson_risk(e, " Failover needs two people ");
        assert_eq!(title, "Failover needs two people");
        assert!(description.starts_with(&format!("Lesson from exercise {} (", e.id)), "{description}");
        let risk = &r.risks[0];
        let with = with_lesson_action(&r, risk, e, "Print the runbook");
        let added = with.actions.last().unwrap().clone();
        assert_eq!(with.actions.len(), risk.actions.len() + 1);
        assert!(!r.id_taken(&added.id, None) && added.id.starts_with(risk.id.as_str()));
        assert_eq!(added.status, ActionStatus::Planned);
        assert!(added.title.starts_with("Print the runbook (lesson from exercise "));
        let mut after = r.clone();
        after.risks[0] = with;
        assert_eq!(made_from(&after, &e.id), std::slice::from_ref(&added.id));
        after.risks[1].description = Some(description);
        assert_eq!(made_from(&after, &e.id).len(), 2, "the risk made from a lesson too");
    }
}
