//! The scenario editor's form: a failure scenario's id, name and the nodes it
//! loses (SPEC §9.2), checked into a [`Scenario`]. Plain Rust, tested natively;
//! what the user did not change (the name's exact text, unknown fields, an id
//! that names no node) is kept.

use rampart_core::model::{Id, Register, Scenario};

use crate::app::form_values::{free_id, kept_required};

/// The inputs of the scenario editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScenarioField {
    Id,
    Name,
    Fails,
}

/// A problem (it stops the save) or a warning at one input.
pub type Problem = crate::app::form_kit::Problem<ScenarioField>;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScenarioForm {
    pub id: String,
    pub name: String,
    /// The node ids lost, in the order chosen.
    pub fails: Vec<String>,
    /// The scenario being edited; `None` for a new one.
    base: Option<Scenario>,
}

impl ScenarioForm {
    pub fn blank(id: String) -> Self {
        ScenarioForm { id, ..ScenarioForm::default() }
    }

    pub fn from_scenario(s: &Scenario) -> Self {
        ScenarioForm { id: s.id.to_string(), name: s.name.clone(), fails: s.fails.clone(), base: Some(s.clone()) }
    }

    /// The id of the scenario being edited.
    pub fn editing(&self) -> Option<&Id> {
        self.base.as_ref().map(|s| &s.id)
    }

    /// The scenario, or what stops it being saved, at its inputs.
    pub fn check(&self, register: &Register) -> Result<Scenario, Vec<Problem>> {
        let mut problems = Vec::new();
        let id = free_id(&self.id, |id| register.id_taken(id, self.editing()))
            .map_err(|why| problems.push(Problem::new(ScenarioField::Id, why)))
            .ok();
        if self.name.trim().is_empty() {
            problems.push(Problem::new(ScenarioField::Name, "Give the scenario a name".into()));
        }
        let fails: Vec<String> = self.fails.iter().map(|f| f.trim().to_string()).filter(|f| !f.is_empty()).collect();
        if fails.is_empty() {
            problems.push(Problem::new(ScenarioField::Fails, "Choose at least one node the scenario loses".into()));
        }
        let (Some(id), true) = (id, problems.is_empty()) else { return Err(problems) };
        let base = self.base.as_ref();
        Ok(Scenario {
            id,
            name: kept_required(base.map(|b| &b.name), &self.name),
            fails,
            extra: base.map(|b| b.extra.clone()).unwrap_or_default(),
        })
    }

    /// What the analysis will say of the ids lost that name no node (they are
    /// kept, and ignored: `REF_UNKNOWN`).
    pub fn warnings(&self, register: &Register) -> Vec<Problem> {
        let unknown: Vec<&str> =
            self.fails.iter().map(|f| f.trim()).filter(|f| !f.is_empty() && !register.has_service(f)).collect();
        match unknown.as_slice() {
            [] => Vec::new(),
            ids => vec![Problem::warning(
                ScenarioField::Fails,
                format!("No node has the id {}: it is kept, and ignored until one does", ids.join(", ")),
            )],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_of_the_example_reads_back_unchanged_from_its_form() {
        let r = crate::app::testing::example();
        assert!(!r.scenarios.is_empty(), "the example has scenarios");
        for s in &r.scenarios {
            let form = ScenarioForm::from_scenario(s);
            assert_eq!(form.check(&r).as_ref(), Ok(s));
            assert!(form.warnings(&r).is_empty());
        }
    }

    #[test]
    fn a_scenario_needs_a_free_id_a_name_and_a_node_to_lose() {
        let r = crate::app::testing::example();
        let taken = r.services[0].id.to_string();
        let form = ScenarioForm { id: taken.clone(), ..ScenarioForm::default() };
        let problems = form.check(&r).unwrap_err();
        let at: Vec<_> = problems.iter().map(|p| (p.field, p.message.as_str())).collect();
        assert_eq!(
            at,
            [
                (
                    ScenarioField::Id,
                    format!("\"{taken}\" is already the id of something else in this register").as_str()
                ),
                (ScenarioField::Name, "Give the scenario a name"),
                (ScenarioField::Fails, "Choose at least one node the scenario loses"),
            ]
        );
        let form = ScenarioForm {
            id: "lose-both".into(),
            name: " Both down ".into(),
            fails: vec![taken.clone(), " ".into(), "ghost".into()],
            base: None,
        };
        let s = form.check(&r).unwrap();
        assert_eq!((s.name.as_str(), s.fails), ("Both down", vec![taken, "ghost".into()]));
        let warnings = form.warnings(&r);
        assert_eq!(warnings.len(), 1);
        assert!(!warnings[0].blocking && warnings[0].message.contains("ghost"), "{warnings:?}");
    }

    #[test]
    fn an_edited_scenario_keeps_its_unknown_fields() {
        let r = crate::app::testing::example();
        let s: Scenario =
            serde_json::from_str(r#"{"id": "s", "name": "  S  ", "fails": ["x"], "drill": {"every": "year"}}"#)
                .unwrap();
        let mut form = ScenarioForm::from_scenario(&s);
        form.fails.push(r.services[0].id.to_string());
        let changed = form.check(&r).unwrap();
        assert_eq!((changed.name.as_str(), &changed.extra), ("  S  ", &s.extra));
    }
}
