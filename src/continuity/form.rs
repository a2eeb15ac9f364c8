//! The services editor's form: every field of a BIA node (SPEC §4) as typed,
//! checked into a [`Service`]. Plain Rust, so the checks are tested natively.
//!
//! Two kinds of problem are shown at their inputs. A value that cannot be stored
//! (a bad number, a taken id) stops the save. What the engine would report of the
//! node (an unknown dependency, RTO above MTPD, a cycle) is a warning: a BIA may
//! be saved half-finished, and the findings list keeps the warning in view.

use rampart_core::findings::{Finding, FindingKind, Subject};

use crate::app::form_values::{self, kept_required, kept_text};
use rampart_core::model::{
    AnyOf, Dependency, Extras, Hours, Id, ImpactCurve, ImpactRating, Level, NodeKind, Register, Service,
};

/// One entry of `depends_on` as chosen: a node, or (`any_of`) alternatives of
/// which one is enough.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DependencyForm {
    pub any_of: bool,
    /// Node ids; a plain dependency uses the first.
    pub members: Vec<String>,
    extra: Extras,
}

impl DependencyForm {
    pub fn on(id: impl Into<String>) -> Self {
        DependencyForm { any_of: false, members: vec![id.into()], extra: Extras::default() }
    }

    pub fn any_of(ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        DependencyForm { any_of: true, members: ids.into_iter().map(Into::into).collect(), extra: Extras::default() }
    }

    /// The ids this entry names.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        let members = if self.any_of { &self.members[..] } else { &self.members[..self.members.len().min(1)] };
        members.iter().map(|m| m.trim()).filter(|m| !m.is_empty())
    }
}

/// One impact-over-time rating as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImpactForm {
    pub hours: String,
    pub level: String,
}

/// The node as typed. Text fields hold what the inputs hold; empty means absent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceForm {
    pub id: String,
    pub name: String,
    /// A `NodeKind` key.
    pub kind: String,
    pub owner: String,
    pub mtpd: String,
    pub rto: String,
    pub rpo: String,
    pub recovery: String,
    pub availability: String,
    pub impact: Vec<ImpactForm>,
    pub depends_on: Vec<DependencyForm>,
    /// The node when the form was opened: its unknown fields are kept.
    base: Option<Service>,
    /// The id of the node being edited; `None` for a new one.
    editing: Option<Id>,
}

/// The input a problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Name,
    Mtpd,
    Rto,
    Rpo,
    Recovery,
    Availability,
    Impact(usize),
    Dependency(usize),
}

/// A problem or a warning at one input of the services editor.
pub type Problem = crate::app::form_kit::Problem<Field>;

fn hours_text(h: Option<Hours>) -> String {
    h.map(|h| h.get().to_string()).unwrap_or_default()
}

impl ServiceForm {
    /// A new node of the given kind.
    pub fn blank(id: String, kind: NodeKind) -> Self {
        ServiceForm { id, kind: kind.key().into(), ..ServiceForm::default() }
    }

    pub fn from_service(s: &Service) -> Self {
        ServiceForm {
            id: s.id.to_string(),
            name: s.name.clone(),
            kind: s.kind.unwrap_or_default().key().into(),
            owner: s.owner.clone().unwrap_or_default(),
            mtpd: hours_text(s.mtpd),
            rto: hours_text(s.rto),
            rpo: hours_text(s.rpo),
            recovery: hours_text(s.recovery),
            availability: s.availability.map(|p| p.get().to_string()).unwrap_or_default(),
            impact: (s.impact.iter().flat_map(|c| &c.0))
                .map(|r| ImpactForm { hours: r.key.clone(), level: r.level.0.to_string() })
                .collect(),
            depends_on: s
                .depends_on
                .iter()
                .map(|d| match d {
                    Dependency::On(id) => DependencyForm::on(id.clone()),
                    Dependency::AnyOf(g) => {
                        DependencyForm { any_of: true, members: g.any_of.clone(), extra: g.extra.clone() }
                    }
                })
                .collect(),
            base: Some(s.clone()),
            editing: Some(s.id.clone()),
        }
    }

    /// The id of the node this form edits; `None` for a new one.
    pub fn editing(&self) -> Option<&Id> {
        self.editing.as_ref()
    }

    /// The node, or the problems that stop it being saved in `register`.
    pub fn check(&self, register: &Register) -> Result<Service, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut at = |field, message: String| problems.push(Problem::new(field, message));
        let id = form_values::free_id(&self.id, |id| register.id_taken(id, self.editing()))
            .map_err(|why| at(Field::Id, why))
            .ok();
        if self.name.trim().is_empty() {
            at(Field::Name, "Give the node a name".into());
        }
        let mut value = |field, read: Result<_, String>| read.map_err(|m| at(field, m)).ok().flatten();
        let mtpd = value(Field::Mtpd, form_values::hours(&self.mtpd, "MTPD"));
        let rto = value(Field::Rto, form_values::hours(&self.rto, "RTO"));
        let rpo = value(Field::Rpo, form_values::hours(&self.rpo, "RPO"));
        let recovery = value(Field::Recovery, form_values::hours(&self.recovery, "Recovery time"));
        let availability = form_values::percent(&self.availability, "Availability")
            .map_err(|m| at(Field::Availability, m))
            .ok()
            .flatten();

        let mut ratings: Vec<ImpactRating> = Vec::new();
        for (k, row) in self.impact.iter().enumerate() {
            let (h, l) = (row.hours.trim(), row.level.trim());
            if h.is_empty() && l.is_empty() {
                continue;
            }
            let plain = !h.is_empty() && h.bytes().all(|c| c.is_ascii_digit() || c == b'.');
            let hours = h.parse::<f64>().ok().filter(|h| plain && h.is_finite());
            let level = l.parse::<i64>().ok().filter(|l| *l >= 1);
            match (hours, level) {
                (Some(hours), _) if ratings.iter().any(|r| r.hours == hours) => {
                    at(Field::Impact(k), format!("Impact after {h} h is rated twice"))
                }
                (Some(hours), Some(level)) => ratings.push(ImpactRating { key: h.into(), hours, level: Level(level) }),
                (None, _) => at(Field::Impact(k), "Impact: a number of hours, 0 or more".into()),
                (_, None) => at(Field::Impact(k), "Impact: choose a level".into()),
            }
        }

        let mut depends_on = Vec::new();
        for (k, d) in self.depends_on.iter().enumerate() {
            let mut ids: Vec<String> = Vec::new();
            for id in d.ids() {
                if !ids.iter().any(|x| x == id) {
                    ids.push(id.into());
                }
            }
            match (d.any_of, ids.len()) {
                (_, 0) => at(Field::Dependency(k), "Choose the node it depends on".into()),
                (false, _) => depends_on.push(Dependency::On(ids.swap_remove(0))),
                (true, _) => depends_on.push(Dependency::AnyOf(AnyOf { any_of: ids, extra: d.extra.clone() })),
            }
        }

        let (Some(id), true) = (id, problems.is_empty()) else { return Err(problems) };
        let kind = NodeKind::from_key(&self.kind).unwrap_or_default();
        let base = self.base.as_ref();
        // Dependencies and impact ratings left as opened are written as the file had them.
        let opened = base.map(ServiceForm::from_service);
        let mut impact = (!ratings.is_empty()).then_some(ImpactCurve(ratings));
        if let (Some(o), Some(b)) = (&opened, base) {
            if o.depends_on == self.depends_on {
                depends_on = b.depends_on.clone();
            }
            if o.impact == self.impact {
                impact = b.impact.clone();
            }
        }
        Ok(Service {
            id,
            name: kept_required(base.map(|b| &b.name), &self.name),
            // `service` is the default: written only when the file had it.
            kind: Some(kind).filter(|k| *k != NodeKind::Service || base.is_some_and(|b| b.kind.is_some())),
            owner: kept_text(base.and_then(|b| b.owner.as_ref()), &self.owner),
            mtpd,
            rto,
            rpo,
            recovery,
            availability,
            impact,
            depends_on,
            extra: base.map(|b| b.extra.clone()).unwrap_or_default(),
        })
    }
}

/// What the engine says of `service` once in the register (in place of the node
/// at `at`, or added): warnings at the inputs they concern, and every finding
/// naming the node, with the register they speak of.
pub fn live_findings(
    service: &Service,
    register: &Register,
    at: Option<usize>,
) -> (Vec<Problem>, Register, Vec<Finding>) {
    let mut with = Register::new("");
    with.services = register.services.clone();
    let i = match at {
        Some(i) => {
            with.services[i] = service.clone();
            i
        }
        None => {
            with.services.push(service.clone());
            with.services.len() - 1
        }
    };
    let findings = rampart_core::service_findings(&with.services, i);
    let me = Subject::service(i);
    let mut warnings = Vec::new();
    let deps = |ids: &[&str]| -> Vec<Field> {
        let rows = service.depends_on.iter().enumerate();
        rows.filter(|(_, d)| d.ids().any(|m| ids.contains(&m))).map(|(k, _)| Field::Dependency(k)).collect()
    };
    for f in &findings {
        let named = f.subject_ids(&with);
        let fields = match &f.kind {
            FindingKind::RefUnknown { .. } => deps(&named[1..]),
            FindingKind::BiaCycle {} => deps(&named),
            FindingKind::BiaRtoInversion { .. } if f.subjects[0] == me => deps(&named[1..]),
            _ => vec![Field::Rto],
        };
        let message = f.message(&with);
        warnings.extend(fields.into_iter().map(|field| Problem::warning(field, message.clone())));
    }
    (warnings, with, findings)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use rampart_core::import;

    fn bia() -> Register {
        import(
            r#"{"format": "rampart-register", "version": 1, "name": "t", "services": [
            {"id": "SITE", "name": "Data centre", "kind": "site", "recovery": 4},
            {"id": "DB", "name": "Database", "kind": "system", "rto": 8, "recovery": 2, "depends_on": ["SITE"]},
            {"id": "PAY", "name": "Payments", "rto": 4, "mtpd": 24, "owner": "Ops", "availability": 99.9,
             "impact": {"4": 2, "24": 5}, "depends_on": [{"any_of": ["DB", "SITE"], "note": "kept"}], "x-extra": 1}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_node_reads_back_unchanged_from_its_form() {
        let r = bia();
        for s in &r.services {
            assert_eq!(ServiceForm::from_service(s).check(&r).as_ref(), Ok(s));
        }
    }

    #[test]
    fn what_cannot_be_stored_is_refused_at_its_input() {
        let r = bia();
        let mut form = ServiceForm::blank("DB".into(), NodeKind::System);
        form.rto = "soon".into();
        form.availability = "101".into();
        form.impact = vec![
            ImpactForm { hours: "4".into(), level: "2".into() },
            ImpactForm { hours: "4.0".into(), level: "3".into() },
        ];
        form.depends_on = vec![DependencyForm::any_of(Vec::<String>::new())];
        let problems = form.check(&r).unwrap_err();
        let fields: Vec<Field> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [Field::Id, Field::Name, Field::Rto, Field::Availability, Field::Impact(1), Field::Dependency(0)],
            "{problems:?}"
        );
        assert!(problems.iter().all(|p| p.blocking));
    }

    #[test]
    fn unknown_dependencies_rto_above_mtpd_and_cycles_are_warnings_at_their_inputs() {
        let r = bia();
        // The site now needs payments: SITE → PAY → (DB | SITE) → SITE is a cycle.
        let mut form = ServiceForm::from_service(&r.services[0]);
        form.depends_on = vec![DependencyForm::on("PAY"), DependencyForm::on("NOWHERE")];
        form.rto = "30".into();
        form.mtpd = "24".into();
        let site = form.check(&r).expect("warnings do not stop a save");
        let (warnings, _, findings) = live_findings(&site, &r, Some(0));
        let at = |field| warnings.iter().filter(|w| w.field == field).map(|w| w.message.as_str()).collect::<Vec<_>>();
        assert!(at(Field::Dependency(0)).iter().any(|m| m.contains("cycle")), "{warnings:?}");
        assert!(at(Field::Dependency(1)).iter().any(|m| m.contains("NOWHERE")), "{warnings:?}");
        assert!(at(Field::Rto).iter().any(|m| m.contains("maximum tolerable period")), "{warnings:?}");
        // Nodes that need the site, with shorter RTOs than its new one.
        assert!(at(Field::Rto).iter().any(|m| m.starts_with("DB has an RTO of 8 h")), "{warnings:?}");
        assert!(warnings.iter().all(|w| !w.blocking));
        let codes: HashSet<&str> = findings.iter().map(Finding::code).collect();
        assert_eq!(codes, HashSet::from(["BIA_CYCLE", "REF_UNKNOWN", "BIA_RTO_EXCEEDS_MTPD", "BIA_RTO_INVERSION"]));
        // Without the cycle, the unknown id and the long RTO, nothing is left.
        form.depends_on.clear();
        form.rto.clear();
        let site = form.check(&r).unwrap();
        assert_eq!(live_findings(&site, &r, Some(0)).0, []);
    }

    #[test]
    fn a_new_node_gets_the_next_free_id() {
        let mut r = bia();
        let next = |r: &Register| crate::app::form_values::next_id(r.services.iter().map(|s| &s.id), "S-");
        assert_eq!(next(&r), "S-1");
        r.services.push(Service::new(Id::new("S-7").unwrap(), "x"));
        assert_eq!(next(&r), "S-8");
    }
}
