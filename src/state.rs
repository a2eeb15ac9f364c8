//! The app's state and every change to it, as plain Rust: no browser types, so it
//! is tested natively. The UI dispatches [`Action`]s; [`AppState::apply`] is the
//! only place the state changes.

use std::rc::Rc;

use rampart_core::model::{Date, Dependency, HistoryEntry, Id, Level, Risk};
use rampart_core::scoring::{rate, ScaleSet, Scored};
use rampart_core::{analyse, Analysis, ImportError, Options, Register, Teams};

/// A register on screen with its analysis.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub register: Rc<Register>,
    pub analysis: Rc<Analysis>,
    pub options: Options,
}

/// The same workspace: the same register and analysis objects. Every change makes
/// new ones, so this is exact, and it costs nothing where a comparison of the
/// contents would walk tens of thousands of risks on every render.
impl PartialEq for Workspace {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.register, &other.register)
            && Rc::ptr_eq(&self.analysis, &other.analysis)
            && self.options == other.options
    }
}

impl Workspace {
    pub fn new(register: Register, options: Options) -> Self {
        let analysis = analyse(&register, &options);
        Workspace { register: Rc::new(register), analysis: Rc::new(analysis), options }
    }
}

/// A file that was refused, and why. The register on screen is unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct RefusedFile {
    pub file: String,
    pub error: ImportError,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// `None` shows the empty state (new, open, example).
    pub workspace: Option<Workspace>,
    pub refused: Option<RefusedFile>,
    /// Why the last save to browser storage failed, if it did.
    pub storage_problem: Option<String>,
    /// Why the last export (a download) failed, until dismissed.
    pub export_problem: Option<String>,
    /// What is being worked on (opening a large file), shown as a busy indicator.
    pub busy: Option<String>,
    /// Another tab saved a different register since this one loaded or saved.
    pub changed_elsewhere: bool,
    /// Increases with every change of the register, so that it is saved once.
    pub revision: u64,
    /// The last revision known to be in browser storage.
    pub saved_revision: u64,
    /// The last edit, which `Action::Undo` takes back.
    pub undo: Option<Undo>,
}

/// The workspace before an edit, and what the edit was, for its Undo button.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    pub label: String,
    pub before: Workspace,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Show this register (opened, example, new, or restored from storage).
    Open {
        register: Box<Register>,
        today: Date,
        restored: bool,
    },
    /// A file could not be opened; keep what is on screen.
    Refuse(RefusedFile),
    DismissRefused,
    Busy(String),
    /// Recovery capacity for the plan.
    SetTeams(Teams),
    /// This revision is in browser storage.
    SavedOk(u64),
    SaveFailed(String),
    /// A download could not be made; `None` dismisses the notice.
    ExportFailed(Option<String>),
    /// Another tab saved its register.
    ChangedElsewhere,
    /// Keep this tab's register, and save it over the other tab's.
    KeepMine,
    /// New scales for the register; ignored unless they pass `Scales::check`.
    SetScales(rampart_core::model::Scales),
    /// Put this risk in the register: in place of the risk with id `replacing`, or
    /// at the end. A change of its residual rating is added to its history, with
    /// `note`. Ignored when its id or a control id is already taken by another item.
    SaveRisk {
        risk: Box<Risk>,
        replacing: Option<Id>,
        note: Option<String>,
    },
    DeleteRisk(Id),
    /// Risks from a spreadsheet, checked by `csv_import::plan`: each updates the
    /// risk with its id or is added.
    ImportRisks {
        file: String,
        plan: crate::csv_import::Plan,
    },
    /// Put this BIA node in the register: in place of the node with id
    /// `replacing`, or at the end. A changed id is changed in every reference to
    /// it (dependencies, risks' services, agreements). Ignored when the id names
    /// another item.
    SaveService {
        service: Box<rampart_core::model::Service>,
        replacing: Option<Id>,
    },
    /// Remove a node; references to it stay, and show as unknown until changed.
    DeleteService(Id),
    /// Put this agreement in the register: in place of the one with id
    /// `replacing`, or at the end. Ignored when the id names another item.
    SaveAgreement {
        agreement: Box<rampart_core::model::Agreement>,
        replacing: Option<Id>,
    },
    DeleteAgreement(Id),
    /// Put this supplier in the register, in place of `replacing` or at the end;
    /// a changed id is changed in every contract and OLA naming it.
    SaveSupplier {
        supplier: rampart_core::model::Supplier,
        replacing: Option<Id>,
    },
    DeleteSupplier(Id),
    /// Take back the last edit.
    Undo,
}

impl AppState {
    /// Every change of the register is in browser storage.
    pub fn all_saved(&self) -> bool {
        self.saved_revision >= self.revision && self.storage_problem.is_none()
    }

    /// The state after `action`. Returns `self` unchanged (the same `Rc`) for an
    /// action that changes nothing, so that nothing re-renders.
    pub fn apply(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Open { register, today, restored } => {
                let teams = s.workspace.as_ref().map_or(Teams::Unlimited, |w| w.options.teams);
                s.workspace = Some(Workspace::new(*register, Options { today, teams }));
                s.refused = None;
                s.busy = None;
                s.changed_elsewhere = false;
                s.undo = None;
                if !restored {
                    s.revision += 1;
                }
            }
            Action::Refuse(r) => {
                s.refused = Some(r);
                s.busy = None;
            }
            Action::DismissRefused if s.refused.is_some() => s.refused = None,
            Action::Busy(what) if s.busy.as_ref() == Some(&what) => return self,
            Action::Busy(what) => s.busy = Some(what),
            Action::SetTeams(teams) => {
                let Some(w) = &s.workspace else { return self };
                if w.options.teams == teams {
                    return self;
                }
                let analysis = Rc::new(w.analysis.rescheduled(&w.register, teams));
                s.workspace =
                    Some(Workspace { register: w.register.clone(), analysis, options: Options { teams, ..w.options } });
            }
            Action::SavedOk(revision) => {
                if revision <= s.saved_revision && s.storage_problem.is_none() {
                    return self;
                }
                s.saved_revision = s.saved_revision.max(revision);
                s.storage_problem = None;
            }
            Action::SaveFailed(why) => s.storage_problem = Some(why),
            Action::ExportFailed(why) => s.export_problem = why,
            Action::ChangedElsewhere => s.changed_elsewhere = true,
            Action::KeepMine => {
                s.changed_elsewhere = false;
                s.revision += 1;
            }
            Action::SetScales(scales) => {
                let Some(w) = &s.workspace else { return self };
                if scales.check().is_err() || w.register.scales.as_ref() == Some(&scales) {
                    return self;
                }
                let mut register = (*w.register).clone();
                register.scales = Some(scales);
                s.workspace = Some(Workspace::new(register, w.options));
                s.revision += 1;
            }
            Action::SaveRisk { risk, replacing, note } => {
                let Some(w) = &s.workspace else { return self };
                let at = replacing.and_then(|id| w.register.risks.iter().position(|r| r.id == id));
                if ids_taken(&w.register, &risk, at) {
                    return self;
                }
                let mut risk = *risk;
                // The history is the register's: an editor opened before the last save has an older copy.
                risk.history = at.map(|i| w.register.risks[i].history.clone()).unwrap_or_default();
                let before = at.map(|i| w.analysis.ratings[i].residual);
                record_assessment(&mut risk, before, &w.analysis.scales, w.options.today, note);
                let label = format!("Saved risk {}", risk.id);
                s.edit(label, |register, analysis, options| match at {
                    Some(i) => {
                        register.risks[i] = risk;
                        analysis.risk_replaced(register, i, options);
                    }
                    None => {
                        register.risks.push(risk);
                        analysis.risk_inserted(register, register.risks.len() - 1, options);
                    }
                });
            }
            Action::DeleteRisk(id) => {
                let Some(w) = &s.workspace else { return self };
                let Some(i) = w.register.risks.iter().position(|r| r.id == id) else { return self };
                s.edit(format!("Deleted risk {id}"), |register, analysis, _| {
                    register.risks.remove(i);
                    analysis.risk_removed(i);
                });
            }
            Action::ImportRisks { file, plan } => {
                let Some(w) = &s.workspace else { return self };
                let (scales, today) = (w.analysis.scales.clone(), w.options.today);
                let note = format!("Imported from {file}");
                let label = format!("Imported {} risks from {file} ({} new)", plan.risks.len(), plan.added());
                s.edit(label, |register, analysis, options| {
                    for (_, mut risk) in plan.risks {
                        // By id, not the planned position: the register is the truth.
                        let at = register.risks.iter().position(|r| r.id == risk.id);
                        risk.history = at.map(|i| register.risks[i].history.clone()).unwrap_or_default();
                        let before = at.map(|i| analysis.ratings[i].residual);
                        record_assessment(&mut risk, before, &scales, today, Some(note.clone()));
                        match at {
                            Some(i) => register.risks[i] = risk,
                            None => register.risks.push(risk),
                        }
                    }
                    *analysis = analyse(register, options);
                });
            }
            Action::SaveService { service, replacing } => {
                let Some(w) = &s.workspace else { return self };
                let at = replacing.as_ref().and_then(|id| w.register.services.iter().position(|x| &x.id == id));
                let own = at.map(|i| &w.register.services[i].id);
                if w.register.id_taken(&service.id, own) {
                    return self;
                }
                let renamed = own.filter(|old| **old != service.id).cloned();
                let label = format!("Saved {} {}", service.kind.unwrap_or_default().label(), service.id);
                s.edit(label, |register, analysis, options| {
                    if let Some(old) = renamed {
                        rename_references(register, &old, &service.id);
                    }
                    match at {
                        Some(i) => register.services[i] = *service,
                        None => register.services.push(*service),
                    }
                    *analysis = analyse(register, options);
                });
            }
            Action::DeleteService(id) => {
                let Some(w) = &s.workspace else { return self };
                let Some(i) = w.register.services.iter().position(|x| x.id == id) else { return self };
                s.edit(format!("Deleted {id}"), |register, analysis, options| {
                    register.services.remove(i);
                    *analysis = analyse(register, options);
                });
            }
            Action::SaveAgreement { agreement, replacing } => {
                let Some(w) = &s.workspace else { return self };
                let at = replacing.as_ref().and_then(|id| w.register.agreements.iter().position(|x| &x.id == id));
                let own = at.map(|i| &w.register.agreements[i].id);
                if w.register.id_taken(&agreement.id, own) {
                    return self;
                }
                s.edit(format!("Saved {} {}", agreement.kind.label(), agreement.id), |register, analysis, options| {
                    match at {
                        Some(i) => register.agreements[i] = *agreement,
                        None => register.agreements.push(*agreement),
                    }
                    *analysis = analyse(register, options);
                });
            }
            Action::DeleteAgreement(id) => {
                let Some(w) = &s.workspace else { return self };
                let Some(i) = w.register.agreements.iter().position(|x| x.id == id) else { return self };
                s.edit(format!("Deleted {id}"), |register, analysis, options| {
                    register.agreements.remove(i);
                    *analysis = analyse(register, options);
                });
            }
            Action::SaveSupplier { supplier, replacing } => {
                let Some(w) = &s.workspace else { return self };
                let at = replacing.as_ref().and_then(|id| w.register.suppliers.iter().position(|x| &x.id == id));
                let own = at.map(|i| w.register.suppliers[i].id.clone());
                if w.register.id_taken(&supplier.id, own.as_ref()) {
                    return self;
                }
                s.edit(format!("Saved supplier {}", supplier.id), |register, analysis, options| {
                    if let Some(old) = own.filter(|old| *old != supplier.id) {
                        for a in register.agreements.iter_mut().filter(|a| a.kind.is_underpinning()) {
                            if a.party.as_deref() == Some(old.as_str()) {
                                a.party = Some(supplier.id.to_string());
                            }
                        }
                    }
                    match at {
                        Some(i) => register.suppliers[i] = supplier,
                        None => register.suppliers.push(supplier),
                    }
                    *analysis = analyse(register, options);
                });
            }
            Action::DeleteSupplier(id) => {
                let Some(w) = &s.workspace else { return self };
                let Some(i) = w.register.suppliers.iter().position(|x| x.id == id) else { return self };
                s.edit(format!("Deleted supplier {id}"), |register, analysis, options| {
                    register.suppliers.remove(i);
                    *analysis = analyse(register, options);
                });
            }
            Action::Undo => {
                let Some(undo) = s.undo.take() else { return self };
                s.workspace = Some(undo.before);
                s.revision += 1;
            }
            Action::DismissRefused => return self,
        }
        Rc::new(s)
    }
}

impl AppState {
    /// Changes the register and brings its analysis up to date with `change`,
    /// keeping the workspace before it for Undo.
    fn edit(&mut self, label: String, change: impl FnOnce(&mut Register, &mut Analysis, &Options)) {
        let Some(w) = self.workspace.take() else { return };
        let (mut register, mut analysis) = ((*w.register).clone(), (*w.analysis).clone());
        change(&mut register, &mut analysis, &w.options);
        let options = w.options;
        self.undo = Some(Undo { label, before: w });
        self.workspace = Some(Workspace { register: Rc::new(register), analysis: Rc::new(analysis), options });
        self.revision += 1;
    }
}

/// Adds the risk's residual rating to its history when it differs from `before`
/// (its residual before the change; `None` for a new risk: its first assessment).
fn record_assessment(risk: &mut Risk, before: Option<Scored>, scales: &ScaleSet, today: Date, note: Option<String>) {
    let after = rate(risk, scales).residual;
    if before.is_none_or(|b| (b.impact, b.likelihood) != (after.impact, after.likelihood)) {
        risk.history.push(HistoryEntry {
            date: Some(today),
            impact: Level(after.impact),
            likelihood: Level(after.likelihood),
            note: note.filter(|n| !n.trim().is_empty()),
            extra: Default::default(),
        });
    }
}

/// Points every reference to node `old` at `new`: dependencies, risks' services
/// and agreements' services.
fn rename_references(register: &mut Register, old: &str, new: &str) {
    let rename = |id: &mut String| {
        if id == old {
            *id = new.to_owned();
        }
    };
    for s in &mut register.services {
        for d in &mut s.depends_on {
            match d {
                Dependency::On(id) => rename(id),
                Dependency::AnyOf(g) => g.any_of.iter_mut().for_each(rename),
            }
        }
    }
    for r in &mut register.risks {
        r.services.iter_mut().for_each(rename);
    }
    for a in &mut register.agreements {
        a.service.iter_mut().for_each(rename);
    }
}

/// Whether `risk`'s id or one of its control ids names another item of the
/// register than the risk at `at` (which it replaces).
fn ids_taken(register: &Register, risk: &Risk, at: Option<usize>) -> bool {
    let taken = crate::risk_form::Context::taken_ids(register, at.map(|i| &register.risks[i]));
    risk.ids().any(|id| taken.contains(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_core::import;

    fn today() -> Date {
        Date::parse("2026-11-23").unwrap()
    }

    fn banking() -> Register {
        import(include_str!("../examples/online-banking.json")).unwrap()
    }

    fn open(s: Rc<AppState>, register: Register) -> Rc<AppState> {
        s.apply(Action::Open { register: Box::new(register), today: today(), restored: false })
    }

    #[test]
    fn opening_a_register_analyses_it_and_counts_a_revision() {
        let s = open(Rc::default(), banking());
        let w = s.workspace.as_ref().unwrap();
        assert_eq!(w.analysis.ratings.len(), w.register.risks.len());
        assert!(!w.analysis.findings.is_empty());
        assert_eq!(s.revision, 1);
    }

    #[test]
    fn a_refused_file_keeps_the_register_on_screen() {
        let s = open(Rc::default(), banking());
        let error = import("{ not json").unwrap_err();
        let s2 = s.clone().apply(Action::Refuse(RefusedFile { file: "bad.json".into(), error }));
        assert_eq!(s2.workspace, s.workspace);
        assert_eq!(s2.revision, s.revision, "nothing to save");
        assert_eq!(s2.refused.as_ref().unwrap().file, "bad.json");
    }

    #[test]
    fn restoring_from_storage_does_not_save_again() {
        let s = AppState::default();
        let s = Rc::new(s).apply(Action::Open { register: Box::new(banking()), today: today(), restored: true });
        assert_eq!(s.revision, 0);
    }

    #[test]
    fn changing_teams_reschedules_and_a_no_op_keeps_the_same_state() {
        let s = open(Rc::default(), banking());
        let same = s.clone().apply(Action::SetTeams(Teams::Unlimited));
        assert!(Rc::ptr_eq(&s, &same));
        let one = s.clone().apply(Action::SetTeams(Teams::Limited(std::num::NonZeroUsize::MIN)));
        let last = |s: &AppState| s.workspace.as_ref().unwrap().analysis.recovery.last().unwrap().finish;
        assert!(last(&one) > last(&s));
        let busy = s.clone().apply(Action::Busy("Opening a.json…".into()));
        assert!(Rc::ptr_eq(&busy, &busy.clone().apply(Action::Busy("Opening a.json…".into()))));
        let dismissed = s.clone().apply(Action::DismissRefused);
        assert!(Rc::ptr_eq(&s, &dismissed));
    }

    #[test]
    fn new_scales_rescore_everything_and_invalid_ones_are_ignored() {
        use rampart_core::model::Scales;
        let s = open(Rc::default(), banking());
        let three = Scales { impact: Some(vec!["Low".into(), "Medium".into(), "High".into()]), ..Default::default() };
        let s2 = s.clone().apply(Action::SetScales(three));
        assert_eq!(s2.revision, s.revision + 1, "an edit is saved");
        let codes = |s: &AppState| {
            s.workspace.as_ref().unwrap().analysis.findings.iter().filter(|f| f.code() == "SCALE_OUT_OF_RANGE").count()
        };
        assert_eq!(codes(&s), 0);
        assert!(codes(&s2) > 0, "impact levels 4 and 5 are now outside the scale");
        let one_level = Scales { likelihood: Some(vec!["Only".into()]), ..Default::default() };
        assert!(Rc::ptr_eq(&s2, &s2.clone().apply(Action::SetScales(one_level))));
    }

    #[test]
    fn saving_is_tracked_by_revision() {
        let s = open(Rc::default(), banking());
        assert!(!s.all_saved());
        let s = s.apply(Action::SavedOk(1));
        assert!(s.all_saved());
        let same = s.clone().apply(Action::SavedOk(1));
        assert!(Rc::ptr_eq(&s, &same));
        let exported = s.clone().apply(Action::ExportFailed(Some("blocked".into())));
        assert!(exported.all_saved(), "a failed download is not a failed save");
        assert!(exported.apply(Action::ExportFailed(None)).export_problem.is_none());
        let s = s.apply(Action::SaveFailed("full".into()));
        assert!(!s.all_saved());
    }

    #[test]
    fn keeping_mine_after_another_tab_saved_saves_again() {
        let s = open(Rc::default(), banking()).apply(Action::ChangedElsewhere);
        assert!(s.changed_elsewhere);
        let s = s.apply(Action::KeepMine);
        assert!(!s.changed_elsewhere);
        assert_eq!(s.revision, 2);
    }
}

#[cfg(test)]
mod edit_tests {
    use super::*;
    use rampart_core::import;
    use rampart_core::model::Rating;

    fn today() -> Date {
        Date::parse("2026-11-23").unwrap()
    }

    fn opened() -> Rc<AppState> {
        let register = import(include_str!("../examples/online-banking.json")).unwrap();
        Rc::new(AppState::default()).apply(Action::Open {
            register: Box::new(register),
            today: today(),
            restored: false,
        })
    }

    fn workspace(s: &AppState) -> &Workspace {
        s.workspace.as_ref().unwrap()
    }

    /// The analysis, updated edit by edit, says what a full analysis says (findings in any order).
    fn assert_up_to_date(w: &Workspace) {
        let full = analyse(&w.register, &w.options);
        assert_eq!(w.analysis.ratings, full.ratings);
        let reports = |a: &Analysis| {
            let mut v: Vec<String> = a.findings.iter().map(|f| f.report(&w.register).to_string()).collect();
            v.sort();
            v
        };
        assert_eq!(reports(&w.analysis), reports(&full));
    }

    fn save(s: Rc<AppState>, risk: Risk, replacing: Option<&str>) -> Rc<AppState> {
        let replacing = replacing.map(|id| Id::new(id).unwrap());
        s.apply(Action::SaveRisk { risk: Box::new(risk), replacing, note: Some("Quarterly review".into()) })
    }

    fn save_service(s: Rc<AppState>, service: rampart_core::model::Service, replacing: Option<&str>) -> Rc<AppState> {
        let replacing = replacing.map(|id| Id::new(id).unwrap());
        s.apply(Action::SaveService { service: Box::new(service), replacing })
    }

    #[test]
    fn a_renamed_node_takes_every_reference_with_it() {
        let s = opened();
        let w = workspace(&s);
        let mut isp = w.register.services.iter().find(|x| x.id.as_str() == "isp-north").unwrap().clone();
        isp.id = Id::new("isp-northnet").unwrap();
        let s2 = save_service(s.clone(), isp, Some("isp-north"));
        let w2 = workspace(&s2);
        let json = rampart_core::import::to_json(&w2.register);
        assert!(!json.contains("\"isp-north\""), "no reference to the old id is left");
        assert_eq!(json.matches("\"isp-northnet\"").count(), json_count(&w.register, "\"isp-north\""));
        assert_eq!(w2.register.services.len(), w.register.services.len());
        assert_up_to_date(w2);
        assert!(w2.analysis.findings.iter().all(|f| f.code() != "REF_UNKNOWN"));
        assert_eq!(workspace(&s2.apply(Action::Undo)), w);
    }

    fn json_count(r: &Register, needle: &str) -> usize {
        rampart_core::import::to_json(r).matches(needle).count()
    }

    #[test]
    fn a_new_node_is_added_and_a_taken_id_is_refused() {
        let s = opened();
        let n = workspace(&s).register.services.len();
        let mut site = rampart_core::model::Service::new(Id::new("dc-secondary").unwrap(), "Secondary data centre");
        site.depends_on = vec![Dependency::On("dc-primary".into())];
        let s2 = save_service(s.clone(), site.clone(), None);
        assert_eq!(workspace(&s2).register.services.len(), n + 1);
        assert_up_to_date(workspace(&s2));
        site.id = Id::new("R-001").unwrap();
        assert!(Rc::ptr_eq(&s, &save_service(s.clone(), site, None)), "a risk's id");
    }

    #[test]
    fn a_deleted_node_leaves_its_references_to_be_seen_and_comes_back_with_undo() {
        let s = opened();
        let deleted = s.clone().apply(Action::DeleteService(Id::new("dc-primary").unwrap()));
        let w = workspace(&deleted);
        assert!(!w.register.has_service("dc-primary"));
        assert_up_to_date(w);
        let unknown = w.analysis.findings.iter().filter(|f| f.code() == "REF_UNKNOWN").count();
        assert!(unknown >= 3, "core-banking, database and identity needed it");
        assert_eq!(workspace(&deleted.apply(Action::Undo)), workspace(&s));
    }

    #[test]
    fn an_agreement_is_saved_in_place_analysed_deleted_and_undone() {
        let s = opened();
        let mut uc = workspace(&s).register.agreements[2].clone();
        uc.targets[0].response = rampart_core::model::Hours::new(0.25).unwrap();
        let id = uc.id.clone();
        let s2 =
            s.clone().apply(Action::SaveAgreement { agreement: Box::new(uc.clone()), replacing: Some(id.clone()) });
        let w = workspace(&s2);
        assert_eq!(w.register.agreements[2], uc);
        assert_up_to_date(w);
        let taken = rampart_core::model::Agreement { id: Id::new("R-001").unwrap(), ..uc };
        assert!(Rc::ptr_eq(
            &s2,
            &s2.clone().apply(Action::SaveAgreement { agreement: Box::new(taken), replacing: Some(id.clone()) })
        ));
        let deleted = s2.apply(Action::DeleteAgreement(id));
        assert_eq!(workspace(&deleted).register.agreements.len(), workspace(&s).register.agreements.len() - 1);
        assert_up_to_date(workspace(&deleted));
        assert_eq!(workspace(&deleted.apply(Action::Undo)).register.agreements[2].targets[0].response.get(), 0.25);
    }

    #[test]
    fn a_renamed_supplier_is_renamed_in_its_contracts_and_a_deleted_one_leaves_them_unknown() {
        let s = opened();
        let w = workspace(&s);
        let old = w.register.suppliers[0].clone();
        let naming = |r: &Register, id: &str| r.agreements.iter().filter(|a| a.party.as_deref() == Some(id)).count();
        let before = naming(&w.register, &old.id);
        assert!(before > 0);
        let renamed = rampart_core::model::Supplier { id: Id::new("renamed").unwrap(), ..old.clone() };
        let s2 = s.clone().apply(Action::SaveSupplier { supplier: renamed, replacing: Some(old.id.clone()) });
        let w2 = workspace(&s2);
        assert_eq!((naming(&w2.register, "renamed"), naming(&w2.register, &old.id)), (before, 0));
        assert_up_to_date(w2);
        let deleted = s2.apply(Action::DeleteSupplier(Id::new("renamed").unwrap()));
        let unknown = workspace(&deleted).analysis.findings.iter().filter(|f| f.code() == "REF_UNKNOWN").count();
        assert_eq!(unknown, before, "each contract naming it now names nothing");
    }

    #[test]
    fn a_new_risk_is_added_analysed_and_recorded_in_its_history() {
        let s = opened();
        let n = workspace(&s).register.risks.len();
        let risk = Risk::new(Id::new("R-900").unwrap(), "Flood in the data centre", Rating::new(5, 2));
        let s2 = save(s.clone(), risk, None);
        let w = workspace(&s2);
        assert_eq!(w.register.risks.len(), n + 1);
        assert_up_to_date(w);
        let added = w.register.risks.last().unwrap();
        assert_eq!(added.history.len(), 1, "its first assessment");
        assert_eq!((added.history[0].impact.0, added.history[0].likelihood.0), (5, 2));
        assert_eq!(added.history[0].date, Some(today()));
        assert_eq!(s2.revision, s.revision + 1);
    }

    #[test]
    fn an_edit_adds_to_the_history_only_when_the_residual_rating_changes() {
        let s = opened();
        let mut risk = workspace(&s).register.risks[0].clone();
        let before = risk.history.len();
        risk.title = "Ransomware (reworded)".into();
        let s = save(s, risk.clone(), Some("R-001"));
        assert_eq!(workspace(&s).register.risks[0].history.len(), before, "same residual: no new entry");
        risk.residual = Some(Rating::new(2, 2));
        risk.history.clear(); // as an editor opened before the last save might have it
        let s = save(s, risk, Some("R-001"));
        let w = workspace(&s);
        let history = &w.register.risks[0].history;
        assert_eq!(history.len(), before + 1);
        assert_eq!(history.last().unwrap().note.as_deref(), Some("Quarterly review"));
        assert_eq!(w.analysis.ratings[0].residual.score, 4);
        assert_up_to_date(w);
    }

    #[test]
    fn a_risk_taking_another_items_id_is_refused() {
        let s = opened();
        let mut risk = workspace(&s).register.risks[0].clone();
        risk.id = Id::new("R-002").unwrap();
        assert!(Rc::ptr_eq(&s, &save(s.clone(), risk.clone(), Some("R-001"))));
        risk.id = Id::new("R-001").unwrap();
        risk.controls[0].id = Id::new("core-banking").unwrap();
        assert!(Rc::ptr_eq(&s, &save(s.clone(), risk, Some("R-001"))));
    }

    #[test]
    fn delete_then_undo_gives_back_the_same_register() {
        let s = opened();
        let deleted = s.clone().apply(Action::DeleteRisk(Id::new("R-003").unwrap()));
        let w = workspace(&deleted);
        assert!(w.register.risks.iter().all(|r| r.id.as_str() != "R-003"));
        assert_up_to_date(w);
        assert_eq!(deleted.undo.as_ref().unwrap().label, "Deleted risk R-003");
        let undone = deleted.apply(Action::Undo);
        assert_eq!(workspace(&undone), workspace(&s));
        assert!(undone.undo.is_none());
        assert_eq!(undone.revision, s.revision + 2, "the undo is saved too");
        assert!(Rc::ptr_eq(&undone, &undone.clone().apply(Action::Undo)), "nothing more to undo");
    }

    #[test]
    fn risks_imported_from_a_spreadsheet_update_and_add_and_can_be_undone() {
        use crate::csv_import::{plan, CsvTable, Mapping};
        let s = opened();
        let w = workspace(&s);
        let table = CsvTable::parse(
            b"id,title,impact,likelihood,residual_impact,residual_likelihood\n\
                                       R-001,Ransomware,5,4,1,1\nR-900,Flood,2,2,,\n",
        )
        .unwrap();
        let plan = plan(&w.register, &w.analysis.scales, &table, &Mapping::guess(&table.headers)).unwrap();
        let n = w.register.risks.len();
        let s2 = s.clone().apply(Action::ImportRisks { file: "register.csv".into(), plan });
        let w2 = workspace(&s2);
        assert_eq!(w2.register.risks.len(), n + 1);
        assert_eq!(w2.analysis.ratings[0].residual.score, 1);
        let last = w2.register.risks[0].history.last().unwrap();
        assert_eq!(
            (last.impact.0, last.likelihood.0, last.note.as_deref()),
            (1, 1, Some("Imported from register.csv"))
        );
        assert_up_to_date(w2);
        assert_eq!(s2.undo.as_ref().unwrap().label, "Imported 2 risks from register.csv (1 new)");
        assert_eq!(workspace(&s2.apply(Action::Undo)), w);
    }
}
