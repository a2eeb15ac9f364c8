//! The merge view's content as HTML, rendered here so that the view weighs
//! nothing at start: each conflict with the base, ours and theirs and a choice
//! of side, and, once every conflict has one, what the merge changes in the
//! open register. Every text escaped.

use std::fmt::Write as _;

use rampart_core::diff::{shown, Change};
use rampart_core::merge::Conflict;
use rampart_core::review::Esc;

/// A merge as the view shows it.
pub struct View<'a> {
    /// The file merged in, and the open register's name.
    pub file: &'a str,
    pub name: &'a str,
    /// Every conflict met, settled by a choice or not.
    pub conflicts: &'a [Conflict],
    /// The side chosen for a conflict's path (`ours`, `theirs`), if any.
    pub chosen: &'a dyn Fn(&str) -> Option<&'a str>,
    /// How many conflicts have no choice yet.
    pub left: usize,
    /// What the merge changes in the open register, once nothing is left.
    pub taken: Option<&'a [Change]>,
}

/// The view's HTML (below its title, above its buttons).
pub fn html(v: &View) -> String {
    let mut o = String::with_capacity(4096);
    if v.conflicts.is_empty() {
        o.push_str("<p class=\"ok\">No conflicts: every change of either side stands alone.</p>");
    } else {
        let _ = write!(
            o,
            "<section class=\"card conflicts\" aria-labelledby=\"conflicts-title\"><h3 id=\"conflicts-title\">\
             {} conflict(s): both sides changed the same thing</h3>",
            v.conflicts.len()
        );
        for (k, c) in v.conflicts.iter().enumerate() {
            let _ = write!(o, "<fieldset class=\"conflict\"><legend><code>{}</code></legend>", Esc(&c.path));
            if let Some(why) = &c.why {
                let _ = write!(
                    o,
                    "<p class=\"problem\">{}. Open the file as a separate register instead, and copy what you need.</p>",
                    Esc(why)
                );
            } else {
                let _ =
                    write!(o, "<p class=\"base\">Before (their common base): <bdi>{}</bdi></p>", Esc(&shown(&c.base)));
                let value = |v: &Option<serde_json::Value>| if v.is_some() { shown(v) } else { "(removed)".into() };
                let file = format!("Take {}'s: ", v.file);
                for (side, label, value) in
                    [("ours", "Keep this register's: ", value(&c.ours)), ("theirs", &file, value(&c.theirs))]
                {
                    let checked = if (v.chosen)(&c.path) == Some(side) { " checked" } else { "" };
                    let _ = write!(
                        o,
                        "<label for=\"conflict-{k}-{side}\"><input type=\"radio\" id=\"conflict-{k}-{side}\" \
                         name=\"conflict-{k}\" value=\"{side}\" data-path=\"{}\"{checked}>{}<bdi>{}</bdi></label>",
                        Esc(&c.path),
                        Esc(label),
                        Esc(&value)
                    );
                }
            }
            o.push_str("</fieldset>");
        }
        o.push_str("</section>");
    }
    match v.taken {
        Some(taken) => {
            let _ = write!(
                o,
                "<section class=\"card taken\" aria-labelledby=\"taken-title\"><h3 id=\"taken-title\">\
                 What the merge changes in {}</h3>",
                Esc(v.name)
            );
            if taken.is_empty() {
                o.push_str("<p>Nothing: the file brings no change.</p>");
            }
            o.push_str("<ul class=\"taken-changes\">");
            for c in taken {
                let _ = write!(
                    o,
                    "<li><code>{}</code>: <bdi>{}</bdi> → <bdi>{}</bdi></li>",
                    Esc(&c.path),
                    Esc(&shown(&c.old)),
                    Esc(&shown(&c.new))
                );
            }
            o.push_str("</ul></section>");
        }
        // A conflict that cannot be settled by a side leaves nothing to count down.
        None if v.conflicts.iter().all(|c| c.why.is_none()) => {
            let _ = write!(
                o,
                "<p class=\"hint\" role=\"status\">Choose a side for {} more conflict(s) to save.</p>",
                v.left
            );
        }
        None => {}
    }
    o
}
