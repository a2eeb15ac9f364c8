//! Support-hours calendars and deadlines (SPEC §5 "Timing").
//!
//! Time is counted in whole minutes from Monday 00:00 of the week an incident is
//! raised in; the calendar repeats every week. A party's deadline for a target of
//! `T` minutes raised at `t` is the earliest `d ≥ t` with `T` minutes of support
//! hours between `t` and `d`.
//!
//! The worst lateness over all 10,080 starting minutes is found from the
//! calendars' breakpoints: lateness is piecewise linear between them, so only the
//! minutes at and beside a breakpoint need evaluating (a few dozen, not 10,080).

use crate::model::{SupportHours, Weekday};

/// Minutes in a week.
pub const WEEK: i64 = 7 * 24 * 60;
const DAY: i64 = 24 * 60;

/// A weekly support calendar as sorted, disjoint open intervals `[start, end)`
/// within one week.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Calendar {
    intervals: Vec<(i64, i64)>,
    /// Open minutes in the week before each interval.
    before: Vec<i64>,
    /// Open minutes per week (never 0: a calendar has at least one day and from < to).
    open: i64,
}

impl Calendar {
    /// Support around the clock.
    pub fn always() -> Self {
        Calendar::from_intervals(vec![(0, WEEK)])
    }

    pub fn from_hours(hours: &SupportHours) -> Self {
        match hours {
            SupportHours::TwentyFourSeven => Calendar::always(),
            SupportHours::Weekly(w) => {
                let mut days: Vec<Weekday> = w.days.clone();
                days.sort();
                days.dedup();
                let (from, to) = (i64::from(w.from.minutes()), i64::from(w.to.minutes()));
                Calendar::from_intervals(
                    days.iter().map(|d| (d.index() as i64 * DAY + from, d.index() as i64 * DAY + to)).collect(),
                )
            }
        }
    }

    /// Builds from sorted, non-overlapping intervals, merging ones that touch.
    fn from_intervals(raw: Vec<(i64, i64)>) -> Self {
        let mut intervals: Vec<(i64, i64)> = Vec::with_capacity(raw.len());
        for (s, e) in raw {
            match intervals.last_mut() {
                Some(last) if last.1 >= s => last.1 = last.1.max(e),
                _ => intervals.push((s, e)),
            }
        }
        let mut before = Vec::with_capacity(intervals.len());
        let mut open = 0;
        for &(s, e) in &intervals {
            before.push(open);
            open += e - s;
        }
        Calendar { intervals, before, open }
    }

    pub fn is_always(&self) -> bool {
        self.open == WEEK
    }

    /// The open intervals of one week, in minutes from Monday 00:00.
    pub fn intervals(&self) -> &[(i64, i64)] {
        &self.intervals
    }

    /// Open minutes in `[0, t)`, for any `t ≥ 0`.
    fn open_before(&self, t: i64) -> i64 {
        let (weeks, r) = (t.div_euclid(WEEK), t.rem_euclid(WEEK));
        let k = self.intervals.partition_point(|&(s, _)| s < r);
        let within = match k {
            0 => 0,
            _ => {
                let (s, e) = self.intervals[k - 1];
                self.before[k - 1] + r.min(e) - s
            }
        };
        weeks * self.open + within
    }

    /// The earliest instant by which `y > 0` open minutes have passed since week 0.
    fn instant_after_open(&self, y: i64) -> i64 {
        let weeks = (y - 1).div_euclid(self.open);
        let rem = y - weeks * self.open; // 1..=open
        let j = self
            .before
            .iter()
            .zip(&self.intervals)
            .position(|(b, (s, e))| b + (e - s) >= rem)
            .unwrap_or(self.intervals.len() - 1);
        weeks * WEEK + self.intervals[j].0 + (rem - self.before[j])
    }

    /// The deadline for a target of `target` minutes raised at minute `t`.
    pub fn deadline(&self, t: i64, target: i64) -> i64 {
        if target <= 0 {
            t
        } else {
            self.instant_after_open(self.open_before(t) + target)
        }
    }

    /// The minutes of the week where this calendar's deadline for `target` may
    /// change slope or jump: its own boundaries, and the starting minutes whose
    /// deadline lands on a boundary.
    fn breakpoints(&self, target: i64, out: &mut Vec<i64>) {
        for &(s, e) in &self.intervals {
            out.push(s);
            out.push(e);
        }
        if target > 0 {
            for &b in &self.before {
                // Starting minutes t with open_before(t) + target ≡ b (mod open).
                let c = (b - target).rem_euclid(self.open);
                out.push(if c == 0 { 0 } else { self.instant_after_open(c) });
            }
        }
    }
}

/// The worst lateness, in minutes, of the `underpinning` deadline against the
/// `customer` deadline over every starting minute of the week, and the first
/// starting minute at which it occurs. Negative when always early.
pub fn worst_lateness(
    customer: &Calendar,
    customer_target: i64,
    underpinning: &Calendar,
    underpinning_target: i64,
) -> (i64, i64) {
    if customer.is_always() && underpinning.is_always() {
        return (underpinning_target - customer_target, 0);
    }
    let mut candidates = Vec::with_capacity(64);
    customer.breakpoints(customer_target, &mut candidates);
    underpinning.breakpoints(underpinning_target, &mut candidates);
    let mut starts: Vec<i64> =
        candidates.iter().flat_map(|&b| [b - 1, b, b + 1]).chain([0, WEEK - 1]).map(|t| t.rem_euclid(WEEK)).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut worst = (i64::MIN, 0);
    for t in starts {
        let late = underpinning.deadline(t, underpinning_target) - customer.deadline(t, customer_target);
        if late > worst.0 {
            worst = (late, t);
        }
    }
    worst
}

/// The same as [`worst_lateness`], by walking all 10,080 starting minutes. For tests.
pub fn worst_lateness_brute_force(customer: &Calendar, ct: i64, underpinning: &Calendar, ut: i64) -> (i64, i64) {
    let mut worst = (i64::MIN, 0);
    for t in 0..WEEK {
        let late = underpinning.deadline(t, ut) - customer.deadline(t, ct);
        if late > worst.0 {
            worst = (late, t);
        }
    }
    worst
}

/// A target in hours as whole minutes, rounded half up (7.5 minutes → 8).
pub fn target_minutes(hours: f64) -> i64 {
    let m = hours * 60.0;
    let floor = m.floor();
    if m - floor >= 0.5 - 1e-9 * m.max(1.0) {
        floor as i64 + 1
    } else {
        floor as i64
    }
}

/// A minute counted from Monday 00:00 of the week, as `Fri 16:00`, with
/// `(+1 week)` and so on beyond the first week.
pub fn minute_label(m: i64) -> String {
    let (weeks, r) = (m.div_euclid(WEEK), m.rem_euclid(WEEK));
    let day = Weekday::ALL[(r / DAY) as usize].short_name();
    let label = format!("{day} {:02}:{:02}", (r % DAY) / 60, r % 60);
    match weeks {
        0 => label,
        1 => format!("{label} (+1 week)"),
        w => format!("{label} (+{w} weeks)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClockTime, Extras, WeeklyHours};

    fn weekly(days: &[Weekday], from: &str, to: &str) -> Calendar {
        Calendar::from_hours(&SupportHours::Weekly(WeeklyHours {
            days: days.to_vec(),
            from: ClockTime::parse(from).unwrap(),
            to: ClockTime::parse(to).unwrap(),
            extra: Extras::default(),
        }))
    }

    fn office() -> Calendar {
        use Weekday::*;
        weekly(&[Mon, Tue, Wed, Thu, Fri], "09:00", "17:00")
    }

    #[test]
    fn both_around_the_clock_is_the_difference_of_targets() {
        let a = Calendar::always();
        assert_eq!(worst_lateness(&a, 8 * 60, &a, 12 * 60).0, 4 * 60);
    }

    #[test]
    fn office_hours_supplier_against_a_24x7_customer_is_64_hours_late() {
        let (late, t) = worst_lateness(&Calendar::always(), 8 * 60, &office(), 8 * 60);
        assert_eq!(late, 64 * 60);
        // From Friday 09:01 every incident is 64 h late; the first such minute is reported.
        assert_eq!(minute_label(t), "Fri 09:01");
        // Raised Friday 16:00: customer due Saturday 00:00, supplier due Monday 16:00.
        let fri_16 = 4 * DAY + 16 * 60;
        assert_eq!(minute_label(Calendar::always().deadline(fri_16, 480)), "Sat 00:00");
        assert_eq!(minute_label(office().deadline(fri_16, 480)), "Mon 16:00 (+1 week)");
    }

    #[test]
    fn deadlines_skip_closed_hours() {
        let c = office();
        // Monday 08:00, 1 hour: due Monday 10:00.
        assert_eq!(c.deadline(8 * 60, 60), 10 * 60);
        // Monday 16:30, 1 hour: due Tuesday 09:30.
        assert_eq!(c.deadline(16 * 60 + 30, 60), DAY + 9 * 60 + 30);
        // Zero target: due at once, even outside support hours.
        assert_eq!(c.deadline(3, 0), 3);
        // A whole week of support hours from Monday 09:00 ends Friday 17:00.
        assert_eq!(c.deadline(9 * 60, 40 * 60), 4 * DAY + 17 * 60);
    }

    #[test]
    fn a_window_to_midnight_joins_the_next_day() {
        use Weekday::*;
        let c = weekly(&[Sat, Sun, Sat], "00:00", "24:00");
        assert_eq!(c.intervals(), &[(5 * DAY, WEEK)]);
        assert_eq!(c.deadline(0, 60), 5 * DAY + 60);
    }

    #[test]
    fn targets_round_to_whole_minutes_half_up() {
        assert_eq!(target_minutes(0.125), 8); // 7.5 minutes
        assert_eq!(target_minutes(0.1), 6);
        assert_eq!(target_minutes(8.0), 480);
        assert_eq!(target_minutes(0.0), 0);
    }

    #[test]
    fn breakpoint_search_matches_the_walk_on_office_calendars() {
        use Weekday::*;
        let cals = [
            Calendar::always(),
            office(),
            weekly(&[Mon, Wed, Sat], "07:30", "19:15"),
            weekly(&[Sun], "23:00", "24:00"),
        ];
        for c in &cals {
            for u in &cals {
                for (ct, ut) in [(0, 0), (60, 60), (480, 240), (15, 2400), (600, 7)] {
                    assert_eq!(
                        worst_lateness(c, ct, u, ut).0,
                        worst_lateness_brute_force(c, ct, u, ut).0,
                        "{c:?} {ct} vs {u:?} {ut}"
                    );
                }
            }
        }
    }
}
