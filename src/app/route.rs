//! The views and their addresses, after the `#` of the URL (`#/risk/R-001`,
//! `#/risks?q=fraud`). Plain Rust, so it is tested natively; `ui::router` keeps
//! the current route in step with the browser's address.

/// The views, one route each.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Route {
    Overview,
    Risks,
    Risk {
        id: String,
    },
    NewRisk,
    /// Every treatment action across the register.
    Actions,
    Continuity,
    /// A BIA node (service, process, system, site or supplier service).
    Service {
        id: String,
    },
    NewService,
    /// A failure scenario: the nodes it loses.
    Scenario {
        id: String,
    },
    NewScenario,
    /// A continuity exercise: each node's actual recovery time, notes and lessons.
    Exercise {
        id: String,
    },
    NewExercise,
    Sla,
    /// A customer SLA, supplier contract or OLA.
    Agreement {
        id: String,
    },
    NewAgreement,
    Findings,
    Scales,
    /// The management review pack, and the reviews recorded.
    Review,
    /// A management review's record: date, attendees, notes, decisions.
    ReviewRecord {
        id: String,
    },
    NewReview,
    /// Every register kept in this browser, the bin, and the open register's revisions.
    Registers,
    /// Two registers compared (`AppState::travel`).
    Compare,
    /// A file merged into the open register (`AppState::travel`).
    Merge,
    NotFound,
}

impl Route {
    pub const VIEWS: [(Route, &'static str); 8] = [
        (Route::Overview, "Overview"),
        (Route::Risks, "Risks"),
        (Route::Actions, "Actions"),
        (Route::Continuity, "Continuity"),
        (Route::Sla, "SLA alignment"),
        (Route::Findings, "Findings"),
        (Route::Scales, "Scales"),
        (Route::Review, "Review"),
    ];

    /// The view in the navigation this route belongs to.
    pub fn view(&self) -> Route {
        match self {
            Route::Risk { .. } | Route::NewRisk => Route::Risks,
            Route::Service { .. }
            | Route::NewService
            | Route::Scenario { .. }
            | Route::NewScenario
            | Route::Exercise { .. }
            | Route::NewExercise => Route::Continuity,
            Route::Agreement { .. } | Route::NewAgreement => Route::Sla,
            Route::Compare | Route::Merge => Route::Registers,
            Route::ReviewRecord { .. } | Route::NewReview => Route::Review,
            other => other.clone(),
        }
    }

    /// The route of a path such as `/risk/R-001` (without `#` or query).
    pub fn parse(path: &str) -> Route {
        match path.trim_end_matches('/') {
            "" => Route::Overview,
            "/risks" => Route::Risks,
            "/new-risk" => Route::NewRisk,
            "/actions" => Route::Actions,
            "/continuity" => Route::Continuity,
            "/new-service" => Route::NewService,
            "/new-scenario" => Route::NewScenario,
            "/new-exercise" => Route::NewExercise,
            "/new-agreement" => Route::NewAgreement,
            "/sla" => Route::Sla,
            "/findings" => Route::Findings,
            "/scales" => Route::Scales,
            "/registers" => Route::Registers,
            "/compare" => Route::Compare,
            "/merge" => Route::Merge,
            "/review" => Route::Review,
            "/new-review" => Route::NewReview,
            other => {
                let id =
                    |prefix| other.strip_prefix(prefix).filter(|id| !id.is_empty() && !id.contains('/')).map(decode);
                type ItemRoute = (&'static str, fn(String) -> Route);
                let routes: [ItemRoute; 6] = [
                    ("/risk/", |id| Route::Risk { id }),
                    ("/service/", |id| Route::Service { id }),
                    ("/agreement/", |id| Route::Agreement { id }),
                    ("/scenario/", |id| Route::Scenario { id }),
                    ("/exercise/", |id| Route::Exercise { id }),
                    ("/review/", |id| Route::ReviewRecord { id }),
                ];
                routes.iter().find_map(|(prefix, route)| id(prefix).map(route)).unwrap_or(Route::NotFound)
            }
        }
    }

    /// The path of this route: `Route::parse(&r.to_path()) == r`.
    pub fn to_path(&self) -> String {
        match self {
            Route::Overview => "/".into(),
            Route::Risks => "/risks".into(),
            Route::Risk { id } => format!("/risk/{}", encode(id)),
            Route::NewRisk => "/new-risk".into(),
            Route::Actions => "/actions".into(),
            Route::Continuity => "/continuity".into(),
            Route::Service { id } => format!("/service/{}", encode(id)),
            Route::NewService => "/new-service".into(),
            Route::Scenario { id } => format!("/scenario/{}", encode(id)),
            Route::NewScenario => "/new-scenario".into(),
            Route::Exercise { id } => format!("/exercise/{}", encode(id)),
            Route::NewExercise => "/new-exercise".into(),
            Route::Agreement { id } => format!("/agreement/{}", encode(id)),
            Route::NewAgreement => "/new-agreement".into(),
            Route::Sla => "/sla".into(),
            Route::Findings => "/findings".into(),
            Route::Scales => "/scales".into(),
            Route::Registers => "/registers".into(),
            Route::Compare => "/compare".into(),
            Route::Merge => "/merge".into(),
            Route::Review => "/review".into(),
            Route::ReviewRecord { id } => format!("/review/{}", encode(id)),
            Route::NewReview => "/new-review".into(),
            Route::NotFound => "/404".into(),
        }
    }

    /// A link to this route with a query (`name=value&…`, may be empty).
    pub fn href(&self, query: &str) -> String {
        match query {
            "" => format!("#{}", self.to_path()),
            q => format!("#{}?{q}", self.to_path()),
        }
    }
}

/// Splits the part of the URL after `#` into the route and its query. A hash
/// that is no route (an in-page anchor such as `#main`) means the overview.
pub fn locate(hash: &str) -> (Route, String) {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    if !hash.starts_with('/') {
        return (Route::Overview, String::new());
    }
    let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
    (Route::parse(path), query.to_owned())
}

use rampart_core::percent::{decode, encode};
pub use rampart_core::percent::{query_pairs, to_query};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_reads_back_from_its_path() {
        let ids = ["R-001", "a b/c?d#e%f", "é", "+"];
        let routes = Route::VIEWS
            .iter()
            .map(|(r, _)| r.clone())
            .chain([
                Route::Compare,
                Route::Merge,
                Route::NewRisk,
                Route::NewService,
                Route::NewScenario,
                Route::NewExercise,
                Route::NewAgreement,
                Route::NewReview,
            ])
            .chain(ids.map(|id| Route::Risk { id: id.into() }))
            .chain(ids.map(|id| Route::Service { id: id.into() }))
            .chain(ids.map(|id| Route::Scenario { id: id.into() }))
            .chain(ids.map(|id| Route::Exercise { id: id.into() }))
            .chain(ids.map(|id| Route::Agreement { id: id.into() }))
            .chain(ids.map(|id| Route::ReviewRecord { id: id.into() }));
        for route in routes {
            assert_eq!(locate(&route.href("")).0, route, "{}", route.href(""));
        }
        assert_eq!(Route::parse("/nowhere"), Route::NotFound);
        assert_eq!(Route::parse("/risk/"), Route::NotFound);
        assert_eq!(locate("#/"), (Route::Overview, String::new()));
        assert_eq!(locate(""), (Route::Overview, String::new()));
        assert_eq!(locate("#/risks?q=x"), (Route::Risks, "q=x".into()));
        assert_eq!(locate("#main"), (Route::Overview, String::new()));
        assert_eq!(locate("#wbg_style=display-none"), (Route::Overview, String::new()));
    }

    #[test]
    fn queries_survive_a_round_trip_and_forms_spaces_are_read() {
        let pairs = [("q", "fraud & theft"), ("owner", "Head of Payments=1"), ("x", "100%é")];
        let text = to_query(pairs);
        let back = query_pairs(&text);
        assert_eq!(back.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>(), pairs);
        assert_eq!(query_pairs("category=Information+security"), [("category".into(), "Information security".into())]);
        assert_eq!(query_pairs("a=%zz%4"), [("a".into(), "%zz%4".into())]);
        assert_eq!(query_pairs(""), []);
    }
}
