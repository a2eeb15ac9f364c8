//! The dependency graph of the BIA (SPEC §4, §8 "Dependencies, cycles").
//!
//! Nodes are the register's services, by index. A node needs each of its plain
//! dependencies and at least one member of each `any_of` group. References that name
//! no service become `REF_UNKNOWN` findings and are left out of the graph.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::findings::{Finding, FindingKind, Subject};
use crate::model::{Dependency, Service};
use smallvec::smallvec;

/// What one node needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Needs {
    /// Plain dependencies, each once, in listed order.
    pub all_of: Vec<usize>,
    /// `any_of` groups with at least one known member; members each once, in listed order.
    pub any_of: Vec<Vec<usize>>,
}

/// How a dependent reaches one of its dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Plain,
    /// Through its `any_of` group with this index.
    Group(usize),
}

#[derive(Debug, Clone)]
pub struct ServiceGraph<'a> {
    index: FxHashMap<&'a str, usize>,
    pub needs: Vec<Needs>,
    /// Reverse edges: for each node, the nodes that need it and how.
    pub dependents: Vec<Vec<(usize, Via)>>,
    /// Strongly connected components, dependencies before their dependents.
    pub components: Vec<Vec<usize>>,
    /// The index in `components` of each node's component.
    pub component_of: Vec<usize>,
    /// The cycles (components of more than one node, or a node that needs itself),
    /// each sorted by id.
    pub cycles: Vec<Vec<usize>>,
    /// On a cycle or able to reach one: no schedule and no composed availability.
    pub blocked: Vec<bool>,
}

impl<'a> ServiceGraph<'a> {
    /// Builds the graph, reporting each reference to an unknown id once per node.
    pub fn build(services: &'a [Service], findings: &mut Vec<Finding>) -> Self {
        let index: FxHashMap<&str, usize> = services.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let mut needs = Vec::with_capacity(services.len());
        let mut unknown: FxHashSet<&str> = FxHashSet::default();
        for (holder, s) in services.iter().enumerate() {
            unknown.clear();
            let mut resolve = |id: &'a str| -> Option<usize> {
                let found = index.get(id).copied();
                if found.is_none() && unknown.insert(id) {
                    findings.push(unknown_ref(Subject::Service(holder), id, "depends_on"));
                }
                found
            };
            let mut n = Needs::default();
            for d in &s.depends_on {
                match d {
                    Dependency::On(id) => {
                        if let Some(i) = resolve(id) {
                            if !n.all_of.contains(&i) {
                                n.all_of.push(i);
                            }
                        }
                    }
                    Dependency::AnyOf(g) => {
                        let mut members: Vec<usize> = Vec::with_capacity(g.any_of.len());
                        for id in &g.any_of {
                            if let Some(i) = resolve(id) {
                                if !members.contains(&i) {
                                    members.push(i);
                                }
                            }
                        }
                        if !members.is_empty() {
                            n.any_of.push(members);
                        }
                    }
                }
            }
            needs.push(n);
        }

        let mut dependents = vec![Vec::new(); services.len()];
        let mut g: DiGraph<(), (), u32> = DiGraph::with_capacity(services.len(), services.len() * 4);
        for _ in services {
            g.add_node(());
        }
        let mut self_loop = vec![false; services.len()];
        for (i, n) in needs.iter().enumerate() {
            let plain = n.all_of.iter().map(|&d| (d, Via::Plain));
            let grouped = n.any_of.iter().enumerate().flat_map(|(k, m)| m.iter().map(move |&d| (d, Via::Group(k))));
            for (d, via) in plain.chain(grouped) {
                dependents[d].push((i, via));
                g.add_edge(NodeIndex::new(i), NodeIndex::new(d), ());
                self_loop[i] |= d == i;
            }
        }

        let components: Vec<Vec<usize>> =
            tarjan_scc(&g).into_iter().map(|c| c.into_iter().map(NodeIndex::index).collect()).collect();
        let mut component_of = vec![0; services.len()];
        for (c, comp) in components.iter().enumerate() {
            for &i in comp {
                component_of[i] = c;
            }
        }
        let mut blocked = vec![false; services.len()];
        let mut cycles = Vec::new();
        for comp in &components {
            let cyclic = comp.len() > 1 || self_loop[comp[0]];
            if cyclic {
                let mut c = comp.clone();
                c.sort_by(|&a, &b| services[a].id.as_bytes().cmp(services[b].id.as_bytes()));
                cycles.push(c);
            }
            let behind = comp.iter().any(|&i| {
                let n = &needs[i];
                n.all_of.iter().chain(n.any_of.iter().flatten()).any(|&d| blocked[d])
            });
            if cyclic || behind {
                for &i in comp {
                    blocked[i] = true;
                }
            }
        }
        ServiceGraph { index, needs, dependents, components, component_of, cycles, blocked }
    }

    /// The index of the service with this id.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn len(&self) -> usize {
        self.needs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.needs.is_empty()
    }

    /// Every node, each after everything it needs (nodes of one cycle in any order).
    pub fn dependencies_first(&self) -> impl DoubleEndedIterator<Item = usize> + '_ {
        self.components.iter().flatten().copied()
    }

    /// Every dependency of a node, plain and group members, once each per group.
    pub fn edges(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let n = &self.needs[i];
        n.all_of.iter().chain(n.any_of.iter().flatten()).copied()
    }
}

/// A `REF_UNKNOWN` finding: `holder`'s `field` names `id`, which is not an item of
/// the kind that field needs.
pub(crate) fn unknown_ref(holder: Subject, id: &str, field: &'static str) -> Finding {
    let reference: std::sync::Arc<str> = id.into();
    Finding::new(FindingKind::RefUnknown { reference: reference.clone(), field }, smallvec![holder, Subject::Unknown(reference)])
}
