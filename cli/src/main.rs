//! `rampart`: Rampart's analysis from the command line (SPEC §7).
//!
//! A thin layer over `rampart-core`: read files, analyse, print. Exit status 0 when
//! analysed, 1 when any finding is an error, 2 when a file cannot be read or parsed
//! or the command line is wrong.

mod check;
mod import;
mod review;
mod text;
mod travel;

use std::io::Write;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use rampart_core::generate::{self, Size};
use rampart_core::model::Date;
use rampart_core::{import_bytes, Options, Severity, Teams};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "rampart", version, about = "Risk, continuity and SLA alignment analysis of Rampart registers")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse register files: risk ratings, recovery order, findings.
    ///
    /// Exit status: 0 analysed, 1 some finding is an error (or a warning, with
    /// --fail-on warning), 2 a file could not be read or parsed (reported on
    /// standard error; the other files are still printed).
    Check {
        /// Register files (JSON, format v1), or folders: every `*.json` file
        /// below a folder, in order of path.
        #[arg(required = true, value_name = "FILE|FOLDER")]
        files: Vec<PathBuf>,
        /// The severity from which a finding makes the exit status 1: `error`,
        /// or `warning` to gate a pipeline on warnings too.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Text: print every finding and recovery step, not the first 20 of each.
        #[arg(long)]
        all: bool,
        /// Files analysed at once. Default: one per core.
        #[arg(long, value_name = "N")]
        jobs: Option<NonZeroUsize>,
        /// The analysis date, YYYY-MM-DD: reviews before it are overdue, agreements
        /// ended before it leave a gap. Default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        today: Option<Date>,
        /// Number of parallel recovery teams (1 or more). Default: unlimited.
        #[arg(long, value_name = "N")]
        teams: Option<NonZeroUsize>,
        /// `text` for people, `json` for programs (one object per file; an array
        /// when several files are given).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Plan the recovery under this failure scenario of each file (its id in
        /// the file's `scenarios`): only the nodes it affects are recovered. A
        /// file without it is reported like an unreadable one.
        #[arg(long, value_name = "ID")]
        scenario: Option<String>,
    },
    /// Write a large generated register, for benchmarks and load tests.
    Gen {
        #[arg(long, default_value_t = 1000)]
        risks: usize,
        #[arg(long, default_value_t = 100)]
        services: usize,
        /// Average dependencies per service.
        #[arg(long, default_value_t = 5)]
        dependencies: usize,
        #[arg(long, default_value_t = 20)]
        customer_slas: usize,
        /// Supplier contracts and OLAs.
        #[arg(long, default_value_t = 40)]
        underpinning: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write calendar reminders (iCalendar, RFC 5545): one all-day event per
    /// risk review date, open action due date and acceptance expiry. Import the
    /// file into Outlook or Google Calendar; importing a later file updates the
    /// same events instead of adding copies.
    ///
    /// Exit status: 0 written, 2 the file could not be read or parsed.
    Ics {
        /// A register file (JSON, format v1).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The export date, YYYY-MM-DD: the events' time stamp is its midnight
        /// (UTC), for a file that can be made again. Default: now.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        today: Option<Date>,
    },
    /// Compare two registers (SPEC §9.3): every field that differs, objects
    /// matched by id, and what changed in the analysis (findings added and
    /// resolved, risks re-scored).
    ///
    /// Exit status: 0 the same, 1 different, 2 a file could not be read.
    Diff {
        #[arg(value_name = "OLD")]
        old: PathBuf,
        #[arg(value_name = "NEW")]
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Both files are analysed with these.
        #[command(flatten)]
        analysis: AnalysisArgs,
    },
    /// Merge two registers changed from a common base (SPEC §9.3); usable as a
    /// git merge driver: `git config merge.rampart.driver "rampart merge %O %A %B"`.
    ///
    /// Exit status: 0 merged (written to OUT, or over OURS), 1 conflicts (listed
    /// with their JSON path and three values; nothing written), 2 a file could
    /// not be read or written.
    Merge {
        #[arg(value_name = "BASE")]
        base: PathBuf,
        #[arg(value_name = "OURS")]
        ours: PathBuf,
        #[arg(value_name = "THEIRS")]
        theirs: PathBuf,
        /// Where to write the merged register. Default: over OURS.
        #[arg(short, long, value_name = "OUT")]
        out: Option<PathBuf>,
    },
    /// Write the management review pack (SPEC §9.4): one self-contained HTML
    /// file (inline CSS and SVG, no script) to read, print or send: the
    /// previous review's decisions, what changed since, risks by band and heat
    /// maps, escalated and accepted risks, what is overdue, continuity and SLA
    /// gaps, and a table for this review's decisions. The same file and
    /// --today give the same bytes.
    ///
    /// Exit status: 0 written, 2 a file could not be read or written.
    Report {
        /// A register file (JSON, format v1).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// What the changes are counted from: an earlier copy of the register,
        /// or a date (YYYY-MM-DD). Default: the previous review in the file.
        #[arg(long, value_name = "FILE|DATE", value_parser = review::parse_since)]
        since: Option<review::SinceArg>,
        #[command(flatten)]
        analysis: AnalysisArgs,
        /// Where to write the HTML. Default: standard output.
        #[arg(short, long, value_name = "OUT")]
        out: Option<PathBuf>,
    },
    /// Write the register as a spreadsheet: an XLSX workbook with sheets Risks,
    /// Controls, Actions, Services, Agreements, Targets, Findings and Method
    /// (the scales, bands and appetite), every rating with its score and band
    /// as the analysis on --today gives them. Text is always written as text,
    /// never as a formula.
    ///
    /// Exit status: 0 written, 2 the file could not be read or written.
    Export {
        /// A register file (JSON, format v1).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The spreadsheet format: `xlsx`.
        #[arg(long, value_enum, default_value_t = SheetFormat::Xlsx)]
        format: SheetFormat,
        #[command(flatten)]
        analysis: AnalysisArgs,
        /// Where to write the workbook. Default: standard output.
        #[arg(short, long, value_name = "OUT")]
        out: Option<PathBuf>,
    },
    /// Bring risks in from a spreadsheet (XLSX, XLS, ODS or CSV): the sheet's
    /// columns are mapped to risk fields (guessed from the headers, Rampart's
    /// own workbook and CSV included; printed on standard error; changed with
    /// --map), every row is checked, and what the import would change is
    /// printed, field by field, before anything is written. A row whose id is
    /// a risk's updates it; another id adds a risk; risks the sheet does not
    /// list are kept unless --remove-missing. A workbook written by `rampart
    /// export` brings back its controls and actions from its Controls and
    /// Actions sheets.
    ///
    /// Exit status: 0 imported (or, without -o, the changes printed), 1 rows
    /// refused (each named by sheet, row and column; nothing written), 2 a
    /// file could not be read or written.
    Import {
        /// The spreadsheet: .xlsx, .xlsm, .xls, .ods or .csv.
        #[arg(value_name = "SHEET")]
        sheet_file: PathBuf,
        /// The register the risks go into (JSON, format v1).
        #[arg(long, value_name = "REGISTER")]
        into: PathBuf,
        /// Where to write the register after the import. Without it, nothing
        /// is written: the changes are only printed.
        #[arg(short, long, value_name = "OUT")]
        out: Option<PathBuf>,
        /// The sheet with the risks, by name. Default: "Risks", else the first.
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// A field's column: FIELD=COLUMN, the column by its letters (C), its
        /// number (from 1) or its header; 0 leaves the field out. Repeat for
        /// several fields.
        #[arg(long, value_name = "FIELD=COLUMN")]
        map: Vec<String>,
        /// Remove the register's risks that the sheet does not list.
        #[arg(long)]
        remove_missing: bool,
        /// The date an import records re-assessed risks on. Default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        today: Option<Date>,
    },
    /// Print the JSON Schema of register format v1.
    Schema,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
}

/// What an analysis depends on besides the register.
#[derive(clap::Args)]
struct AnalysisArgs {
    /// The analysis date, YYYY-MM-DD. Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    today: Option<Date>,
    /// Number of parallel recovery teams. Default: unlimited.
    #[arg(long, value_name = "N")]
    teams: Option<NonZeroUsize>,
}

impl AnalysisArgs {
    fn options(&self) -> Options {
        options(self.today, self.teams)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SheetFormat {
    Xlsx,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// The analysis options from `--today` (default: today) and `--teams` (default: unlimited).
fn options(date: Option<Date>, teams: Option<NonZeroUsize>) -> Options {
    Options { today: date.unwrap_or_else(today), teams: teams.map_or(Teams::Unlimited, Teams::Limited) }
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s)
}

fn today() -> Date {
    let now = time::OffsetDateTime::now_local().unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    Date::from_time(now.date())
}

/// This moment, in UTC, for a calendar's time stamp.
fn now() -> rampart_core::ics::Stamp {
    let now = time::OffsetDateTime::now_utc();
    rampart_core::ics::Stamp {
        date: Date::from_time(now.date()),
        minute: u32::from(now.hour()) * 60 + u32::from(now.minute()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { files, today: date, teams, format, scenario, fail_on, all, jobs } => {
            let options = options(date, teams);
            let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
            let settings = check::Settings {
                options,
                format,
                scenario: scenario.as_deref(),
                fail_on: match fail_on {
                    FailOn::Error => Severity::Error,
                    FailOn::Warning => Severity::Warning,
                },
                all,
                jobs: jobs.map_or(cores, NonZeroUsize::get),
            };
            let folder = files.iter().any(|f| f.is_dir());
            let files = check::expand(&files);
            check::run(&files, &settings, files.len() > 1 || folder)
        }
        Command::Gen { risks, services, dependencies, customer_slas, underpinning, seed } => {
            let size = Size { risks, services, dependencies, customer_slas, underpinning };
            print_or_fail(&rampart_core::import::to_json(&generate::register(size, seed)))
        }
        Command::Ics { file, today: date } => match read(&file) {
            Ok(register) => {
                let stamp = date.map_or_else(now, rampart_core::ics::Stamp::day);
                let Some(ics) = rampart_core::ics::calendar(&register, stamp) else {
                    eprintln!(
                        "rampart: {}: nothing to remind of (no review dates, action due dates or acceptance expiries)",
                        file.display()
                    );
                    return ExitCode::SUCCESS;
                };
                let mut out = std::io::stdout().lock();
                match out.write_all(ics.as_bytes()) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("rampart: cannot write output: {e}");
                        ExitCode::from(2)
                    }
                }
            }
            Err(message) => {
                eprintln!("rampart: {}: {message}", file.display());
                ExitCode::from(2)
            }
        },
        Command::Diff { old, new, format, analysis } => travel::diff(&old, &new, &analysis.options(), format),
        Command::Merge { base, ours, theirs, out } => travel::merge(&base, &ours, &theirs, out.as_deref()),
        Command::Report { file, since, analysis, out } => {
            review::report(&file, since.as_ref(), analysis.options(), out.as_deref())
        }
        Command::Export { file, format: SheetFormat::Xlsx, analysis, out } => {
            let options = analysis.options();
            let written = read(&file).map_err(|why| (file.clone(), why)).and_then(|register| {
                let analysis = rampart_core::analyse(&register, &options);
                let bytes = rampart_sheets::workbook(&register, &analysis, options.today)
                    .map_err(|e| (file.clone(), e.to_string()))?;
                match &out {
                    Some(path) => {
                        std::fs::write(path, bytes).map_err(|e| (path.clone(), format!("cannot write it: {e}")))
                    }
                    None => std::io::stdout()
                        .lock()
                        .write_all(&bytes)
                        .map_err(|e| (PathBuf::from("standard output"), format!("cannot write it: {e}"))),
                }
            });
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err((path, why)) => {
                    eprintln!("rampart: {}: {why}", path.display());
                    ExitCode::from(2)
                }
            }
        }
        Command::Import { sheet_file, into, out, sheet, map, remove_missing, today: date } => {
            import::run(&import::Request {
                sheet_file: &sheet_file,
                into: &into,
                out: out.as_deref(),
                sheet: sheet.as_deref(),
                map: &map,
                remove_missing,
                options: options(date, None),
            })
        }
        Command::Schema => print_or_fail(&rampart_core::schema::register_schema()),
    }
}

fn print_or_fail(s: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.write_all(b"\n")) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rampart: cannot write output: {e}");
            ExitCode::from(2)
        }
    }
}

/// A register file, or why it cannot be used.
fn read(path: &std::path::Path) -> Result<rampart_core::Register, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    import_bytes(&bytes).map_err(|e| e.to_string())
}
