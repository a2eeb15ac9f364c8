//! The actions list across the register (`#/actions`): every treatment action
//! with its risk, filtered by owner, status and overdue, soonest due first.
//! Plain Rust, tested natively; whether an action is overdue is the engine's.

use rampart_core::lifecycle::ActionLine;
use rampart_core::model::{ActionStatus, Register};

use crate::app::route::{query_pairs, to_query};

/// What the list shows, as it appears in the URL (`#/actions?owner=CISO&overdue=true`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActionQuery {
    pub owner: Option<String>,
    pub status: Option<ActionStatus>,
    pub overdue: bool,
}

impl ActionQuery {
    pub fn parse(query: &str) -> Self {
        let mut out = ActionQuery::default();
        for (name, value) in query_pairs(query) {
            match name.as_str() {
                "owner" => out.owner = Some(value),
                "status" => out.status = ActionStatus::from_key(&value),
                "overdue" => out.overdue = value == "true",
                _ => {}
            }
        }
        out
    }

    pub fn to_query(&self) -> String {
        let owner = self.owner.as_deref().map(|o| ("owner", o));
        let status = self.status.map(|s| ("status", s.key()));
        let overdue = self.overdue.then_some(("overdue", "true"));
        to_query(owner.into_iter().chain(status).chain(overdue))
    }
}

/// The actions `query` keeps, soonest due first (those without a date last),
/// then in register order.
pub fn rows(register: &Register, lines: &[ActionLine], query: &ActionQuery) -> Vec<ActionLine> {
    let action = |l: &ActionLine| &register.risks[l.risk].actions[l.action];
    let mut rows: Vec<ActionLine> = (lines.iter().copied())
        .filter(|l| {
            let a = action(l);
            query.owner.as_deref().is_none_or(|o| a.owner.as_deref() == Some(o))
                && query.status.is_none_or(|s| a.status == s)
                && (!query.overdue || l.overdue)
        })
        .collect();
    rows.sort_by_key(|l| (action(l).due.is_none(), action(l).due));
    rows
}

/// The owners of the register's actions, sorted, each once.
pub fn owners(register: &Register) -> Vec<String> {
    let mut v: Vec<String> = register.risks.iter().flat_map(|r| &r.actions).filter_map(|a| a.owner.clone()).collect();
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_lists_its_actions_soonest_first_and_filters_them() {
        let r = crate::app::testing::example();
        let a = crate::app::testing::analysed(&r);
        let lines = rampart_core::lifecycle::action_lines(&r, &a);
        let id = |l: &ActionLine| r.risks[l.risk].actions[l.action].id.to_string();
        let all: Vec<String> = rows(&r, &lines, &ActionQuery::default()).iter().map(id).collect();
        assert_eq!(all, ["R-001-A1", "R-003-A1", "R-001-A2", "R-024-A1"]);
        let overdue = ActionQuery { overdue: true, ..Default::default() };
        let late: Vec<String> = rows(&r, &lines, &overdue).iter().map(id).collect();
        assert_eq!(late, ["R-001-A1", "R-003-A1"]);
        let planned = ActionQuery {
            status: Some(ActionStatus::Planned),
            owner: Some("Identity and Access Manager".into()),
            overdue: false,
        };
        assert_eq!(rows(&r, &lines, &planned).iter().map(id).collect::<Vec<_>>(), ["R-003-A1"]);
        assert_eq!(ActionQuery::parse(&planned.to_query()), planned);
        assert_eq!(owners(&r).len(), 4);
    }
}
