//! Everything the app needs from the browser: storage, files, downloads, the
//! clipboard, today's date. Each failure comes back as a message for the user.

use rampart_core::model::Date;
use rampart_core::Register;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Where the register is kept: an IndexedDB database (room for registers of many
/// megabytes, unlike localStorage's few).
const DATABASE: &str = "rampart";
const STORE: &str = "registers";
const CURRENT: &str = "current";
/// The localStorage key other tabs watch: who saved last, and when.
pub const SAVED_BY_KEY: &str = "rampart.saved-by";

/// Today in the browser's time zone.
pub fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date::from_ymd(d.get_full_year() as i32, d.get_month() as u8 + 1, d.get_date() as u8)
        .unwrap_or_else(|| Date::from_ymd(2026, 1, 1).expect("a real date"))
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

/// What a failed request or transaction says, for the user.
fn idb_error(error: Option<web_sys::DomException>) -> String {
    error.map_or_else(|| "unknown error".into(), |e| format!("{}: {}", e.name(), e.message()))
}

/// The database, created on first use.
async fn database() -> Result<web_sys::IdbDatabase, String> {
    let unavailable =
        |why: String| format!("browser storage is not available ({why}); private mode or a setting may block it");
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| unavailable("no IndexedDB".into()))?;
    let open = factory.open_with_u32(DATABASE, 1).map_err(|e| unavailable(js_error(&e)))?;
    let upgrade = Closure::<dyn FnMut()>::new({
        let open = open.clone();
        move || {
            if let Some(db) = open.result().ok().and_then(|r| r.dyn_into::<web_sys::IdbDatabase>().ok()) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    open.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let outcome = settled(&open, "success", &["error", "blocked"]).await;
    open.set_onupgradeneeded(None);
    outcome.map_err(|()| unavailable(idb_error(open.error().ok().flatten())))?;
    open.result().ok().and_then(|r| r.dyn_into().ok()).ok_or_else(|| unavailable("no database".into()))
}

/// Saves the register; `tab` names this tab so that others know who saved.
pub async fn save(register: &Register, tab: &str) -> Result<(), String> {
    let text = rampart_core::import::to_json(register);
    let failed = |why: String| {
        if why.to_lowercase().contains("quota") {
            format!("browser storage is full ({} KB needed): export the register to keep it", text.len() / 1024)
        } else {
            format!("could not save to browser storage: {why}")
        }
    };
    let db = database().await?;
    let tx = db
        .transaction_with_str_and_mode(STORE, web_sys::IdbTransactionMode::Readwrite)
        .map_err(|e| failed(js_error(&e)))?;
    let put =
        tx.object_store(STORE).and_then(|s| s.put_with_key(&JsValue::from_str(&text), &JsValue::from_str(CURRENT)));
    put.map_err(|e| failed(js_error(&e)))?;
    let outcome = settled(&tx, "complete", &["error", "abort"]).await;
    db.close();
    outcome.map_err(|()| failed(idb_error(tx.error())))?;
    // Tell other tabs; a failure here only means they will not notice at once.
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(SAVED_BY_KEY, &format!("{tab} {}", js_sys::Date::now()));
    }
    Ok(())
}

/// The saved register, if there is one.
pub async fn load() -> Option<Result<Register, rampart_core::ImportError>> {
    let db = database().await.ok()?;
    let tx = db.transaction_with_str(STORE).ok()?;
    let get = tx.object_store(STORE).ok()?.get(&JsValue::from_str(CURRENT)).ok()?;
    let outcome = settled(&get, "success", &["error"]).await;
    db.close();
    outcome.ok()?;
    Some(rampart_core::import(&get.result().ok()?.as_string()?))
}

/// The `value` of the input an event came from.
pub fn value_of(e: &web_sys::Event) -> String {
    let value = e.target().and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("value")).ok());
    value.and_then(|v| v.as_string()).unwrap_or_default()
}

/// Whether the checkbox an event came from is checked.
pub fn checked_of(e: &web_sys::Event) -> bool {
    let value = e.target().and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("checked")).ok());
    value.and_then(|v| v.as_bool()).unwrap_or_default()
}

pub fn js_error(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Offers `content` as a file download named `name`.
pub fn download(name: &str, content: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| js_error(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| js_error(&e))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|e| js_error(&e))?.dyn_into().map_err(|_| "not an anchor")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Copies text to the clipboard.
pub async fn copy(text: String) -> Result<(), String> {
    let clipboard = web_sys::window().ok_or("no window")?.navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text)).await.map(|_| ()).map_err(|e| js_error(&e))
}

/// A random name for this tab.
pub fn tab_name() -> String {
    format!("tab-{:x}", (js_sys::Math::random() * 1e12) as u64)
}
