//! Checked scalar values of the register format: each rejects a bad value while the
//! JSON is parsed, so the error carries the JSON path, line and column of the value.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

/// Longest id the format allows, in Unicode code points.
pub const MAX_ID_CHARS: usize = 64;

/// Writes an hour or percent figure the way a person would: `4`, not `4.0`.
fn serialize_number<S: Serializer>(v: f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        s.serialize_i64(v as i64)
    } else {
        s.serialize_f64(v)
    }
}

// Every check runs inside the visitor, while the parser reads the value: serde_json
// gives an error its line and column only then (a check made afterwards would be
// placed at the end of the enclosing object), and the import finds the JSON path
// from them (`crate::json_path`).

/// Any JSON number, read as f64 and checked; names what it expected.
pub(crate) struct NumberVisitor<U>(pub &'static str, pub fn(f64) -> Result<U, String>);

impl<U> Visitor<'_> for NumberVisitor<U> {
    type Value = U;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<U, E> {
        (self.1)(v).map_err(E::custom)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<U, E> {
        self.visit_f64(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<U, E> {
        self.visit_f64(v as f64)
    }
}

/// A JSON string, checked; names what it expected.
pub(crate) struct StrVisitor<U>(pub &'static str, pub fn(&str) -> Result<U, String>);

impl<U> Visitor<'_> for StrVisitor<U> {
    type Value = U;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<U, E> {
        (self.1)(v).map_err(E::custom)
    }
}

/// A JSON array read whole and then checked; `null` is `None` when `optional`.
pub(crate) struct ListVisitor<T, U> {
    pub expecting: &'static str,
    pub optional: bool,
    pub check: fn(Vec<T>) -> Result<U, String>,
}

impl<'de, T: Deserialize<'de>, U> Visitor<'de> for ListVisitor<T, U> {
    type Value = Option<U>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<U>, E> {
        if self.optional {
            Ok(None)
        } else {
            Err(E::invalid_type(de::Unexpected::Unit, &self))
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<U>, A::Error> {
        let items = Vec::<T>::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        (self.check)(items).map(Some).map_err(de::Error::custom)
    }
}

macro_rules! inline_schema {
    ($name:expr, $($schema:tt)*) => {
        fn inline_schema() -> bool {
            true
        }
        fn schema_name() -> Cow<'static, str> {
            Cow::Borrowed($name)
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!($($schema)*)
        }
    };
}

/// An id: non-empty, at most 64 code points, unique across the whole file.
/// Shared, so that findings and reports name items without copying.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Id(Arc<str>);

impl Id {
    pub fn new(s: impl AsRef<str>) -> Result<Self, String> {
        let s = s.as_ref();
        if s.is_empty() {
            return Err("an id must not be empty".into());
        }
        if s.len() > MAX_ID_CHARS && s.chars().count() > MAX_ID_CHARS {
            return Err(format!(
                "an id may have at most {MAX_ID_CHARS} characters; this one has {}",
                s.chars().count()
            ));
        }
        Ok(Id(s.into()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The id as a shared string, for findings and reports.
    pub fn shared(&self) -> Arc<str> {
        self.0.clone()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor("an id (text of 1 to 64 characters)", |s| Id::new(s)))
    }
}

impl JsonSchema for Id {
    inline_schema!("Id", {"type": "string", "minLength": 1, "maxLength": MAX_ID_CHARS});
}

/// A whole number of the format, read strictly: `3.0` is refused too.
macro_rules! whole_number {
    ($(#[$doc:meta])* $t:ident, $expecting:literal, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $t(pub i64);

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
                        Ok($t(v))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
                        i64::try_from(v).map($t).map_err(|_| E::custom(format!(concat!($what, " {} is far too large"), v)))
                    }
                }
                d.deserialize_i64(V)
            }
        }

        impl JsonSchema for $t {
            inline_schema!(stringify!($t), {"type": "integer"});
        }
    };
}

whole_number!(
    /// A level on a likelihood or impact scale (1-based). Any whole number is accepted
    /// here; a level outside its scale is a finding, not an import error.
    Level,
    "a whole-number level such as 3",
    "level"
);

whole_number!(
    /// A risk score as a file gives it (an acceptance's `score`).
    Score,
    "a whole-number score such as 12",
    "score"
);

/// A duration in hours: a JSON number, may be fractional, never negative.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Hours(f64);

impl Hours {
    pub fn new(h: f64) -> Result<Self, String> {
        if h.is_finite() && h >= 0.0 {
            Ok(Hours(h))
        } else {
            Err(format!("a duration in hours must not be negative; found {h}"))
        }
    }
    pub fn get(self) -> f64 {
        self.0
    }
}

impl Serialize for Hours {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_number(self.0, s)
    }
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_f64(NumberVisitor("a duration in hours (a number, 0 or more)", Hours::new))
    }
}

impl JsonSchema for Hours {
    inline_schema!("Hours", {"type": "number", "minimum": 0});
}

/// A score threshold: an appetite or a band's `min` (SPEC §8). A JSON number,
/// may be fractional (appetite 6.5: a score of 7 is above it, 6 is not), never
/// negative. Scores themselves stay whole.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Threshold(f64);

impl Threshold {
    pub fn new(v: f64) -> Result<Self, String> {
        if v.is_finite() && v >= 0.0 {
            Ok(Threshold(v))
        } else {
            Err(format!("a score threshold (appetite or band min) must not be negative; found {v}"))
        }
    }

    /// A whole threshold.
    pub const fn whole(v: u32) -> Self {
        Threshold(v as f64)
    }

    pub fn get(self) -> f64 {
        self.0
    }

    /// Whether `score` is above it (an appetite).
    pub fn exceeded_by(self, score: i64) -> bool {
        score as f64 > self.0
    }

    /// Whether `score` is at or above it (a band's `min`).
    pub fn reached_by(self, score: i64) -> bool {
        score as f64 >= self.0
    }
}

/// Never NaN (it is finite): equality is total.
impl Eq for Threshold {}

/// `6`, `6.5`: as the file would write it.
impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.0.fract() == 0.0 && self.0.abs() < 9.0e15 {
            write!(f, "{}", self.0 as i64)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

impl Serialize for Threshold {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_number(self.0, s)
    }
}

impl<'de> Deserialize<'de> for Threshold {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_f64(NumberVisitor("a score threshold (a number, 0 or more)", Threshold::new))
    }
}

impl JsonSchema for Threshold {
    inline_schema!("Threshold", {"type": "number", "minimum": 0});
}

/// A percentage from 0 to 100 (availability).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Percent(f64);

impl Percent {
    pub fn new(p: f64) -> Result<Self, String> {
        if (0.0..=100.0).contains(&p) {
            Ok(Percent(p))
        } else {
            Err(format!("an availability is a percentage from 0 to 100; found {p}"))
        }
    }
    pub fn get(self) -> f64 {
        self.0
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_number(self.0, s)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_f64(NumberVisitor("a percentage from 0 to 100", Percent::new))
    }
}

impl JsonSchema for Percent {
    inline_schema!("Percent", {"type": "number", "minimum": 0, "maximum": 100});
}

/// A calendar date, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl Date {
    /// Parses `YYYY-MM-DD` strictly (four-digit year, real calendar day).
    pub fn parse(s: &str) -> Result<Self, String> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(format!("\"{s}\" is not a date in the form YYYY-MM-DD"));
        }
        let number = |from: usize, to: usize| s[from..to].parse::<u16>().unwrap_or(0);
        Date::from_ymd(i32::from(number(0, 4)), number(5, 7) as u8, number(8, 10) as u8)
            .ok_or_else(|| format!("\"{s}\" is not a real calendar date"))
    }
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day).ok().map(Date)
    }
    pub fn from_time(d: time::Date) -> Self {
        Date(d)
    }
    /// Days from `earlier` to this date (negative when `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i64 {
        (self.0 - earlier.0).whole_days()
    }

    /// The date `days` later (earlier when negative), saturating at the calendar's ends.
    pub fn add_days(self, days: i64) -> Self {
        Date(self.0.checked_add(time::Duration::days(days)).unwrap_or(self.0))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0.year(), self.0.month() as u8, self.0.day())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor("a date such as \"2026-11-23\"", Date::parse))
    }
}

impl JsonSchema for Date {
    inline_schema!("Date", {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"});
}

/// An RFC 3339 timestamp (`updated`), kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// 1970-01-01T00:00:00Z, for a clock that cannot be read.
    pub fn epoch() -> Self {
        Timestamp("1970-01-01T00:00:00Z".into())
    }

    /// Checks RFC 3339 (`2026-11-23T09:30:00Z`, `…T09:30:00.5+01:00`) by hand: the
    /// `time` crate's general parser was the largest single function in the browser
    /// bundle. A unit test checks this agrees with that parser.
    pub fn parse(s: &str) -> Result<Self, String> {
        if rfc3339(s) {
            Ok(Timestamp(s.to_owned()))
        } else {
            Err(format!("\"{s}\" is not an RFC 3339 timestamp such as 2026-11-23T09:30:00Z"))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For a person: `2026-12-01 00:17 UTC`, `2026-11-23 09:30 +01:00` (to the
    /// minute, in the zone it was written in).
    pub fn label(&self) -> String {
        let s = &self.0;
        let zone = if s.ends_with(['Z', 'z']) { "UTC" } else { &s[s.len() - 6..] };
        format!("{} {} {zone}", &s[..10], &s[11..16])
    }
}

/// `YYYY-MM-DD` (`T`, `t` or a space) `HH:MM:SS` [`.` digits] (`Z` | `+HH:MM` | `-HH:MM`), with a real
/// date, hours 0–23, minutes 0–59, seconds 0–59 (no leap seconds, as before).
fn rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |from: usize, to: usize| b.get(from..to).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let number = |from: usize, to: usize| s[from..to].parse::<u8>().unwrap_or(u8::MAX);
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || Date::parse(&s[..10]).is_err() {
        return false;
    }
    if !(digits(11, 13) && b[13] == b':' && digits(14, 16) && b[16] == b':' && digits(17, 19)) {
        return false;
    }
    let (hour, minute, second) = (number(11, 13), number(14, 16), number(17, 19));
    if hour > 23 || minute > 59 || second > 59 {
        return false;
    }
    let mut rest = 19;
    if b[rest] == b'.' {
        let fraction = b[rest + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if fraction == 0 {
            return false;
        }
        rest += 1 + fraction;
    }
    match &b[rest..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', ..] if b.len() == rest + 6 => {
            digits(rest + 1, rest + 3)
                && b[rest + 3] == b':'
                && digits(rest + 4, rest + 6)
                && number(rest + 1, rest + 3) <= 23
                && number(rest + 4, rest + 6) <= 59
        }
        _ => false,
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor("a timestamp such as \"2026-11-23T09:30:00Z\"", Timestamp::parse))
    }
}

impl JsonSchema for Timestamp {
    inline_schema!("Timestamp", {"type": "string", "format": "date-time"});
}

/// The fields of an object that this version of Rampart does not know. They are kept
/// on import and written back on export, so a newer file survives a round trip.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(transparent)]
pub struct Extras(pub Map<String, Value>);

impl Extras {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for Extras {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_map(StrictValueVisitor)? {
            Value::Object(map) => Ok(Extras(map)),
            _ => Err(de::Error::custom("expected an object")),
        }
    }
}

impl JsonSchema for Extras {
    inline_schema!("Extras", {"type": "object", "additionalProperties": true});
}

/// Any JSON value, refusing an object that names the same key twice.
struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictValueVisitor).map(StrictValue)
    }
}

struct StrictValueVisitor;

/// The key under which serde_json passes a number's text (serde_json's
/// `arbitrary_precision` feature; its own `Value` reads it the same way).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

impl<'de> Visitor<'de> for StrictValueVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v).map(Value::Number).ok_or_else(|| E::custom("a number must be finite"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            // serde_json (`arbitrary_precision`) hands a number over as a map with this
            // one key and the number's text, which is kept as it was written.
            if key == NUMBER_TOKEN && out.is_empty() {
                let text: String = map.next_value()?;
                if !text.parse::<f64>().is_ok_and(f64::is_finite) {
                    return Err(de::Error::custom(format!("{text} is beyond the range of a JSON number here")));
                }
                let number = text.parse::<serde_json::Number>().map_err(de::Error::custom)?;
                return Ok(Value::Number(number));
            }
            let StrictValue(v) = map.next_value()?;
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("the key \"{key}\" appears twice in one object")));
            }
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

/// A time of day `HH:MM` on a support-hours calendar, as minutes since midnight
/// (0..=1440; `24:00` is only allowed as the end of a window).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime(u16);

impl ClockTime {
    pub fn parse(s: &str) -> Result<Self, String> {
        let b = s.as_bytes();
        let bad = || format!("\"{s}\" is not a time of day in the form HH:MM");
        if b.len() != 5 || b[2] != b':' || ![0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit()) {
            return Err(bad());
        }
        let h = u16::from(b[0] - b'0') * 10 + u16::from(b[1] - b'0');
        let m = u16::from(b[3] - b'0') * 10 + u16::from(b[4] - b'0');
        if m > 59 || h > 24 || (h == 24 && m != 0) {
            return Err(bad());
        }
        Ok(ClockTime(h * 60 + m))
    }
    pub fn from_minutes(m: u16) -> Option<Self> {
        (m <= 1440).then_some(ClockTime(m))
    }
    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor("a time of day such as \"09:00\"", ClockTime::parse))
    }
}

impl JsonSchema for ClockTime {
    inline_schema!("ClockTime", {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$"});
}

/// `null` means absent: an absent or null list is an empty one.
pub(crate) fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_count_code_points_not_bytes() {
        assert!(Id::new("é".repeat(64)).is_ok());
        assert!(Id::new("é".repeat(65)).is_err());
        assert!(Id::new("").is_err());
    }

    #[test]
    fn dates_must_be_real_and_well_formed() {
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2023-2-01").is_err());
        assert!(Date::parse("+2023-02-01").is_err());
        assert_eq!(Date::parse("2026-01-05").unwrap().to_string(), "2026-01-05");
    }

    #[test]
    fn clock_times_follow_the_calendar_rules() {
        assert_eq!(ClockTime::parse("09:30").unwrap().minutes(), 570);
        assert_eq!(ClockTime::parse("24:00").unwrap().minutes(), 1440);
        for bad in ["24:01", "9:30", "09:60", "0930", "09:3x", "25:00"] {
            assert!(ClockTime::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn whole_hours_are_written_without_a_fraction() {
        let v = serde_json::to_string(&[Hours::new(4.0).unwrap(), Hours::new(0.5).unwrap()]).unwrap();
        assert_eq!(v, "[4,0.5]");
    }

    #[test]
    fn strict_values_refuse_duplicate_keys() {
        let r: Result<StrictValue, _> = serde_json::from_str(r#"{"a": {"b": 1, "b": 2}}"#);
        assert!(r.is_err());
    }
}

#[cfg(test)]
mod timestamp_tests {
    use super::*;

    /// The hand-written checks agree with the `time` crate's parsers.
    #[test]
    fn dates_and_timestamps_are_read_as_the_time_crate_reads_them() {
        let rfc = &time::format_description::well_known::Rfc3339;
        for s in [
            "2026-11-23T09:30:00Z",
            "2026-11-23t09:30:00z",
            "2026-11-23T09:30:00.5+01:00",
            "2026-11-23T09:30:00.123456789-05:30",
            "2026-11-23T23:59:60Z",
            "2026-11-23T12:59:60Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T09:60:00Z",
            "2026-02-30T09:30:00Z",
            "2026-11-23T09:30:00",
            "2026-11-23 09:30:00Z",
            "2026-11-23T09:30:00.Z",
            "2026-11-23T09:30:00+0100",
            "2026-11-23T09:30:00+24:00",
            "2026-11-23T09:30:00+01:60",
            "2026-11-23T9:30:00Z",
            "2026-11-23T09:30:00Zx",
            "",
            "2026-11-23",
            "2024-02-29T00:00:00Z",
            "2026-11-23T09:30:00,5Z",
            "2026-11-23T09:30:00-00:00",
            "2026-11-23T09:30:00+00:00",
            "2026-11-23T09:30:00.000000000001Z",
            "2026-11-23T09:30:00+1:00",
        ] {
            assert_eq!(Timestamp::parse(s).is_ok(), time::OffsetDateTime::parse(s, rfc).is_ok(), "{s}");
        }
        let label = |s: &str| Timestamp::parse(s).unwrap().label();
        assert_eq!(label("2026-12-01T00:17:48.097Z"), "2026-12-01 00:17 UTC");
        assert_eq!(label("2026-11-23t09:30:00.5+01:00"), "2026-11-23 09:30 +01:00");
        assert_eq!(label("2026-11-23 23:59:59-05:30"), "2026-11-23 23:59 -05:30");
        let ymd = time::macros::format_description!("[year]-[month]-[day]");
        for s in [
            "2026-11-23",
            "2024-02-29",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "0000-01-01",
            "9999-12-31",
            "2026-1-01",
            "2026-11-2x",
        ] {
            assert_eq!(Date::parse(s).is_ok(), time::Date::parse(s, ymd).is_ok(), "{s}");
        }
    }
}
