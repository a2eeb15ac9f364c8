//! The workspace in IndexedDB: every register with its revisions (database
//! `rampart`, version 2). The rules (which revision may be written, which are
//! dropped) are `crate::workspace`'s; this file only reads and writes.
//!
//! - store `entries`: one `RegisterEntry` (JSON text) per register key;
//! - store `revisions`: `{body: Blob}` under `<key>/<revision, 12 digits>`;
//! - store `registers`: version 1's single register under `current`. It is read
//!   once into the workspace and never written or removed.
//!
//! A save reads the register's entry and writes the revision in one transaction,
//! so two tabs cannot both save over the same revision: the second is refused.

use rampart_core::Register;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, IdbDatabase, IdbObjectStore, IdbTransaction, IdbTransactionMode};

use super::browser::{js_error, text_blob};
use crate::workspace::{plan_save, RegisterEntry, RevisionKind, SaveRefusal, SaveRequest};

const DATABASE: &str = "rampart";
const VERSION: u32 = 2;
const LEGACY: &str = "registers";
const LEGACY_KEY: &str = "current";
const ENTRIES: &str = "entries";
const REVISIONS: &str = "revisions";
/// The localStorage key other tabs watch: `<register key> <revision> <tab>`.
pub const SAVED_KEY: &str = "rampart.saved";
/// The key under which version 1's register is kept in the workspace.
const KEPT_FROM_V1: &str = "kept-from-version-1";
/// Keys of `entries` that are notes of the workspace's own, not registers.
const MARKER: &str = "~";
/// Notes that version 1's register was brought in (even if it is later deleted).
const V1_BROUGHT_IN: &str = "~version-1-brought-in";

/// Why a save did not happen. Either way nothing stored changed.
pub enum SaveError {
    Refused(SaveRefusal),
    Failed(String),
}

impl From<SaveRefusal> for SaveError {
    fn from(refusal: SaveRefusal) -> Self {
        SaveError::Refused(refusal)
    }
}

impl From<String> for SaveError {
    fn from(why: String) -> Self {
        SaveError::Failed(why)
    }
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            SaveError::Refused(refusal) => refusal.fmt(f),
            SaveError::Failed(why) => f.write_str(why),
        }
    }
}

/// Waits for an IndexedDB request or transaction to succeed or fail; the
/// handlers are removed again either way.
async fn settled(target: &web_sys::EventTarget, ok: &str, failed: &[&str]) -> Result<(), ()> {
    let (mut on_ok, mut on_failed) = (None, None);
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        on_ok = Some(Closure::<dyn FnMut()>::new(move || drop(resolve.call0(&JsValue::NULL))));
        on_failed = Some(Closure::<dyn FnMut()>::new(move || drop(reject.call0(&JsValue::NULL))));
    });
    let listen = |event: &str, c: &Option<Closure<dyn FnMut()>>, add: bool| {
        if let Some(f) = c.as_ref().map(|c| c.as_ref().unchecked_ref::<js_sys::Function>()) {
            let _ = if add {
                target.add_event_listener_with_callback(event, f)
            } else {
                target.remove_event_listener_with_callback(event, f)
            };
        }
    };
    let all = || std::iter::once((ok, &on_ok)).chain(failed.iter().map(|e| (*e, &on_failed)));
    all().for_each(|(event, c)| listen(event, c, true));
    let outcome = wasm_bindgen_futures::JsFuture::from(promise).await;
    all().for_each(|(event, c)| listen(event, c, false));
    outcome.map(|_| ()).map_err(|_| ())
}

/// The result of a request, once it has succeeded.
async fn request(r: Result<web_sys::IdbRequest, JsValue>) -> Result<JsValue, String> {
    let r = r.map_err(|e| js_error(&e))?;
    settled(&r, "success", &["error"]).await.map_err(|()| idb_error(r.error().ok().flatten()))?;
    r.result().map_err(|e| js_error(&e))
}

/// Waits for a read-write transaction to be written.
async fn committed(tx: &IdbTransaction) -> Result<(), String> {
    settled(tx, "complete", &["error", "abort"]).await.map_err(|()| idb_error(tx.error()))
}

/// What a failed request or transaction says, for the user.
fn idb_error(error: Option<web_sys::DomException>) -> String {
    match error {
        Some(e) if e.name() == "QuotaExceededError" => "browser storage is full".into(),
        Some(e) => format!("{}: {}", e.name(), e.message()),
        None => "the browser gave no reason".into(),
    }
}

/// The database, created or brought to version 2 on first use.
async fn database() -> Result<IdbDatabase, String> {
    let unavailable =
        |why: String| format!("browser storage is not available ({why}); private mode or a setting may block it");
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| unavailable("no IndexedDB".into()))?;
    let open = factory.open_with_u32(DATABASE, VERSION).map_err(|e| unavailable(js_error(&e)))?;
    let upgrade = Closure::<dyn FnMut()>::new({
        let open = open.clone();
        move || {
            if let Some(db) = open.result().ok().and_then(|r| r.dyn_into::<IdbDatabase>().ok()) {
                let names = db.object_store_names();
                for store in [LEGACY, ENTRIES, REVISIONS] {
                    if !names.contains(store) {
                        let _ = db.create_object_store(store);
                    }
                }
            }
        }
    });
    open.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let outcome = settled(&open, "success", &["error", "blocked"]).await;
    open.set_onupgradeneeded(None);
    outcome.map_err(|()| unavailable(idb_error(open.error().ok().flatten())))?;
    open.result().ok().and_then(|r| r.dyn_into().ok()).ok_or_else(|| unavailable("no database".into()))
}

/// Runs `work` on the database, and closes it again whatever the outcome.
async fn with_database<T, E: From<String>>(work: impl AsyncFnOnce(&IdbDatabase) -> Result<T, E>) -> Result<T, E> {
    let db = database().await?;
    let outcome = work(&db).await;
    db.close();
    outcome
}

fn transaction(db: &IdbDatabase, stores: &[&str], write: bool) -> Result<IdbTransaction, String> {
    let names = stores.iter().map(|s| JsValue::from_str(s)).collect::<js_sys::Array>();
    let mode = if write { IdbTransactionMode::Readwrite } else { IdbTransactionMode::Readonly };
    db.transaction_with_str_sequence_and_mode(&names, mode).map_err(|e| js_error(&e))
}

fn store(tx: &IdbTransaction, name: &str) -> Result<IdbObjectStore, String> {
    tx.object_store(name).map_err(|e| js_error(&e))
}

fn revision_key(key: &str, seq: u64) -> JsValue {
    JsValue::from_str(&format!("{key}/{seq:012}"))
}

/// A register's entry as stored, or why it cannot be read.
fn parse_entry(value: &JsValue) -> Result<RegisterEntry, String> {
    let damaged = || "its record in browser storage is damaged; it is kept as it is".to_string();
    value.as_string().and_then(|text| serde_json::from_str(&text).ok()).ok_or_else(damaged)
}

/// The entry for the register list: a damaged record is listed as unreadable.
fn entry_of(key: &str, value: &JsValue) -> RegisterEntry {
    parse_entry(value).unwrap_or_else(|why| RegisterEntry { unreadable: Some(why), ..RegisterEntry::new(key) })
}

fn write_entry(entries: &IdbObjectStore, entry: &RegisterEntry) -> Result<(), String> {
    let text = serde_json::to_string(entry).map_err(|e| e.to_string())?;
    entries.put_with_key(&JsValue::from_str(&text), &JsValue::from_str(&entry.key)).map_err(|e| js_error(&e))?;
    Ok(())
}

/// Opens the workspace: every register kept, after bringing in version 1's
/// register (once) and forgetting registers 30 days in the bin. What went wrong
/// with either comes back beside the list, which still opens.
pub async fn open_workspace(now: f64) -> Result<(Vec<RegisterEntry>, Vec<String>), String> {
    with_database(async |db| {
        let mut problems = Vec::new();
        if let Err(why) = bring_in_version_1(db, now).await {
            problems.push(format!("The register kept by the earlier version could not be brought in: {why}"));
        }
        let mut entries = read_entries(db).await?;
        for expired in entries.iter().filter(|e| e.bin_expired(now)) {
            if let Err(why) = forget(db, &expired.key, now).await {
                problems.push(format!("{} could not be removed from the bin: {why}", expired.name));
            }
        }
        entries.retain(|e| !e.bin_expired(now));
        Ok((entries, problems))
    })
    .await
}

async fn read_entries(db: &IdbDatabase) -> Result<Vec<RegisterEntry>, String> {
    let tx = transaction(db, &[ENTRIES], false)?;
    let entries = store(&tx, ENTRIES)?;
    let keys: js_sys::Array = request(entries.get_all_keys()).await?.unchecked_into();
    let values: js_sys::Array = request(entries.get_all()).await?.unchecked_into();
    let entries = keys.iter().zip(values.iter()).map(|(k, v)| (k.as_string().unwrap_or_default(), v));
    Ok(entries.filter(|(k, _)| !k.starts_with(MARKER)).map(|(k, v)| entry_of(&k, &v)).collect())
}

/// Every register kept.
pub async fn entries() -> Result<Vec<RegisterEntry>, String> {
    with_database(async |db| read_entries(db).await).await
}

/// Version 1 kept one register under `registers/current`. Copy it, as it is, into
/// the workspace once; if it no longer opens, it is listed as unreadable.
async fn bring_in_version_1(db: &IdbDatabase, now: f64) -> Result<(), String> {
    let tx = transaction(db, &[LEGACY, ENTRIES, REVISIONS], true)?;
    let (legacy, entries) = (store(&tx, LEGACY)?, store(&tx, ENTRIES)?);
    let done = request(entries.get(&JsValue::from_str(V1_BROUGHT_IN))).await?;
    let old = request(legacy.get(&JsValue::from_str(LEGACY_KEY))).await?;
    if !done.is_undefined() || old.is_undefined() {
        return Ok(());
    }
    let (body, read) = match old.as_string() {
        Some(text) => (text_blob(&text, "application/json")?, rampart_core::import(&text).map_err(|e| e.to_string())),
        None => {
            let shown = js_sys::JSON::stringify(&old).ok().and_then(|s| s.as_string()).unwrap_or_default();
            let kind = old.js_typeof().as_string().unwrap_or_default();
            (text_blob(&shown, "application/json")?, Err(format!("it is not text but a JavaScript {kind}")))
        }
    };
    let (name, organization) = match &read {
        Ok(r) => (r.name.clone(), r.organization.clone()),
        Err(_) => ("Register kept from an earlier version".to_string(), None),
    };
    let request_ = SaveRequest {
        key: KEPT_FROM_V1.into(),
        base: 0,
        name,
        organization,
        size: body.size() as u64,
        kind: RevisionKind::Created,
        label: "Kept from the earlier version of Rampart".into(),
        now,
        lineage: None,
    };
    let mut plan = plan_save(None, &request_, None).map_err(|e| e.to_string())?;
    plan.entry.unreadable = read.err();
    write_revision(&tx, &plan.entry, plan.seq, &body, &[])?;
    entries.put_with_key(&JsValue::from_str("done"), &JsValue::from_str(V1_BROUGHT_IN)).map_err(|e| js_error(&e))?;
    committed(&tx).await
}

/// The size of each part of a register's `Blob`: large enough to cost few
/// crossings into JavaScript, small enough that only one part at a time sits
/// in the app's memory.
const PART_BYTES: usize = 8 << 20;

/// The register as JSON in a `Blob`, with its size in bytes, written part by
/// part (no single string, so no limit but memory: the browser's longest
/// string is about 512 MB) and in short steps, so that the page stays
/// responsive while a large register is saved or exported.
pub async fn register_blob(register: &Register) -> Result<(Blob, u64), String> {
    let parts = js_sys::Array::new();
    let mut size = 0u64;
    super::steps::write_register(register, PART_BYTES, |part| {
        size += part.len() as u64;
        parts.push(&js_sys::Uint8Array::from(part));
    })
    .await;
    blob_of(&parts, size)
}

fn blob_of(parts: &js_sys::Array, size: u64) -> Result<(Blob, u64), String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = Blob::new_with_u8_array_sequence_and_options(parts, &options).map_err(|e| js_error(&e))?;
    if blob.size() as u64 != size {
        return Err(format!("the browser kept {} of its {size} bytes", blob.size()));
    }
    Ok((blob, size))
}

fn write_revision(
    tx: &IdbTransaction,
    entry: &RegisterEntry,
    seq: u64,
    body: &Blob,
    drop: &[u64],
) -> Result<(), String> {
    let (entries, revisions) = (store(tx, ENTRIES)?, store(tx, REVISIONS)?);
    let value = js_sys::Object::new();
    js_sys::Reflect::set(&value, &JsValue::from_str("body"), body).map_err(|e| js_error(&e))?;
    revisions.add_with_key(&value, &revision_key(&entry.key, seq)).map_err(|e| js_error(&e))?;
    for old in drop {
        revisions.delete(&revision_key(&entry.key, *old)).map_err(|e| js_error(&e))?;
    }
    write_entry(&entries, entry)
}

/// Saves `body` as the next revision of `request.key`, unless the stored register
/// has moved on from `request.base` or there is no room.
pub async fn save(request_: SaveRequest, body: &Blob, tab: &str) -> Result<RegisterEntry, SaveError> {
    let available = estimate().await.map(|(usage, quota)| quota.saturating_sub(usage));
    let failed = |why: String| SaveError::Failed(format!("could not save in this browser: {why}"));
    let entry = with_database(async |db| {
        let tx = transaction(db, &[ENTRIES, REVISIONS], true).map_err(failed)?;
        let entries = store(&tx, ENTRIES).map_err(failed)?;
        let stored = request(entries.get(&JsValue::from_str(&request_.key))).await.map_err(failed)?;
        let stored = if stored.is_undefined() {
            None
        } else {
            match parse_entry(&stored).and_then(|e| e.unreadable.clone().map_or(Ok(e), Err)) {
                Ok(entry) => Some(entry),
                Err(why) => {
                    let _ = tx.abort();
                    return Err(failed(format!("the stored register cannot be read ({why}), and is kept as it is")));
                }
            }
        };
        let plan = plan_save(stored.as_ref(), &request_, available).inspect_err(|_| drop(tx.abort()))?;
        write_revision(&tx, &plan.entry, plan.seq, body, &plan.drop).map_err(failed)?;
        committed(&tx).await.map_err(failed)?;
        Ok(plan.entry)
    })
    .await?;
    tell_other_tabs(&entry.key, entry.head, tab);
    Ok(entry)
}

/// Lets other tabs know; a failure here only means they notice later.
fn tell_other_tabs(key: &str, head: u64, tab: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(SAVED_KEY, &format!("{key} {head} {tab} {}", js_sys::Date::now()));
    }
}

/// Who saved which register, from another tab's `SAVED_KEY` value.
pub fn saved_elsewhere(value: &str) -> Option<(String, u64, String)> {
    let mut words = value.split(' ');
    let (key, head, tab) = (words.next()?, words.next()?.parse().ok()?, words.next()?);
    Some((key.to_string(), head, tab.to_string()))
}

/// The content of revision `seq` of register `key`, as stored.
pub async fn revision(key: &str, seq: u64) -> Result<Blob, String> {
    with_database(async |db| {
        let tx = transaction(db, &[REVISIONS], false)?;
        let value = request(store(&tx, REVISIONS)?.get(&revision_key(key, seq))).await?;
        let body = js_sys::Reflect::get(&value, &JsValue::from_str("body")).ok();
        body.and_then(|b| b.dyn_into::<Blob>().ok()).ok_or_else(|| format!("revision {seq} is not in browser storage"))
    })
    .await
}

/// The bytes of a blob.
pub async fn bytes(blob: &Blob) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await.map_err(|e| js_error(&e))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Changes a register's entry (into or out of the bin). A damaged record is
/// left as it is.
pub async fn update_entry(key: &str, change: impl FnOnce(&mut RegisterEntry)) -> Result<RegisterEntry, String> {
    with_database(async |db| {
        let tx = transaction(db, &[ENTRIES], true)?;
        let entries = store(&tx, ENTRIES)?;
        let value = request(entries.get(&JsValue::from_str(key))).await?;
        if value.is_undefined() {
            return Err("it is no longer in browser storage".to_string());
        }
        let mut entry = parse_entry(&value)?;
        change(&mut entry);
        write_entry(&entries, &entry)?;
        committed(&tx).await?;
        Ok(entry)
    })
    .await
}

/// Removes a register and all its revisions, if it is still 30 days in the bin
/// when the transaction reads it (another tab may have restored it since).
async fn forget(db: &IdbDatabase, key: &str, now: f64) -> Result<(), String> {
    let tx = transaction(db, &[ENTRIES, REVISIONS], true)?;
    let entries = store(&tx, ENTRIES)?;
    let value = request(entries.get(&JsValue::from_str(key))).await?;
    if !parse_entry(&value).is_ok_and(|e| e.bin_expired(now)) {
        let _ = tx.abort();
        return Ok(());
    }
    let range =
        web_sys::IdbKeyRange::bound(&JsValue::from_str(&format!("{key}/")), &JsValue::from_str(&format!("{key}/~")))
            .map_err(|e| js_error(&e))?;
    store(&tx, REVISIONS)?.delete(&range).map_err(|e| js_error(&e))?;
    entries.delete(&JsValue::from_str(key)).map_err(|e| js_error(&e))?;
    committed(&tx).await
}

/// Bytes used and the quota, if the browser says.
pub async fn estimate() -> Option<(u64, u64)> {
    let storage = web_sys::window()?.navigator().storage();
    let estimate = wasm_bindgen_futures::JsFuture::from(storage.estimate().ok()?).await.ok()?;
    let number = |name: &str| js_sys::Reflect::get(&estimate, &JsValue::from_str(name)).ok()?.as_f64();
    Some((number("usage")? as u64, number("quota")? as u64))
}
