//! Compare, merge and the review pack for the app, loaded on first use
//! (ARCHITECTURE.md, "What loads at start"): they need the diff, so they
//! travel together. Each function takes registers as the format writes them
//! and answers a list of texts, the first saying what the rest are: HTML to
//! show, a register to save, or (`"error"`) why it could not be made, such as
//! a register that does not import.

use rampart_core::diff;
use rampart_core::merge::{self, Conflict, Merged, Side};
use rampart_core::model::Date;
use rampart_core::{analyse, import, Options, Register};

mod compare_view;
mod merge_view;
mod review_form;
mod review_page;

fn read(text: &str, what: &str) -> Result<Register, String> {
    import(text).map_err(|e| format!("{what}: {e}"))
}

/// The compare view of `old` (called `old_name`) against `new`, analysed on
/// `today` with `teams` recovery teams (0: unlimited), showing the changes
/// `filter` keeps (`all`, `added`, `removed`, `changed`), each with a Take
/// button when `take_from` names the file whose changes can be taken into
/// the open register (`old`). Answers texts: `["view", html]` or `["error", why]`.
#[allow(clippy::too_many_arguments)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn compare_view(
    old: &str,
    new: &str,
    today: &str,
    teams: u32,
    old_name: &str,
    new_name: &str,
    filter: &str,
    take_from: &str,
) -> Vec<String> {
    let run = || -> Result<String, String> {
        let (old, new, options) =
            (read(old, "the older register")?, read(new, "the newer register")?, Options::parse(today, teams)?);
        let changes = diff::changes(&old, &new);
        let analysis = diff::analysis_changes((&old, &analyse(&old, &options)), (&new, &analyse(&new, &options)));
        let view = compare_view::View {
            old: &old,
            new: &new,
            old_name,
            new_name,
            changes: &changes,
            analysis: &analysis,
            filter: compare_view::Filter::from_key(filter),
            take_from: Some(take_from).filter(|f| !f.is_empty()),
        };
        Ok(compare_view::html(&view))
    };
    match run() {
        Ok(html) => vec!["view".into(), html],
        Err(why) => vec!["error".into(), why],
    }
}

/// The merge view of `theirs` (the file called `file`) merged into `ours`
/// (the open register, called `name`) from `base`, each conflict settled as
/// `choices` says (`{"<path>": "ours" | "theirs"}`). Answers texts:
/// `["view", html, merged]`, `merged` the merged register's text once every
/// conflict has a side (else empty); or `["error", why]`.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn merge_view(base: &str, ours: &str, theirs: &str, choices: &str, file: &str, name: &str) -> Vec<String> {
    let run = || -> Result<Vec<String>, String> {
        let (b, o, t) = (read(base, "the common base")?, read(ours, "this register")?, read(theirs, "the file")?);
        let choices: std::collections::BTreeMap<String, String> =
            serde_json::from_str(choices).map_err(|e| format!("the choices: {e}"))?;
        let chosen = |path: &str| choices.get(path).map(String::as_str);
        // One merge: every conflict it meets is shown, settled by the choices or not.
        let met = std::cell::RefCell::new(Vec::new());
        let side = |c: &Conflict| {
            met.borrow_mut().push(c.clone());
            match chosen(&c.path) {
                Some("ours") => Some(Side::Ours),
                Some("theirs") => Some(Side::Theirs),
                _ => None,
            }
        };
        let settled = merge::merge_settled(&b, &o, &t, &side);
        let mut conflicts = met.into_inner();
        let (left, merged, taken) = match settled {
            Merged::Clean(r) => (0, rampart_core::import::to_json(&r), Some(diff::changes(&o, &r))),
            Merged::Conflicts(left) => {
                // What the merge did not ask about (the merged file would not import) is shown too.
                conflicts.extend(left.iter().filter(|c| c.why.is_some()).cloned());
                (left.len(), String::new(), None)
            }
        };
        let view =
            merge_view::View { file, name, conflicts: &conflicts, chosen: &chosen, left, taken: taken.as_deref() };
        Ok(vec!["view".into(), merge_view::html(&view), merged])
    };
    run().unwrap_or_else(|why| vec!["error".into(), why])
}

/// `open` with change `index` of the changes from `open` to `other` (as
/// [`compare_view`] numbers them; `path` the change the page showed there, so
/// that a register changed meanwhile cannot take another) taken into it.
/// Answers texts: `["taken", register, path]` or `["error", why]`.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn take(open: &str, other: &str, index: u32, path: &str) -> Vec<String> {
    let run = || -> Result<Vec<String>, String> {
        let (register, other) = (read(open, "the open register")?, read(other, "the file")?);
        let changes = diff::changes(&register, &other);
        let change = (changes.get(index as usize))
            .filter(|c| c.path == path)
            .ok_or("that change is no longer there: the register changed meanwhile")?;
        let value = diff::apply(&diff::as_value(&register), std::slice::from_ref(change));
        let taken = import(&value.to_string()).map_err(|e| format!("with {} taken: {e}", change.path))?;
        Ok(vec!["taken".into(), rampart_core::import::to_json(&taken), change.path.clone()])
    };
    run().unwrap_or_else(|why| vec!["error".into(), why])
}

/// The Review view: its controls, and the review pack of the open register
/// (`rampart_core::review`), its changes counted from `since` (`previous`,
/// `date` with `since_date`, or `revision` / `file` with the earlier copy's
/// `since_text`, named `since_label`; `since_seq` the revision chosen).
/// `revisions`: the kept revisions, a line each, `<seq>\t<label>`.
///
/// Answers texts, not JSON (the app reads them without a JSON reader):
/// `["pack", controls, page, body]`, the page `rampart report` writes for the
/// same text and options, byte for byte, and its body alone for the app's
/// page; or `["error", controls, why]` when the pack cannot be made (an
/// earlier copy that does not import), so that another can be chosen.
#[allow(clippy::too_many_arguments)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn review_page(
    open: &str,
    today: &str,
    teams: u32,
    since: &str,
    since_date: &str,
    since_seq: u32,
    since_label: &str,
    since_text: &str,
    revisions: &str,
) -> Vec<String> {
    use rampart_core::review::{pack, PackInput, Since};
    let (register, options) = match (read(open, "the open register"), Options::parse(today, teams)) {
        (Ok(register), Ok(options)) => (register, options),
        (Err(why), _) | (_, Err(why)) => return vec!["error".into(), String::new(), why],
    };
    let revisions: Vec<review_page::RevisionChoice> = (revisions.lines())
        .filter_map(|line| {
            let (seq, label) = line.split_once('\t')?;
            Some(review_page::RevisionChoice { seq: seq.parse().ok()?, label: label.to_string() })
        })
        .collect();
    let choice = review_page::SinceChoice { kind: since.into(), date: since_date.into(), seq: since_seq.into() };
    let controls = review_page::controls(&register, options.today, &choice, since_label, &revisions);
    let made = || -> Result<rampart_core::review::PackPage, String> {
        let earlier = match (since, since_text) {
            ("file", "") if since_label.is_empty() => return Err("choose the file to compare with".into()),
            ("revision" | "file", "") => {
                return Err(format!("{since_label} could not be read (an empty file, or not text): choose another"))
            }
            (_, "") => None,
            (_, text) => Some(read(text, since_label)?),
        };
        let since = match (&earlier, since) {
            (Some(register), _) => Since::Copy { label: since_label, register },
            (None, "date") => {
                Since::Date(Date::parse(since_date).map_err(|e| format!("the date to count changes from: {e}"))?)
            }
            _ => Since::PreviousReview,
        };
        let analysis = analyse(&register, &options);
        Ok(pack(&PackInput { register: &register, analysis: &analysis, options, text: open.as_bytes(), since }))
    };
    match made() {
        Ok(page) => {
            let body = page.body().to_string();
            vec!["pack".into(), controls, page.html, body]
        }
        Err(why) => vec!["error".into(), controls, why],
    }
}

/// The review editor (`review_form::answer`) of review `editing` (empty: a
/// new one): `fields` the form's inputs as the page holds them, URL-encoded
/// (empty: as saved), and `act` what to do. Answers texts: `["form", html]`;
/// or `["saved", register, replacing]`, the review to save as the one review
/// of an otherwise empty register (the app reads it as it reads any file)
/// and the id it replaces (empty: none); or `["error", why]`.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn review_editor(open: &str, today: &str, editing: &str, fields: &str, act: &str) -> Vec<String> {
    let run = || -> Result<Vec<String>, String> {
        let register = read(open, "the open register")?;
        let today = Date::parse(today)?;
        let editing = Some(editing).filter(|e| !e.is_empty());
        let fields = Some(fields).filter(|f| !f.is_empty()).map(review_form::decode_fields);
        Ok(match review_form::answer(&register, today, editing, fields.as_ref(), act) {
            review_form::Answer::Form { html, .. } => vec!["form".into(), html],
            review_form::Answer::Saved { review, replacing } => {
                let mut carrier = Register::new("review");
                carrier.reviews.push(*review);
                vec!["saved".into(), rampart_core::import::to_json(&carrier), replacing.unwrap_or_default()]
            }
        })
    };
    run().unwrap_or_else(|why| vec!["error".into(), why])
}

#[cfg(test)]
mod tests {
    use super::*;

    const BANK: &str = include_str!("../../../examples/online-banking.json");

    fn text(r: &Register) -> String {
        rampart_core::import::to_json(r)
    }

    #[test]
    fn compare_take_and_merge_speak_json_and_say_what_is_wrong() {
        let open = import(BANK).unwrap();
        let mut file = open.clone();
        file.risks[3].owner = Some("From the file".into());
        file.risks[5].title = "Also changed".into();
        let view =
            compare_view(&text(&open), &text(&file), "2026-11-23", 0, "the open register", "f.json", "all", "f.json");
        assert_eq!(view[0], "view");
        assert_eq!(view[1].matches("<tr class=\"change changed\">").count(), 2);
        let owner = diff::changes(&open, &file).iter().position(|c| c.path.ends_with(".owner")).unwrap();
        assert!(view[1].contains(&format!("data-act=\"take-{owner}\"")));
        let path = diff::changes(&open, &file)[owner].path.clone();
        let taken = take(&text(&open), &text(&file), owner as u32, &path);
        assert_eq!((taken[0].as_str(), taken[2].as_str()), ("taken", "$.risks[id=\"R-004\"].owner"));
        let taken = import(&taken[1]).unwrap();
        assert_eq!(taken.risks[3].owner.as_deref(), Some("From the file"));
        assert_eq!(taken.risks[5].title, open.risks[5].title, "only the change taken");
        assert_eq!(take(&text(&open), &text(&file), 9, &path)[0], "error", "a change that is no longer there");
        let other = if owner == 0 { 1 } else { 0 };
        assert_eq!(take(&text(&open), &text(&file), other as u32, &path)[0], "error", "not the change shown there");

        let (mut ours, mut theirs) = (open.clone(), open.clone());
        ours.risks[0].owner = Some("Ours".into());
        theirs.risks[0].owner = Some("Theirs <b>".into());
        theirs.risks[1].owner = Some("Theirs too".into());
        let merge =
            |choices: &str| merge_view(&text(&open), &text(&ours), &text(&theirs), choices, "<i>f.json", "Bank <u>");
        let unsettled = merge("{}");
        assert_eq!((unsettled[0].as_str(), unsettled[2].as_str()), ("view", ""), "nothing to save yet");
        let html = &unsettled[1];
        assert_eq!(html.matches("<fieldset class=\"conflict\">").count(), 1);
        assert!(html.contains("Theirs &lt;b&gt;") && html.contains("Take &lt;i&gt;f.json"), "a file's text is text");
        assert!(!html.contains("<b>") && !html.contains("<i>"));
        assert!(html.contains("Choose a side for 1 more conflict(s) to save."));
        assert!(!html.contains(" checked") && !html.contains("class=\"card taken\""));
        let path = "$.risks[id=\"R-001\"].owner";
        assert!(html.contains("data-path=\"$.risks[id=&quot;R-001&quot;].owner\""));
        let settled = merge(&serde_json::json!({ path: "theirs" }).to_string());
        assert!(settled[1].contains("id=\"conflict-0-theirs\" name=\"conflict-0\" value=\"theirs\""));
        assert_eq!(settled[1].matches(" checked").count(), 1);
        assert!(
            settled[1].contains("What the merge changes in Bank &lt;u&gt;") && !settled[1].contains("Choose a side")
        );
        assert_eq!(settled[1].matches("<li><code>").count(), 2, "both of their changes");
        let merged = import(&settled[2]).unwrap();
        assert_eq!(
            (merged.risks[0].owner.as_deref(), merged.risks[1].owner.as_deref()),
            (Some("Theirs <b>"), Some("Theirs too"))
        );
        let ours_kept = merge(&serde_json::json!({ path: "ours" }).to_string());
        assert_eq!(import(&ours_kept[2]).unwrap().risks[0].owner.as_deref(), Some("Ours"));
        let clean = merge_view(&text(&open), &text(&open), &text(&theirs), "{}", "f.json", "Bank");
        assert!(clean[1].starts_with("<p class=\"ok\">No conflicts") && !clean[2].is_empty(), "only theirs changed");
        let refused = merge_view("{", &text(&ours), &text(&theirs), "{}", "f.json", "Bank");
        assert_eq!(refused[0], "error");
        assert!(refused[1].starts_with("the common base: "), "{refused:?}");

        let refused = compare_view("{", &text(&open), "2026-11-23", 0, "", "", "all", "");
        assert_eq!(refused[0], "error");
        assert!(refused[1].starts_with("the older register: "), "{refused:?}");
    }

    #[test]
    fn the_review_page_is_the_pack_the_command_line_writes_with_its_controls() {
        use rampart_core::review::{pack, PackInput, Since};
        let ask = |since: &str, date: &str, label: &str, text: &str| -> Vec<String> {
            review_page(BANK, "2026-11-30", 0, since, date, 3, label, text, "3\tOpened\n")
        };
        let answer = ask("previous", "", "", "");
        let register = import(BANK).unwrap();
        let options = Options::parse("2026-11-30", 0).unwrap();
        let analysis = analyse(&register, &options);
        let input = PackInput {
            register: &register,
            analysis: &analysis,
            options,
            text: BANK.as_bytes(),
            since: Since::PreviousReview,
        };
        let page = pack(&input);
        assert_eq!(answer, ["pack".to_string(), answer[1].clone(), page.html.clone(), page.body().to_string()]);
        assert!(page.body().starts_with("<main class=\"pack\">") && page.body().ends_with("</main>\n"));
        assert!(answer[1].contains("Revision 3 (Opened)"));
        let mut earlier = register.clone();
        earlier.risks.pop();
        let answer = ask("revision", "", "revision 3 (Opened)", &text(&earlier));
        assert!(answer[3].contains("Compared with revision 3 (Opened)."));
        assert!(ask("file", "", "", "")[2].contains("choose the file"));
        assert!(ask("revision", "", "revision 3 (Opened)", "")[2].contains("revision 3 (Opened) could not be read"));
        let answer = ask("file", "", "the file x.json", "{");
        assert_eq!(answer[0], "error");
        assert!(answer[2].starts_with("the file x.json: "), "{answer:?}");
        assert!(answer[1].contains("review-since"), "another can be chosen");
        let answer = ask("date", "2026-13-01", "", "");
        assert!(answer[2].contains("the date to count changes from"));
    }

    #[test]
    fn the_review_editor_renders_adds_and_saves() {
        let ask = |editing: &str, fields: &str, act: &str| review_editor(BANK, "2026-11-30", editing, fields, act);
        let blank = ask("", "", "render");
        assert_eq!(blank[0], "form");
        assert!(blank[1].contains("value=\"MR-2026-11-30\""));
        let fields = "id=MR-2026-11-30&date=2026-11-30&title=Q4+review&attendees=CEO%0ACRO&notes=";
        let added = ask("", fields, "add");
        assert!(added[1].as_str().contains("name=\"d0-id\" type=\"text\" size=\"16\" value=\"MR-2026-11-30-D1\""));
        let with = format!("{fields}&d0-was=&d0-id=MR-2026-11-30-D1&d0-text=Fund+it&d0-owner=&d0-due=soon");
        let refused = ask("", &with, "save");
        assert!(refused[1].contains("id=\"decision-0-problem\"") && refused[1].contains("Fix the 1 problem(s)"));
        let with = with.replace("soon", "2027-01-31") + "&d0-done=on";
        let saved = ask("", &with, "save");
        assert_eq!(saved[0], "saved");
        let review = import(&saved[1]).unwrap().reviews.remove(0);
        assert_eq!(
            (review.title.as_deref(), review.decisions[0].status),
            (Some("Q4 review"), rampart_core::model::DecisionStatus::Done)
        );
        assert_eq!(review.attendees, ["CEO", "CRO"]);
        assert_eq!(saved[2], "");
        let edit = ask("MR-2026-Q3", "", "render");
        let html = &edit[1];
        assert!(html.contains("name=\"d1-was\" value=\"MR-2026-Q3-D2\"") && html.contains("data-act=\"delete\""));
        assert!(html.contains("decision MR-2026-Q3-D2 was due on 2026-11-15 and is not done"), "the engine's finding");
    }
}
