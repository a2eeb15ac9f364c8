//! What-if for the recovery plan: some nodes are already available when the
//! disruption starts (a site that survived, a system that failed over on its
//! own). Such a node needs nothing and takes no time; everything else is
//! planned as usual. Only the plan is worked out again; the register is unchanged.

use rampart_core::{analyse, Analysis, Options, Register};

/// The services of `register` with the nodes named in `available` already up, and
/// their analysis (plan, order, continuity findings).
pub fn scenario(register: &Register, available: &[String], options: &Options) -> (Register, Analysis) {
    let mut plan = Register::new(register.name.clone());
    plan.services = register.services.clone();
    for service in plan.services.iter_mut().filter(|s| available.iter().any(|a| a == s.id.as_str())) {
        service.depends_on.clear();
        service.recovery = None;
    }
    let analysis = analyse(&plan, options);
    (plan, analysis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_available_node_is_up_at_once_and_what_needs_it_comes_back_no_later() {
        let r = crate::app::testing::example();
        let options = crate::app::testing::options();
        let before = analyse(&r, &options);
        let finish = |a: &Analysis, id: &str| a.recovery.iter().find(|s| s.id.as_str() == id).map(|s| s.finish);
        let (plan, after) = scenario(&r, &["dc-primary".to_string()], &options);
        assert!(finish(&before, "dc-primary").unwrap() > 0.0);
        assert_eq!(finish(&after, "dc-primary"), Some(0.0));
        for step in &before.recovery {
            assert!(finish(&after, step.id.as_str()).unwrap() <= step.finish + 1e-9, "{}", step.id);
        }
        assert!(finish(&after, "core-banking").unwrap() < finish(&before, "core-banking").unwrap());
        let breaches = |a: &Analysis| a.findings.iter().filter(|f| f.code() == "BIA_RTO_BREACH").count();
        assert!(breaches(&after) <= breaches(&before));
        // Only the available node changes in the plan: it needs nothing and takes no time.
        for (node, original) in plan.services.iter().zip(&r.services) {
            if node.id.as_str() == "dc-primary" {
                assert!(node.depends_on.is_empty() && node.recovery.is_none());
                assert_eq!((&node.name, node.rto), (&original.name, original.rto));
            } else {
                assert_eq!(node, original, "{}", node.id);
            }
        }
    }
}
