//! Saving, renaming and deleting failure scenarios and exercises.

use super::*;
use rampart_core::model::{Exercise, Scenario};

fn save_scenario(s: Rc<AppState>, scenario: Scenario, replacing: Option<&str>) -> Rc<AppState> {
    let replacing = replacing.map(|id| Id::new(id).unwrap());
    s.apply(Action::SaveScenario { scenario: Box::new(scenario), replacing })
}

#[test]
fn a_renamed_scenario_takes_its_exercises_with_it_and_a_deleted_one_leaves_them_unknown() {
    let s = opened();
    let w = current(&s);
    let exercise = w.register.exercises[0].clone();
    let old = exercise.scenario.clone().expect("the example's exercise runs under a scenario");
    let mut scenario = w.register.scenarios.iter().find(|sc| sc.id.as_str() == old).unwrap().clone();
    scenario.id = Id::new("renamed-scenario").unwrap();
    let s2 = save_scenario(s.clone(), scenario.clone(), Some(&old));
    let w2 = current(&s2);
    assert_eq!(w2.register.exercises[0].scenario.as_deref(), Some("renamed-scenario"));
    assert_eq!(w2.register.scenarios.len(), w.register.scenarios.len());
    assert_eq!(s2.undo.as_ref().map(|u| u.label.as_str()), Some("Saved scenario renamed-scenario"));
    assert_up_to_date(w2);
    // An id that names something else is refused: nothing changes.
    let mut clash = scenario.clone();
    clash.id = w.register.services[0].id.clone();
    let same = save_scenario(s2.clone(), clash, Some("renamed-scenario"));
    assert!(Rc::ptr_eq(&same, &s2));
    let deleted = s2.apply(Action::DeleteScenario(Id::new("renamed-scenario").unwrap()));
    let unknown: Vec<_> = (current(&deleted).analysis.findings.iter())
        .filter(|f| f.code() == "REF_UNKNOWN")
        .map(|f| f.subject_ids(&current(&deleted).register).join(" "))
        .collect();
    assert!(unknown.contains(&format!("{} renamed-scenario", exercise.id)), "{unknown:?}");
}

#[test]
fn a_recorded_exercise_is_analysed_and_undone() {
    let s = opened();
    let w = current(&s);
    let node = w.register.services.iter().find(|n| n.rto.is_some()).unwrap();
    let rto = node.rto.unwrap().get();
    let exercise: Exercise = serde_json::from_value(serde_json::json!({
        "id": "ex-new", "name": "Desk test", "date": "2026-11-01",
        "results": [{"node": node.id.as_str(), "recovered": rto + 1.0}]
    }))
    .unwrap();
    let s2 = s.clone().apply(Action::SaveExercise { exercise: Box::new(exercise), replacing: None });
    let w2 = current(&s2);
    assert_eq!(w2.register.exercises.len(), w.register.exercises.len() + 1);
    assert_up_to_date(w2);
    let missed = |w: &OpenRegister| {
        (w.analysis.findings.iter())
            .filter(|f| f.code() == "BIA_EXERCISE_RTO_MISSED")
            .any(|f| f.subject_ids(&w.register) == ["ex-new", node.id.as_str()])
    };
    assert!(missed(w2), "the new exercise's result above the RTO is found");
    let deleted = s2.apply(Action::DeleteExercise(Id::new("ex-new").unwrap()));
    assert!(!missed(current(&deleted)));
    assert_eq!(current(&deleted.apply(Action::Undo)).register.exercises.len(), w.register.exercises.len() + 1);
}
