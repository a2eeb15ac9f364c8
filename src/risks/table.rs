//! The risk table's rows: filtering and sorting by the query in the URL. Plain
//! Rust, so it is tested and measured natively.

use std::cmp::Ordering;

use rampart_core::lifecycle::{AppetiteStanding, Quick, Standing};
use rampart_core::{Analysis, Register};

use crate::app::route::{query_pairs, to_query};

/// A sortable column of the risk table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Id,
    Title,
    Owner,
    Category,
    Status,
    Inherent,
    Residual,
    Target,
    Review,
}

impl Column {
    const ALL: [Column; 9] = [
        Column::Id,
        Column::Title,
        Column::Owner,
        Column::Category,
        Column::Status,
        Column::Inherent,
        Column::Residual,
        Column::Target,
        Column::Review,
    ];

    /// The column's name in the URL.
    pub fn name(self) -> &'static str {
        ["id", "title", "owner", "category", "status", "inherent", "residual", "target", "review"][self as usize]
    }
}

/// What the table shows, as it appears in the URL (`#/risks?q=fraud&sort=residual&desc=true`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RiskQuery {
    /// Free text, matched case-insensitively in id, title, owner and category.
    pub q: String,
    pub category: Option<String>,
    pub owner: Option<String>,
    /// `new`, `open` or `closed`.
    pub status: Option<String>,
    /// The residual band's name.
    pub band: Option<String>,
    /// A heat-map cell: `inherent-4-3` or `residual-4-3` (impact, then likelihood).
    pub cell: Option<String>,
    /// A quick answer: the risks the lifecycle says answer it.
    pub quick: Option<Quick>,
    pub sort: Option<Column>,
    pub desc: bool,
}

impl RiskQuery {
    /// Reads a URL query; unknown names and unknown columns are ignored.
    pub fn parse(query: &str) -> RiskQuery {
        let mut out = RiskQuery::default();
        for (name, value) in query_pairs(query) {
            match name.as_str() {
                "q" => out.q = value,
                "category" => out.category = Some(value),
                "owner" => out.owner = Some(value),
                "status" => out.status = Some(value),
                "band" => out.band = Some(value),
                "cell" => out.cell = Some(value),
                "quick" => out.quick = Quick::from_key(&value),
                "sort" => out.sort = Column::ALL.into_iter().find(|c| c.name() == value),
                "desc" => out.desc = value == "true",
                _ => {}
            }
        }
        out
    }

    /// The URL query: only what differs from the default.
    pub fn to_query(&self) -> String {
        let text = (!self.q.is_empty()).then_some(("q", self.q.as_str()));
        let filters = [
            ("category", &self.category),
            ("owner", &self.owner),
            ("status", &self.status),
            ("band", &self.band),
            ("cell", &self.cell),
        ];
        let quick = self.quick.map(|q| ("quick", q.key()));
        let filters = filters.into_iter().filter_map(|(k, v)| v.as_deref().map(|v| (k, v))).chain(quick);
        let sort = self.sort.map(|c| ("sort", c.name()));
        let desc = self.desc.then_some(("desc", "true"));
        to_query(text.into_iter().chain(filters).chain(sort).chain(desc))
    }
}

/// Lower-cased search text of each risk, built once per register.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchIndex(Vec<String>);

impl SearchIndex {
    pub fn new(register: &Register) -> Self {
        SearchIndex(
            register
                .risks
                .iter()
                .map(|r| {
                    let mut s = String::with_capacity(r.id.len() + r.title.len() + 48);
                    for part in [Some(r.id.as_str()), Some(r.title.as_str()), r.owner.as_deref(), r.category.as_deref()]
                        .into_iter()
                        .flatten()
                    {
                        s.push_str(&part.to_lowercase());
                        s.push('\u{1f}');
                    }
                    s
                })
                .collect(),
        )
    }
}

/// A heat-map cell as written in the URL: `residual-4-3`.
pub fn cell_key(which: crate::risks::charts::Which, impact: i64, likelihood: i64) -> String {
    format!("{}-{impact}-{likelihood}", which.key())
}

pub fn parse_cell(key: &str) -> Option<(crate::risks::charts::Which, i64, i64)> {
    let mut parts = key.split('-');
    let which = match parts.next()? {
        "inherent" => crate::risks::charts::Which::Inherent,
        "residual" => crate::risks::charts::Which::Residual,
        _ => return None,
    };
    Some((which, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// The positions of the risks to show, in display order; `standings` are the
/// lifecycle's (`rampart_core::lifecycle::standings`) for quick answers.
pub fn rows(
    register: &Register,
    analysis: &Analysis,
    standings: &[Standing],
    index: &SearchIndex,
    query: &RiskQuery,
) -> Vec<usize> {
    let needle = query.q.trim().to_lowercase();
    // One searcher for all 50 000 texts, not one per text.
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let band = query.band.as_deref();
    let cell = query.cell.as_deref().and_then(parse_cell);
    let mut rows: Vec<usize> = (0..register.risks.len())
        .filter(|&i| {
            let r = &register.risks[i];
            (needle.is_empty() || index.0.get(i).is_some_and(|h| finder.find(h.as_bytes()).is_some()))
                && query.category.as_deref().is_none_or(|c| r.category.as_deref() == Some(c))
                && query.owner.as_deref().is_none_or(|o| r.owner.as_deref() == Some(o))
                && query.status.as_deref().is_none_or(|s| r.status().key() == s)
                && band.is_none_or(|b| analysis.scales.band_name(analysis.ratings[i].residual.band) == Some(b))
                && query.quick.is_none_or(|q| standings.get(i).is_some_and(|s| s.answers(q)))
                && cell.is_none_or(|(which, impact, likelihood)| {
                    let s = which.of(&analysis.ratings[i]);
                    (s.impact, s.likelihood) == (impact, likelihood)
                })
        })
        .collect();
    if let Some(column) = query.sort {
        let risks = &register.risks;
        // Lower-cased once, not in every comparison of the sort.
        let titles: Vec<String> = match column {
            Column::Title => risks.iter().map(|r| r.title.to_lowercase()).collect(),
            _ => Vec::new(),
        };
        let primary = |a: &usize, b: &usize| -> Ordering {
            let (ra, rb) = (&risks[*a], &risks[*b]);
            let (ga, gb) = (&analysis.ratings[*a], &analysis.ratings[*b]);
            match column {
                Column::Id => Ordering::Equal,
                Column::Title => titles[*a].cmp(&titles[*b]),
                Column::Owner => ra.owner.cmp(&rb.owner),
                Column::Category => ra.category.cmp(&rb.category),
                Column::Status => ra.status().key().cmp(rb.status().key()),
                Column::Inherent => ga.inherent.score.cmp(&gb.inherent.score),
                Column::Residual => ga.residual.score.cmp(&gb.residual.score),
                Column::Target => ga.target.score.cmp(&gb.target.score),
                Column::Review => ra.review_date.cmp(&rb.review_date),
            }
        };
        // Ties always in ascending id order, whichever way the column sorts.
        rows.sort_by(|a, b| {
            let order = primary(a, b);
            let order = if query.desc { order.reverse() } else { order };
            order.then_with(|| risks[*a].id.as_str().cmp(risks[*b].id.as_str()))
        });
    }
    rows
}

/// The register's risk categories and owners, each sorted and once: the table's
/// filters and the editor's suggestions.
pub fn categories_and_owners(register: &Register) -> (Vec<String>, Vec<String>) {
    let distinct = |get: fn(&rampart_core::model::Risk) -> Option<&str>| {
        let mut v: Vec<String> = register.risks.iter().filter_map(get).map(String::from).collect();
        v.sort();
        v.dedup();
        v
    };
    (distinct(|x| x.category.as_deref()), distinct(|x| x.owner.as_deref()))
}

/// What the table's appetite column says of a risk, from its lifecycle
/// standing: a class for the cell and the words. Empty for a risk within
/// appetite (or one appetite does not apply to) with nothing about its
/// acceptance to say.
pub fn appetite_note(s: &Standing) -> (&'static str, String) {
    let why = match (s.acceptance_expired, s.acceptance_outdated) {
        (Some(expired), _) => format!("; acceptance expired {expired}"),
        (None, Some(score)) => format!("; {score} was accepted"),
        (None, None) => String::new(),
    };
    match s.appetite {
        AppetiteStanding::Above { score, appetite } => ("above", format!("above ({score} > {appetite}){why}")),
        AppetiteStanding::Accepted { until: Some(until), .. } => ("accepted", format!("accepted until {until}")),
        AppetiteStanding::Accepted { until: None, .. } => ("accepted", "accepted".into()),
        AppetiteStanding::Within if s.opportunity => ("", "opportunity".into()),
        AppetiteStanding::Within => ("", String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_core::model::Date;

    fn banking() -> (Register, Analysis, Vec<Standing>) {
        let r = crate::app::testing::example();
        let a = crate::app::testing::analysed(&r);
        let standings = rampart_core::lifecycle::standings(&r, &a, crate::app::testing::options().today).risks;
        (r, a, standings)
    }

    fn ids(r: &Register, rows: &[usize]) -> Vec<String> {
        rows.iter().map(|&i| r.risks[i].id.to_string()).collect()
    }

    #[test]
    fn free_text_matches_any_case_in_id_title_owner_and_category() {
        let (r, a, standings) = banking();
        let index = SearchIndex::new(&r);
        let q = |text: &str| {
            ids(&r, &rows(&r, &a, &standings, &index, &RiskQuery { q: text.into(), ..Default::default() }))
        };
        assert_eq!(q("RANSOMWARE"), ["R-001"]);
        assert_eq!(
            q("r-01"),
            ["R-010", "R-011", "R-012", "R-013", "R-014", "R-015", "R-016", "R-017", "R-018", "R-019"]
        );
        assert_eq!(q("mlro"), ["R-020"]);
        assert_eq!(q("").len(), 24);
    }

    #[test]
    fn filters_combine_and_sorting_breaks_ties_by_id() {
        let (r, a, standings) = banking();
        let index = SearchIndex::new(&r);
        let query = RiskQuery {
            category: Some("Information security".into()),
            sort: Some(Column::Residual),
            desc: true,
            ..Default::default()
        };
        assert_eq!(ids(&r, &rows(&r, &a, &standings, &index, &query)), ["R-003", "R-001", "R-002", "R-009", "R-021"]);
        let by_score = RiskQuery { sort: Some(Column::Residual), desc: true, ..Default::default() };
        let top: Vec<String> = ids(&r, &rows(&r, &a, &standings, &index, &by_score)).into_iter().take(4).collect();
        assert_eq!(top, ["R-003", "R-004", "R-008", "R-023"], "ties (12) in ascending id order");
        let by_title = RiskQuery { sort: Some(Column::Title), ..Default::default() };
        let first: Vec<String> = ids(&r, &rows(&r, &a, &standings, &index, &by_title)).into_iter().take(2).collect();
        assert_eq!(first, ["R-012", "R-016"], "titles sort ignoring case: 'APP fraud…' before 'Batch overnight…'");
        let closed = RiskQuery { status: Some("closed".into()), ..Default::default() };
        assert_eq!(ids(&r, &rows(&r, &a, &standings, &index, &closed)), ["R-019"]);
        let high =
            RiskQuery { band: Some("High".into()), owner: Some("Head of Payments".into()), ..Default::default() };
        assert_eq!(ids(&r, &rows(&r, &a, &standings, &index, &high)), ["R-006"]);
    }

    #[test]
    fn a_heat_map_cell_selects_its_risks() {
        let (r, a, standings) = banking();
        let index = SearchIndex::new(&r);
        let cell = cell_key(crate::risks::charts::Which::Residual, 3, 3);
        let q = RiskQuery { cell: Some(cell), ..Default::default() };
        let shown = ids(&r, &rows(&r, &a, &standings, &index, &q));
        assert!(shown.contains(&"R-001".to_string()), "{shown:?}");
        let all: Vec<usize> = (0..r.risks.len()).collect();
        let map = crate::risks::charts::heat_map(&a, crate::risks::charts::Which::Residual, &all, "risks");
        assert_eq!(shown.len(), map.counts[2][2]);
        let bad = RiskQuery { cell: Some("sideways-1".into()), ..Default::default() };
        assert_eq!(rows(&r, &a, &standings, &index, &bad).len(), 24, "a malformed cell filters nothing");
    }

    #[test]
    fn a_quick_answer_shows_the_risks_the_lifecycle_counts() {
        let (r, a, standings) = banking();
        let index = SearchIndex::new(&r);
        let counted = rampart_core::lifecycle::standings(&r, &a, crate::app::testing::options().today);
        for quick in Quick::ALL {
            let q = RiskQuery { quick: Some(*quick), ..Default::default() };
            let shown = rows(&r, &a, &standings, &index, &q);
            assert_eq!(shown.len(), counted.count(*quick), "{quick:?}");
            assert!(shown.iter().all(|&i| standings[i].answers(*quick)));
        }
        let closed = RiskQuery { quick: Some(Quick::Closed), ..Default::default() };
        assert_eq!(ids(&r, &rows(&r, &a, &standings, &index, &closed)), ["R-019"]);
    }

    #[test]
    fn the_appetite_column_says_accepted_until_when_and_why_an_acceptance_no_longer_holds() {
        let above = AppetiteStanding::Above { score: 16, appetite: rampart_core::model::Threshold::whole(6) };
        let note = |s: Standing| appetite_note(&s);
        assert_eq!(note(Standing { appetite: above, ..Default::default() }), ("above", "above (16 > 6)".into()));
        let expired = Date::parse("2026-11-01").ok();
        assert_eq!(
            note(Standing { appetite: above, acceptance_expired: expired, ..Default::default() }),
            ("above", "above (16 > 6); acceptance expired 2026-11-01".into())
        );
        assert_eq!(
            note(Standing { appetite: above, acceptance_outdated: Some(12), ..Default::default() }),
            ("above", "above (16 > 6); 12 was accepted".into())
        );
        let until = Date::parse("2027-03-31").ok();
        let accepted =
            AppetiteStanding::Accepted { score: 16, appetite: rampart_core::model::Threshold::whole(6), until };
        assert_eq!(
            note(Standing { appetite: accepted, ..Default::default() }),
            ("accepted", "accepted until 2027-03-31".into())
        );
        assert_eq!(note(Standing { closed: true, ..Default::default() }), ("", String::new()), "closed: nothing");
        // The example's closed risk R-019 is above appetite by its score, yet not flagged.
        let (r, _, standings) = banking();
        let closed = r.risks.iter().position(|x| x.id.as_str() == "R-019").unwrap();
        assert_eq!(appetite_note(&standings[closed]).1, "");
    }

    #[test]
    fn the_query_round_trips_through_the_url() {
        let query = RiskQuery { q: "fraud risk".into(), sort: Some(Column::Review), desc: true, ..Default::default() };
        let text = query.to_query();
        assert_eq!(text, "q=fraud%20risk&sort=review&desc=true");
        assert_eq!(RiskQuery::parse(&text), query);
        assert_eq!(RiskQuery::parse(""), RiskQuery::default());
        let every = RiskQuery {
            q: "a&b=c".into(),
            category: Some("Information security".into()),
            owner: Some("É".into()),
            status: Some("open".into()),
            band: Some("High".into()),
            cell: Some("residual-4-3".into()),
            quick: Some(Quick::AcceptanceDue),
            sort: Some(Column::Target),
            desc: false,
        };
        assert_eq!(RiskQuery::parse(&every.to_query()), every);
        for column in Column::ALL {
            let q = RiskQuery { sort: Some(column), ..Default::default() };
            assert_eq!(RiskQuery::parse(&q.to_query()), q);
        }
        assert_eq!(RiskQuery::parse("sort=sideways&x=1"), RiskQuery::default());
    }
}
