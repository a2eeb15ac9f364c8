//! The machine-readable report of one file (SPEC §7 `--format json`).

use serde::Serialize;

use crate::analysis::Analysis;
use crate::findings::FindingReport;
use crate::graph::ServiceGraph;
use crate::model::{Register, RiskKind};
use crate::recovery::RecoveryStep;
use crate::scenario::single_points;
use crate::scoring::{ScaleSet, Scored};

#[derive(Serialize)]
pub struct FileReport<'a> {
    pub file: &'a str,
    pub risks: Vec<RiskReport<'a>>,
    pub recovery: &'a [RecoveryStep],
    pub findings: Vec<FindingReport<'a>>,
    /// Per service, the nodes whose loss alone takes it down (SPEC §9.2).
    pub single_points: Vec<SinglePoints<'a>>,
}

#[derive(Debug, Serialize)]
pub struct SinglePoints<'a> {
    pub service: &'a str,
    /// Sorted by byte order.
    pub nodes: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct RiskReport<'a> {
    pub id: &'a str,
    /// `threat` or `opportunity` (SPEC §9.1).
    pub kind: RiskKind,
    pub inherent: RatingReport<'a>,
    pub residual: RatingReport<'a>,
    pub target: RatingReport<'a>,
}

#[derive(Debug, Serialize)]
pub struct RatingReport<'a> {
    pub impact: i64,
    pub likelihood: i64,
    pub score: i64,
    /// `null` below the first band.
    pub band: Option<&'a str>,
}

impl<'a> RatingReport<'a> {
    fn new(s: &Scored, scales: &'a ScaleSet) -> Self {
        RatingReport { impact: s.impact, likelihood: s.likelihood, score: s.score, band: scales.band_name(s.band) }
    }
}

/// The report of one analysed file.
pub fn file_report<'a>(file: &'a str, register: &'a Register, analysis: &'a Analysis) -> FileReport<'a> {
    let scales = &analysis.scales;
    let risks = register
        .risks
        .iter()
        .zip(&analysis.ratings)
        .map(|(risk, r)| RiskReport {
            id: &risk.id,
            kind: risk.kind(),
            inherent: RatingReport::new(&r.inherent, scales),
            residual: RatingReport::new(&r.residual, scales),
            target: RatingReport::new(&r.target, scales),
        })
        .collect();
    let findings = analysis.findings.iter().map(|f| f.report(register)).collect();
    let graph = ServiceGraph::build(&register.services, &mut Vec::new());
    let single_points = single_points(&register.services, &graph)
        .into_iter()
        .map(|(s, nodes)| SinglePoints {
            service: register.services[s].id.as_str(),
            nodes: nodes.into_iter().map(|n| register.services[n].id.as_str()).collect(),
        })
        .collect();
    FileReport { file, risks, recovery: &analysis.recovery, findings, single_points }
}

/// Writes `report` as compact JSON to `out`, exactly as serializing it does,
/// with its findings turned into text on `jobs` threads, a block at a time: the
/// memory used stays bounded by the block, whatever the size of the output.
pub fn write_json(out: &mut dyn std::io::Write, report: &FileReport, jobs: usize) -> std::io::Result<()> {
    const BLOCK: usize = 16_384;
    out.write_all(b"{\"file\":")?;
    json(out, report.file)?;
    out.write_all(b",\"risks\":")?;
    json(out, &report.risks)?;
    out.write_all(b",\"recovery\":")?;
    json(out, report.recovery)?;
    out.write_all(b",\"findings\":[")?;
    let jobs = jobs.max(1);
    for (b, block) in report.findings.chunks(BLOCK).enumerate() {
        let part = block.len().div_ceil(jobs);
        let texts: Vec<std::io::Result<Vec<u8>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = block
                .chunks(part.max(1))
                .map(|chunk| {
                    scope.spawn(move || {
                        let mut buf = Vec::with_capacity(chunk.len() * 256);
                        for (k, f) in chunk.iter().enumerate() {
                            if k > 0 {
                                buf.push(b',');
                            }
                            serde_json::to_writer(&mut buf, f).map_err(std::io::Error::other)?;
                        }
                        Ok(buf)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err(std::io::Error::other("a writer failed"))))
                .collect()
        });
        for (k, text) in texts.into_iter().enumerate() {
            if b > 0 || k > 0 {
                out.write_all(b",")?;
            }
            out.write_all(&text?)?;
        }
    }
    out.write_all(b"],\"single_points\":")?;
    json(out, &report.single_points)?;
    out.write_all(b"}")
}

/// One part of a report, as compact JSON.
fn json<T: Serialize + ?Sized>(out: &mut dyn std::io::Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer(out, value).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_is_written_as_serializing_it_writes_it_on_any_number_of_threads() {
        let register = crate::import(include_str!("../../examples/online-banking.json")).unwrap();
        let options =
            crate::Options { today: crate::model::Date::parse("2026-11-23").unwrap(), teams: crate::Teams::Unlimited };
        let analysis = crate::analyse(&register, &options);
        let report = file_report("bank.json", &register, &analysis);
        let expected = serde_json::to_string(&report).unwrap();
        for jobs in [1, 2, 3, 7, 500] {
            let mut out = Vec::new();
            write_json(&mut out, &report, jobs).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{jobs} threads");
        }
        let empty = Register::new("empty");
        let nothing = crate::analyse(&empty, &options);
        let report = file_report("empty.json", &empty, &nothing);
        let mut out = Vec::new();
        write_json(&mut out, &report, 2).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&report).unwrap());
    }
}
