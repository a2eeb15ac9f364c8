//! The dependency graph of the BIA (SPEC §4, §8 "Dependencies, cycles").
//!
//! Nodes are the register's services, by index. A node needs each of its plain
//! dependencies and at least one member of each `any_of` group. References that name
//! no service become `REF_UNKNOWN` findings and are left out of the graph.
//!
//! The graph is stored as flat arrays (compressed rows), built in one pass: tens of
//! thousands of nodes cost a handful of allocations, not one per node.

use std::iter::{Chain, Copied};
use std::ops::Range;
use std::slice;

use hashbrown::hash_table::Entry;
use petgraph::algo::tarjan_scc;
use petgraph::visit::{GraphBase, IntoNeighbors, IntoNodeIdentifiers, NodeIndexable};
use rustc_hash::FxHashSet;

use crate::findings::{Finding, FindingKind, RefField, Subject, Subjects};
use crate::model::{Dependency, Service};

/// How a dependent reaches one of its dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Plain,
    /// Through one of its `any_of` groups; groups are numbered across the whole
    /// graph (`0..group_count()`).
    Group(usize),
}

#[derive(Debug, Clone)]
pub struct ServiceGraph {
    index: IdIndex,
    /// Plain dependencies of node `i`: `plain[plain_at[i]..plain_at[i + 1]]`, each once.
    plain: Vec<usize>,
    plain_at: Vec<usize>,
    /// Members of all groups, group after group; node `i`'s groups are
    /// `groups_at[i]..groups_at[i + 1]`, group `g`'s members `members[member_at[g]..member_at[g + 1]]`.
    members: Vec<usize>,
    member_at: Vec<usize>,
    groups_at: Vec<usize>,
    /// Reverse edges: the nodes that need node `i`, and how.
    dependents: Vec<(usize, Via)>,
    dependents_at: Vec<usize>,
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

impl ServiceGraph {
    /// Builds the graph, reporting each reference to an unknown id once per node.
    pub fn build<'a>(services: &'a [Service], findings: &mut Vec<Finding>) -> Self {
        let n = services.len();
        let index = IdIndex::new(services.iter().map(|s| s.id.as_str()));
        let (mut plain, mut plain_at) = (Vec::with_capacity(n * 4), Vec::with_capacity(n + 1));
        let (mut members, mut member_at, mut groups_at) = (Vec::new(), vec![0], Vec::with_capacity(n + 1));
        let mut unknown: FxHashSet<&str> = FxHashSet::default();
        for (holder, s) in services.iter().enumerate() {
            unknown.clear();
            plain_at.push(plain.len());
            groups_at.push(member_at.len() - 1);
            let mut resolve = |id: &'a str| -> Option<usize> {
                let found = index.get(id);
                if found.is_none() && unknown.insert(id) {
                    findings.push(unknown_ref(Subject::service(holder), id, RefField::DependsOn));
                }
                found
            };
            let plain_start = plain.len();
            for d in &s.depends_on {
                match d {
                    Dependency::On(id) => {
                        if let Some(i) = resolve(id).filter(|i| !plain[plain_start..].contains(i)) {
                            plain.push(i);
                        }
                    }
                    Dependency::AnyOf(group) => {
                        let start = members.len();
                        for id in &group.any_of {
                            if let Some(i) = resolve(id).filter(|i| !members[start..].contains(i)) {
                                members.push(i);
                            }
                        }
                        // A group left with no known member is dropped.
                        if members.len() > start {
                            member_at.push(members.len());
                        }
                    }
                }
            }
        }
        plain_at.push(plain.len());
        groups_at.push(member_at.len() - 1);
        let mut g = ServiceGraph {
            index,
            plain,
            plain_at,
            members,
            member_at,
            groups_at,
            dependents: Vec::new(),
            dependents_at: Vec::new(),
            components: Vec::new(),
            component_of: Vec::new(),
            cycles: Vec::new(),
            blocked: Vec::new(),
        };
        g.link_dependents();
        g.find_cycles(services);
        g
    }

    /// Fills the reverse edges (counting sort by dependency).
    fn link_dependents(&mut self) {
        let n = self.len();
        let mut count = vec![0usize; n + 1];
        for i in 0..n {
            for d in self.edges(i) {
                count[d + 1] += 1;
            }
        }
        for k in 0..n {
            count[k + 1] += count[k];
        }
        let mut dependents = vec![(0, Via::Plain); count[n]];
        let mut next = count.clone();
        for i in 0..n {
            let plain = self.all_of(i).iter().map(|&d| (d, Via::Plain));
            let first = self.groups_at[i];
            let grouped =
                self.any_of(i).enumerate().flat_map(|(k, m)| m.iter().map(move |&d| (d, Via::Group(first + k))));
            for (d, via) in plain.chain(grouped) {
                dependents[next[d]] = (i, via);
                next[d] += 1;
            }
        }
        self.dependents = dependents;
        self.dependents_at = count;
    }

    fn find_cycles(&mut self, services: &[Service]) {
        let n = self.len();
        self.components = tarjan_scc(&*self);
        self.component_of = vec![0; n];
        for (c, comp) in self.components.iter().enumerate() {
            for &i in comp {
                self.component_of[i] = c;
            }
        }
        let mut blocked = vec![false; n];
        for comp in &self.components {
            let cyclic = comp.len() > 1 || self.edges(comp[0]).any(|d| d == comp[0]);
            if cyclic {
                let mut c = comp.clone();
                c.sort_by(|&a, &b| services[a].id.as_bytes().cmp(services[b].id.as_bytes()));
                self.cycles.push(c);
            }
            if cyclic || comp.iter().any(|&i| self.edges(i).any(|d| blocked[d])) {
                for &i in comp {
                    blocked[i] = true;
                }
            }
        }
        self.blocked = blocked;
    }

    /// The index of the service with this id.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id)
    }

    pub fn len(&self) -> usize {
        self.plain_at.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The plain dependencies of node `i`, each once, in listed order.
    pub fn all_of(&self, i: usize) -> &[usize] {
        &self.plain[self.plain_at[i]..self.plain_at[i + 1]]
    }

    /// The `any_of` groups of node `i` with at least one known member; members
    /// each once per group, in listed order.
    pub fn any_of(&self, i: usize) -> impl ExactSizeIterator<Item = &[usize]> + '_ {
        (self.groups_at[i]..self.groups_at[i + 1]).map(|g| &self.members[self.member_at[g]..self.member_at[g + 1]])
    }

    /// The number of `any_of` groups in the whole graph.
    pub fn group_count(&self) -> usize {
        self.member_at.len() - 1
    }

    /// How many members group `g` has.
    pub fn group_len(&self, g: usize) -> usize {
        self.member_at[g + 1] - self.member_at[g]
    }

    /// How many things node `i` waits for: its plain dependencies and its groups.
    pub fn needs_count(&self, i: usize) -> usize {
        self.all_of(i).len() + (self.groups_at[i + 1] - self.groups_at[i])
    }

    /// The nodes that need node `i`, and how.
    pub fn dependents(&self, i: usize) -> &[(usize, Via)] {
        &self.dependents[self.dependents_at[i]..self.dependents_at[i + 1]]
    }

    /// Every node, each after everything it needs (nodes of one cycle in any order).
    pub fn dependencies_first(&self) -> impl DoubleEndedIterator<Item = usize> + '_ {
        self.components.iter().flatten().copied()
    }

    /// Every dependency of a node: plain ones, then group members.
    pub fn edges(&self, i: usize) -> Edges<'_> {
        let members = self.member_at[self.groups_at[i]]..self.member_at[self.groups_at[i + 1]];
        self.all_of(i).iter().copied().chain(self.members[members].iter().copied())
    }
}

/// The dependencies of one node, plain ones then group members.
pub type Edges<'g> = Chain<Copied<slice::Iter<'g, usize>>, Copied<slice::Iter<'g, usize>>>;

// The graph as petgraph sees it, for its strongly-connected-components search.
impl GraphBase for ServiceGraph {
    type EdgeId = ();
    type NodeId = usize;
}

impl<'g> IntoNeighbors for &'g ServiceGraph {
    type Neighbors = Edges<'g>;
    fn neighbors(self, a: usize) -> Edges<'g> {
        self.edges(a)
    }
}

impl IntoNodeIdentifiers for &ServiceGraph {
    type NodeIdentifiers = Range<usize>;
    fn node_identifiers(self) -> Range<usize> {
        0..self.len()
    }
}

impl NodeIndexable for ServiceGraph {
    fn node_bound(&self) -> usize {
        self.len()
    }
    fn to_index(&self, a: usize) -> usize {
        a
    }
    fn from_index(&self, i: usize) -> usize {
        i
    }
}

/// A `REF_UNKNOWN` finding: `holder`'s `field` names `id`, which is not an item of
/// the kind that field needs.
pub(crate) fn unknown_ref(holder: Subject, id: &str, field: RefField) -> Finding {
    Finding::new(FindingKind::RefUnknown { reference: id.into(), field }, Subjects::two(holder, Subject::UnknownRef))
}

/// Service ids to their positions. The ids are copied one after another into
/// one string of the index's own, so a lookup compares against memory the index
/// keeps close rather than each service's allocation (the full benchmark looks
/// up 50 000 risk references and 50 000 dependencies). An id given twice names
/// its last service.
#[derive(Debug, Clone)]
struct IdIndex {
    text: String,
    /// Where each id ends in `text`; it starts where the one before ends.
    ends: Vec<usize>,
    table: hashbrown::HashTable<u32>,
}

impl IdIndex {
    fn new<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> Self {
        let mut index = IdIndex {
            text: String::new(),
            ends: Vec::with_capacity(ids.len()),
            table: hashbrown::HashTable::with_capacity(ids.len()),
        };
        for (i, id) in ids.enumerate() {
            index.text.push_str(id);
            index.ends.push(index.text.len());
            let IdIndex { text, ends, table } = &mut index;
            let id_at = |k: &u32| id_at(text, ends, *k as usize);
            match table.entry(hash(id), |k| id_at(k) == id, |k| hash(id_at(k))) {
                Entry::Occupied(mut last) => *last.get_mut() = i as u32,
                Entry::Vacant(slot) => {
                    slot.insert(i as u32);
                }
            }
        }
        index
    }

    fn get(&self, id: &str) -> Option<usize> {
        let found = self.table.find(hash(id), |&k| id_at(&self.text, &self.ends, k as usize) == id);
        found.map(|&k| k as usize)
    }
}

fn id_at<'t>(text: &'t str, ends: &[usize], k: usize) -> &'t str {
    let start = if k == 0 { 0 } else { ends[k - 1] };
    &text[start..ends[k]]
}

fn hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_index_finds_each_id_and_the_last_of_a_repeated_one() {
        let ids = ["web", "db", "we", "b", "db", "é-ü", "webdb"];
        let index = IdIndex::new(ids.into_iter());
        let found: Vec<Option<usize>> = ids.iter().map(|id| index.get(id)).collect();
        assert_eq!(found, [Some(0), Some(4), Some(2), Some(3), Some(4), Some(5), Some(6)]);
        for absent in ["", "w", "webd", "dbweb", "é"] {
            assert_eq!(index.get(absent), None, "{absent}");
        }
        assert_eq!(IdIndex::new(std::iter::empty()).get("web"), None);
    }
}
