//! The risk form's checks.

use super::*;
use rampart_core::model::{Acceptance, Score};

fn banking() -> Register {
    crate::app::testing::example()
}

fn check(form: &RiskForm, r: &Register) -> Result<Risk, Vec<Problem>> {
    let editing = form.editing().and_then(|id| r.risks.iter().find(|x| &x.id == id));
    let taken = Context::taken_ids(r, editing);
    form.check(&Context { taken: &taken, register: r })
}

fn fields(problems: Vec<Problem>) -> Vec<Field> {
    problems.into_iter().map(|p| p.field).collect()
}

#[test]
fn an_unchanged_risk_checks_back_to_itself() {
    let r = banking();
    for risk in &r.risks {
        assert_eq!(&check(&RiskForm::from_risk(risk), &r).unwrap(), risk, "{}", risk.id);
    }
}

#[test]
fn each_problem_is_reported_at_its_input_and_nothing_is_returned() {
    let r = banking();
    let mut form = RiskForm::from_risk(&r.risks[0]);
    form.id = "R-002".into();
    form.title = "  ".into();
    form.review_date = "2026-02-30".into();
    form.accepted_by = "CRO".into();
    form.inherent.impact.clear();
    form.controls[1].by = "0".into();
    form.controls[2].id = "R-003-C1".into();
    form.services = "core-banking, nowhere".into();
    let problems = check(&form, &r).unwrap_err();
    assert!(problems.iter().all(|p| !p.message.is_empty()));
    assert_eq!(
        fields(problems),
        [
            Field::Id,
            Field::Title,
            Field::ReviewDate,
            Field::Acceptance,
            Field::Inherent,
            Field::ControlBy(1),
            Field::ControlId(2),
            Field::Services
        ]
    );
}

#[test]
fn a_blank_risk_needs_a_title_and_gets_a_fresh_id() {
    let r = banking();
    let id = next_risk_id(&r);
    assert_eq!(id, "R-025");
    let scales = ScaleSet::default();
    let mut form = RiskForm::blank(id, Date::parse("2026-11-23").unwrap(), &scales);
    assert_eq!(fields(check(&form, &r).unwrap_err()), [Field::Title]);
    form.title = "Courier loses backup tapes".into();
    form.add_control();
    form.add_control();
    let risk = check(&form, &r).unwrap();
    assert_eq!((risk.inherent.impact.0, risk.inherent.likelihood.0), (3, 3));
    assert_eq!(risk.controls.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["R-025-C1", "R-025-C2"]);
    assert_eq!(risk.status, Some(RiskStatus::New));
}

#[test]
fn a_duplicate_has_new_ids_and_no_history_or_acceptance() {
    let r = banking();
    let mut source = r.risks[0].clone();
    source.acceptance = Some(Acceptance {
        by: "CRO".into(),
        date: Date::parse("2026-01-01").unwrap(),
        expires: None,
        score: None,
        extra: Extras::default(),
    });
    let form = RiskForm::duplicate_of(&source, "R-100".into());
    assert_eq!(form.editing(), None);
    let copy = check(&form, &r).unwrap();
    assert_eq!(copy.id.as_str(), "R-100");
    assert!(copy.history.is_empty() && copy.acceptance.is_none());
    assert_eq!(copy.controls.len(), source.controls.len());
    assert_eq!(copy.inherent, source.inherent);
}

#[test]
fn explicit_ratings_are_kept_and_the_derived_ones_shown_beside_them() {
    let r = banking();
    let scales = ScaleSet::default();
    let mut form = RiskForm::from_risk(&r.risks[0]);
    form.residual = Some(LevelsForm { impact: "5".into(), likelihood: "4".into() });
    let risk = check(&form, &r).unwrap();
    assert_eq!(rate(&risk, &scales).residual.score, 20);
    // Inherent 5×4; implemented controls: impact −2, likelihood −1.
    assert_eq!(derived(&risk, &scales).residual.score, 9);
}

#[test]
fn findings_while_editing_name_the_risk_being_edited() {
    let r = banking();
    let mut form = RiskForm::from_risk(&r.risks[0]);
    form.review_date = "2020-01-01".into();
    form.inherent.impact = "9".into();
    let risk = check(&form, &r).unwrap();
    let (alone, findings) = live_findings(&risk, &ScaleSet::default(), Date::parse("2026-11-23").unwrap(), &r);
    let codes: Vec<_> = findings.iter().map(|f| f.code()).collect();
    assert!(codes.contains(&"RISK_REVIEW_OVERDUE") && codes.contains(&"SCALE_OUT_OF_RANGE"), "{codes:?}");
    assert!(findings.iter().all(|f| f.message(&alone).contains("R-001")));
}

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

#[test]
fn accepting_records_until_when_and_the_residual_score_and_a_changed_acceptance_is_scored_again() {
    let r = banking();
    let mut form = RiskForm::from_risk(&r.risks[0]);
    form.accept(day("2026-11-23"), 365);
    assert_eq!((form.accepted_on.as_str(), form.accepted_until.as_str()), ("2026-11-23", "2027-11-23"));
    assert_eq!(fields(check(&form, &r).unwrap_err()), [Field::Acceptance], "who accepts is still to say");
    form.accepted_by = "Chief Risk Officer".into();
    let risk = check(&form, &r).unwrap();
    let residual = rate(&risk, &ScaleSet::default()).residual.score;
    let acceptance = risk.acceptance.clone().unwrap();
    assert_eq!((acceptance.expires, acceptance.score), (Some(day("2027-11-23")), Some(Score(residual))));
    assert_eq!(risk.treatment, Some(Treatment::Accept));

    // Opened again and saved: the acceptance and its score stay as they were,
    // even after the residual has risen.
    let mut again = RiskForm::from_risk(&risk);
    again.controls.iter_mut().for_each(|c| c.status = "planned".into());
    let risen = check(&again, &r).unwrap();
    assert_eq!(risen.acceptance, risk.acceptance);
    assert!(rate(&risen, &ScaleSet::default()).residual.score > residual);
    // Accepted again: the new residual is what is accepted.
    again.accept(day("2026-12-01"), 90);
    let renewed = check(&again, &r).unwrap();
    let score = renewed.acceptance.unwrap().score.unwrap().0;
    assert_eq!(score, rate(&risen, &ScaleSet::default()).residual.score);
}

#[test]
fn an_acceptance_from_a_file_without_a_score_is_kept_as_it_is() {
    let r = banking();
    let accepted = r.risks.iter().find(|x| x.acceptance.is_some()).expect("the example has an accepted risk");
    let mut form = RiskForm::from_risk(accepted);
    form.title.push_str(" (reworded)");
    assert_eq!(check(&form, &r).unwrap().acceptance, accepted.acceptance);
    form.accepted_until = "2020-01-01".into();
    assert_eq!(fields(check(&form, &r).unwrap_err()), [Field::Acceptance], "until before it was accepted");
}

#[test]
fn an_opportunity_takes_only_its_own_treatments_and_switching_kind_clears_the_other() {
    let r = banking();
    let mut form = RiskForm::from_risk(&r.risks[0]);
    form.treatment = "reduce".into();
    form.set_kind("opportunity".into());
    assert_eq!(form.treatment, "", "reduce is a threat's");
    form.treatment = "accept".into();
    form.set_kind("threat".into());
    assert_eq!(form.treatment, "accept", "accept fits both");
    form.set_kind("opportunity".into());
    form.treatment = "avoid".into();
    let problems = check(&form, &r).unwrap_err();
    assert_eq!(
        (problems[0].field, problems[0].message.as_str()),
        (Field::Treatment, "\"avoid\" is not a treatment of an opportunity")
    );
    form.treatment = "exploit".into();
    let risk = check(&form, &r).unwrap();
    assert_eq!((risk.kind, risk.treatment), (Some(RiskKind::Opportunity), Some(Treatment::Exploit)));
}

#[test]
fn actions_are_checked_at_their_inputs_and_kept_as_they_were() {
    let r = banking();
    let mut form = RiskForm::from_risk(&r.risks[0]);
    form.actions.clear();
    form.add_action();
    form.add_action();
    let control = form.controls[0].id.clone();
    assert_eq!((form.actions[0].id.as_str(), form.actions[1].id.as_str()), ("R-001-A1", "R-001-A2"));
    form.actions[0].title = "Patch the VPN".into();
    form.actions[0].due = "2027-02-30".into();
    form.actions[0].choose_control("C-nowhere".into());
    form.actions[1].id = control.clone();
    let problems = check(&form, &r).unwrap_err();
    assert_eq!(fields(problems), [Field::ActionDue(0), Field::ActionId(1), Field::ActionTitle(1)]);
    // A control that is not the risk's is only a warning: the engine reports it.
    assert_eq!(fields(form.warnings()), [Field::ActionControl(0)]);
    form.actions[0].due = "2027-02-28".into();
    form.actions[0].choose_control("row-0".into());
    assert!(form.warnings().is_empty());
    form.actions[1].id = "R-001-A2".into();
    form.actions[1].title = "Tabletop".into();
    form.actions[1].status = "in_progress".into();
    let risk = check(&form, &r).unwrap();
    assert_eq!(risk.actions.len(), 2);
    assert_eq!(risk.actions[0].control.as_deref(), Some(control.as_str()));
    assert_eq!(risk.actions[1].status, rampart_core::model::ActionStatus::InProgress);
    assert_eq!(
        RiskForm::from_risk(&risk).check(&Context { taken: &Context::taken_ids(&r, Some(&r.risks[0])), register: &r }),
        Ok(risk.clone())
    );
}

#[test]
fn a_done_action_offers_to_implement_its_planned_control() {
    let r = banking();
    let mut form = RiskForm::from_risk(&r.risks[0]);
    let planned = form.controls.iter().position(|c| c.status == "planned").expect("a planned control");
    form.actions.clear();
    form.add_action();
    form.actions[0].choose_control(format!("row-{planned}"));
    assert_eq!(form.actions[0].done_with_planned(&form.controls), None, "not done yet");
    form.actions[0].status = "done".into();
    assert_eq!(form.actions[0].done_with_planned(&form.controls), Some(planned));
    form.controls[planned].status = "implemented".into();
    assert_eq!(form.actions[0].done_with_planned(&form.controls), None);
}

#[test]
fn a_duplicate_renumbers_its_actions_and_keeps_them_on_their_controls() {
    let r = banking();
    let mut form = RiskForm::from_risk(&r.risks[0]);
    form.actions.clear();
    form.add_action();
    form.actions[0].title = "Do it".into();
    form.actions[0].choose_control("row-1".into());
    let source = check(&form, &r).unwrap();
    let copy = check(&RiskForm::duplicate_of(&source, "R-100".into()), &r).unwrap();
    assert_eq!(copy.actions[0].id.as_str(), "R-100-A1");
    assert_eq!(copy.actions[0].control.as_deref(), Some("R-100-C2"));
}

#[test]
fn an_action_follows_its_control_row_through_renames_and_removals() {
    let r = banking();
    let mut form = RiskForm::from_risk(&r.risks[0]);
    assert_eq!(form.actions[0].control_row, Some(2), "R-001-C3");
    // Retyping ids one keystroke at a time, even through another control's id,
    // moves no action to another control.
    for id in ["", "R-001-C", "R-001-C1", "R-001-C10"] {
        form.controls[2].id = id.into();
    }
    form.controls[1].id = "R-001-C11".into();
    form.controls[2].id = "R-001-SEG".into();
    assert_eq!(check(&form, &r).unwrap().actions[0].control.as_deref(), Some("R-001-SEG"));
    // Removing a row before it shifts the link; removing its own row says so.
    form.remove_control(0);
    assert_eq!(form.actions[0].control_row, Some(1));
    form.remove_control(1);
    assert_eq!((form.actions[0].control_row, form.actions[0].control_text.as_str()), (None, "R-001-SEG"));
    assert_eq!(fields(form.warnings()), [Field::ActionControl(0)]);
}
