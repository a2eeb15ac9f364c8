//! Everything the app needs from the browser: storage, files, downloads, the
//! clipboard, today's date. Each failure comes back as a message for the user.

use rampart_core::model::Date;
use rampart_core::Register;
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

async fn database() -> Result<idb::Database, String> {
    idb::builder::DatabaseBuilder::new(DATABASE)
        .version(1)
        .add_object_store(idb::builder::ObjectStoreBuilder::new(STORE))
        .build()
        .await
        .map_err(|e| format!("browser storage is not available ({e}); private mode or a setting may block it"))
}

/// Saves the register; `tab` names this tab so that others know who saved.
pub async fn save(register: &Register, tab: &str) -> Result<(), String> {
    let text = rampart_core::import::to_json(register);
    let failed = |e: idb::Error| {
        let why = e.to_string();
        if why.to_lowercase().contains("quota") {
            format!("browser storage is full ({} KB needed): export the register to keep it", text.len() / 1024)
        } else {
            format!("could not save to browser storage: {why}")
        }
    };
    let db = database().await?;
    let tx = db.transaction(&[STORE], idb::TransactionMode::ReadWrite).map_err(failed)?;
    let store = tx.object_store(STORE).map_err(failed)?;
    store.put(&JsValue::from_str(&text), Some(&JsValue::from_str(CURRENT))).map_err(failed)?.await.map_err(failed)?;
    let done = tx.commit().map_err(failed)?.await.map_err(failed)?;
    db.close();
    if !done.is_committed() {
        return Err("browser storage did not keep the change (the save was aborted)".into());
    }
    // Tell other tabs; a failure here only means they will not notice at once.
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(SAVED_BY_KEY, &format!("{tab} {}", js_sys::Date::now()));
    }
    Ok(())
}

/// The saved register, if there is one.
pub async fn load() -> Option<Result<Register, rampart_core::ImportError>> {
    let db = database().await.ok()?;
    let tx = db.transaction(&[STORE], idb::TransactionMode::ReadOnly).ok()?;
    let value = tx.object_store(STORE).ok()?.get(JsValue::from_str(CURRENT)).ok()?.await.ok()??;
    db.close();
    Some(rampart_core::import(&value.as_string()?))
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
