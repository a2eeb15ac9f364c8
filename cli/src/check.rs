//! `rampart check`: files and folders analysed on every core, each report
//! written as it is made (JSON straight into the output, never a tree of values
//! or one string), in the order the files were given.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use rampart_core::{analyse, import_bytes, report, Analysis, Options, Register, Severity};

use crate::text;
use crate::Format;

/// How one run reports.
pub struct Settings<'a> {
    pub options: Options,
    pub format: Format,
    pub scenario: Option<&'a str>,
    /// The severity from which a finding makes the exit status 1.
    pub fail_on: Severity,
    /// Text: every finding and every recovery step, not the first 20 of each.
    pub all: bool,
    /// Files analysed at once (1: one after the other).
    pub jobs: usize,
}

/// The files named: each file as given, each folder's `*.json` files below it
/// (sorted by path; links to folders are not followed). A folder that cannot be
/// read is reported like a file.
pub fn expand(args: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let mut found = Vec::new();
            json_below(arg, &mut found);
            found.sort();
            out.extend(found);
        } else {
            out.push(arg.clone());
        }
    }
    out
}

fn json_below(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // `file_type` does not follow links: a link back up cannot loop.
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            json_below(&path, out);
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            out.push(path);
        }
    }
}

/// What one file came to.
struct Outcome {
    /// What is printed for it (a JSON report, or text).
    output: Vec<u8>,
    /// Its line of the summary table; `None` when it could not be analysed.
    summary: Option<text::Summary>,
    failed: bool,
}

/// Checks `files`; `several`: print a list (and, for text, a summary) even for
/// one file, as for a folder, whose number of files the user does not choose.
pub fn run(files: &[PathBuf], settings: &Settings, several: bool) -> ExitCode {
    if files.is_empty() {
        eprintln!("rampart: no *.json file found in the folders given");
        return ExitCode::from(2);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut unreadable = false;
    let mut failed = false;
    let mut summaries: Vec<(String, Option<text::Summary>)> = Vec::new();
    let json_list = settings.format == Format::Json && several;
    let mut written = 0usize;
    let result = (|| -> std::io::Result<()> {
        if !several {
            // One file: its report is written straight to the output as it is made.
            let name = files[0].display().to_string();
            match analysed(&files[0], settings) {
                Ok((register, analysis)) => {
                    written += 1;
                    failed |= fails(&analysis, settings.fail_on);
                    write_report(&mut out, &name, &register, &analysis, settings)?;
                    // The process ends here: leave the memory to the system, not to a
                    // million small frees.
                    std::mem::forget((register, analysis));
                }
                Err(message) => {
                    eprintln!("rampart: {name}: {message}");
                    unreadable = true;
                }
            }
        } else {
            for (path, outcome) in files.iter().zip(in_parallel(files, settings)) {
                let name = path.display().to_string();
                match outcome {
                    Ok(o) => {
                        failed |= o.failed;
                        if json_list {
                            out.write_all(if written == 0 { b"[" } else { b"," })?;
                        }
                        written += 1;
                        out.write_all(&o.output)?;
                        summaries.push((name, o.summary));
                    }
                    Err(message) => {
                        eprintln!("rampart: {name}: {message}");
                        unreadable = true;
                        summaries.push((name, None));
                    }
                }
            }
        }
        match settings.format {
            Format::Json if several => out.write_all(if written == 0 { b"[]\n" } else { b"]\n" })?,
            Format::Json if written > 0 || !unreadable => out.write_all(b"\n")?,
            Format::Json => {}
            Format::Text if several => text::write_summary(&mut out, &summaries)?,
            Format::Text => {}
        }
        out.flush()
    })();
    if let Err(e) = result {
        eprintln!("rampart: cannot write output: {e}");
        return ExitCode::from(2);
    }
    if unreadable {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Whether a finding is at or above `fail_on`.
fn fails(analysis: &Analysis, fail_on: Severity) -> bool {
    // Severities are ordered gravest first.
    analysis.findings.iter().any(|f| f.severity() <= fail_on)
}

/// A file read, imported and analysed (under the scenario, when one is asked for).
fn analysed(path: &Path, settings: &Settings) -> Result<(Register, Analysis), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    let register = import_bytes(&bytes).map_err(|e| e.to_string())?;
    drop(bytes);
    let analysis = analyse(&register, &settings.options);
    let analysis = match settings.scenario {
        None => analysis,
        Some(id) => match register.scenarios.iter().position(|s| s.id.as_str() == id) {
            Some(k) => analysis.under_scenario(&register, k, settings.options.teams),
            None => return Err(format!("no scenario has the id \"{id}\"")),
        },
    };
    Ok((register, analysis))
}

fn write_report(
    out: &mut dyn Write,
    name: &str,
    register: &Register,
    analysis: &Analysis,
    settings: &Settings,
) -> std::io::Result<()> {
    match settings.format {
        Format::Json => report::write_json(out, &report::file_report(name, register, analysis), settings.jobs),
        Format::Text => text::write_report(out, name, register, analysis, &settings.options, settings.all),
    }
}

/// Every file analysed on `settings.jobs` threads; the outcomes in the order of
/// `files`, each as soon as it and those before it are done.
fn in_parallel<'a>(files: &'a [PathBuf], settings: &'a Settings) -> impl Iterator<Item = Result<Outcome, String>> + 'a {
    let (sender, receiver) = mpsc::channel::<(usize, Result<Outcome, String>)>();
    let next = std::sync::Arc::new(AtomicUsize::new(0));
    let jobs = settings.jobs.clamp(1, files.len().max(1));
    let files_owned: Vec<PathBuf> = files.to_vec();
    let shared = std::sync::Arc::new(files_owned);
    let (options, format, fail_on, all) = (settings.options, settings.format, settings.fail_on, settings.all);
    let scenario = settings.scenario.map(str::to_string);
    for _ in 0..jobs {
        let (sender, next, files, scenario) = (sender.clone(), next.clone(), shared.clone(), scenario.clone());
        std::thread::spawn(move || {
            let settings = Settings { options, format, scenario: scenario.as_deref(), fail_on, all, jobs: 1 };
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(k) else { break };
                // A failure inside the analysis is this file's, said as such; the others go on.
                let work = std::panic::AssertUnwindSafe(|| {
                    analysed(path, &settings).map(|(register, analysis)| {
                        let name = path.display().to_string();
                        let mut output = Vec::new();
                        // Writing to memory cannot fail.
                        let _ = write_report(&mut output, &name, &register, &analysis, &settings);
                        Outcome {
                            output,
                            summary: Some(text::Summary::of(&register, &analysis)),
                            failed: fails(&analysis, fail_on),
                        }
                    })
                });
                let outcome = std::panic::catch_unwind(work).unwrap_or_else(|_| {
                    Err("the analysis failed on this file (a fault in rampart: please report it)".into())
                });
                if sender.send((k, outcome)).is_err() {
                    break;
                }
            }
        });
    }
    drop(sender);
    // Outcomes arrive in any order: hold the early ones until their turn.
    let mut waiting = std::collections::BTreeMap::new();
    let mut turn = 0;
    std::iter::from_fn(move || loop {
        if let Some(o) = waiting.remove(&turn) {
            turn += 1;
            return Some(o);
        }
        let (k, o) = receiver.recv().ok()?;
        waiting.insert(k, o);
    })
}
